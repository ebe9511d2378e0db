package dev.retrykit.spring.aop;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import org.springframework.util.ClassUtils;

/** How a guarded method delivers its result, decided once per method. */
enum ReturnKind {
    /** A plain (blocking) value or void. */
    BLOCKING,
    /** {@link CompletionStage} or {@link java.util.concurrent.CompletableFuture}. */
    COMPLETION_STAGE,
    /** {@code reactor.core.publisher.Mono}, and a Kotlin {@code suspend fun} (see {@link Coroutines}). */
    MONO,
    /** {@code reactor.core.publisher.Flux}, and a Kotlin {@code suspend fun} returning a {@code Flow}. */
    FLUX,
    /** Kotlin's {@code kotlinx.coroutines.flow.Flow} from a plain (not suspending) method: run as a Flux. */
    FLOW;

    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", ReturnKind.class.getClassLoader());

    /**
     * The kind of {@code method}: a {@code suspend fun} is a Mono (a Flux when it returns a {@code Flow}), since
     * Spring AOP invokes it as one and awaits what the interceptor returns.
     */
    static ReturnKind of(Method method) {
        if (Coroutines.isSuspending(method)) {
            return Coroutines.isFlow(Coroutines.returnType(method, method.getDeclaringClass()).toClass()) ? FLUX : MONO;
        }
        return of(method.getReturnType());
    }

    static ReturnKind of(Class<?> returnType) {
        if (Coroutines.isFlow(returnType)) {
            return FLOW;
        }
        if (CompletionStage.class.isAssignableFrom(returnType)) {
            return COMPLETION_STAGE;
        }
        if (REACTOR_PRESENT) {
            if ("reactor.core.publisher.Mono".equals(returnType.getName())) {
                return MONO;
            }
            if ("reactor.core.publisher.Flux".equals(returnType.getName())) {
                return FLUX;
            }
        }
        return BLOCKING;
    }
}
