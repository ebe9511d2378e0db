package dev.retrykit.spring.aop;

import java.util.concurrent.CompletionStage;
import org.springframework.util.ClassUtils;

/** How a guarded method delivers its result, decided once per method. */
enum ReturnKind {
    /** A plain (blocking) value or void. */
    BLOCKING,
    /** {@link CompletionStage} or {@link java.util.concurrent.CompletableFuture}. */
    COMPLETION_STAGE,
    /** {@code reactor.core.publisher.Mono}. */
    MONO,
    /** {@code reactor.core.publisher.Flux}. */
    FLUX;

    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", ReturnKind.class.getClassLoader());

    static ReturnKind of(Class<?> returnType) {
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
