package dev.retrykit.spring.aop;

import dev.retrykit.core.CheckedSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;
import org.springframework.aop.ProxyMethodInvocation;

/**
 * One guarded invocation's attempts: the first proceeds down the interceptor chain itself, every later (or
 * concurrent, hedged) attempt proceeds a fresh clone taken before the first ran, so inner advice such as
 * {@code @Transactional} runs again for each attempt. Chaos faults, when configured, are applied per attempt.
 * Thread-safe for hedged attempts.
 */
final class AttemptOperation implements CheckedSupplier<Object> {

    private static final AtomicIntegerFieldUpdater<AttemptOperation> FIRST_TAKEN =
            AtomicIntegerFieldUpdater.newUpdater(AttemptOperation.class, "firstTaken");

    private final ProxyMethodInvocation invocation;
    private final ProxyMethodInvocation template;
    private final ChaosInjector chaos;
    private volatile int firstTaken;

    /**
     * @param repeatable whether more than one attempt may run (retries or hedging): then a clone is taken now
     */
    AttemptOperation(ProxyMethodInvocation invocation, boolean repeatable, ChaosInjector chaos) {
        this.invocation = invocation;
        this.template = repeatable ? (ProxyMethodInvocation) invocation.invocableClone() : null;
        this.chaos = chaos;
    }

    /** A blocking attempt. */
    @Override
    public Object get() throws Throwable {
        if (chaos != null) {
            chaos.beforeAttempt();
        }
        return proceed();
    }

    /**
     * An asynchronous attempt whose return value {@code adapter} turns into a stage ({@link #asStage} for
     * {@code CompletionStage} methods, Reactor publishers); a synchronous throw becomes a failed stage.
     */
    CompletionStage<Object> getStage(Function<Object, CompletionStage<Object>> adapter) {
        if (chaos == null) {
            return proceedAsStage(adapter);
        }
        return chaos.around(() -> proceedAsStage(adapter));
    }

    private CompletionStage<Object> proceedAsStage(Function<Object, CompletionStage<Object>> adapter) {
        try {
            return adapter.apply(proceed());
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    /**
     * Proceeds once without chaos faults (the first time the invocation itself, later a fresh clone); for reactive
     * attempts, which apply {@link #chaos()} themselves.
     */
    Object invoke() throws Throwable {
        return proceed();
    }

    /** The chaos faults of this method's attempts, or {@code null}. */
    ChaosInjector chaos() {
        return chaos;
    }

    private Object proceed() throws Throwable {
        ProxyMethodInvocation next = FIRST_TAKEN.compareAndSet(this, 0, 1) || template == null
                ? invocation : (ProxyMethodInvocation) template.invocableClone();
        return next.proceed();
    }

    /** A {@code CompletionStage} method's return value as a stage. */
    @SuppressWarnings("unchecked")
    static CompletionStage<Object> asStage(Object value) {
        return value == null ? CompletableFuture.completedFuture(null) : (CompletionStage<Object>) value;
    }
}
