package dev.retrykit.spring.aop;

import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.internal.Throwables;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.cache.Cache;

/**
 * One guarded invocation's attempts: the first proceeds down the interceptor chain itself, every later (or
 * concurrent, hedged) attempt proceeds a fresh clone taken before the first ran, so inner advice such as
 * {@code @Transactional} runs again for each attempt. Thread-safe for hedged attempts.
 */
final class AttemptOperation implements CheckedSupplier<Object> {

    private static final AtomicIntegerFieldUpdater<AttemptOperation> FIRST_TAKEN =
            AtomicIntegerFieldUpdater.newUpdater(AttemptOperation.class, "firstTaken");

    private final ProxyMethodInvocation invocation;
    private final ProxyMethodInvocation template;
    private final ChaosInjector chaos;
    private final Cache cache;
    private final Object cacheKey;
    private volatile int firstTaken;

    AttemptOperation(ProxyMethodInvocation invocation, boolean retries, ChaosInjector chaos, Cache cache, Object cacheKey) {
        this.invocation = invocation;
        this.template = retries ? (ProxyMethodInvocation) invocation.invocableClone() : null;
        this.chaos = chaos;
        this.cache = cache;
        this.cacheKey = cacheKey;
    }

    @Override
    public Object get() throws Throwable {
        if (chaos != null) {
            chaos.beforeAttempt();
        }
        ProxyMethodInvocation next = FIRST_TAKEN.compareAndSet(this, 0, 1) || template == null
                ? invocation : (ProxyMethodInvocation) template.invocableClone();
        Object value = next.proceed();
        if (cache != null) {
            remember(value);
        }
        return value;
    }

    /** The attempt as an unchecked supplier, for the asynchronous and Reactor paths. */
    Object getUnchecked() {
        try {
            return get();
        } catch (Throwable t) {
            throw Throwables.rethrow(t);
        }
    }

    /** The attempt as a completion stage (a synchronous throw becomes a failed stage). */
    @SuppressWarnings("unchecked")
    CompletionStage<Object> getStage() {
        try {
            Object stage = get();
            return stage == null ? CompletableFuture.completedFuture(null) : (CompletionStage<Object>) stage;
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    private void remember(Object value) {
        if (value instanceof CompletionStage<?> stage) {
            stage.whenComplete((result, error) -> {
                if (error == null) {
                    cache.put(cacheKey, result);
                }
            });
        } else if (ReturnKind.of(value == null ? Object.class : value.getClass()) == ReturnKind.BLOCKING) {
            cache.put(cacheKey, value);
        }
    }
}
