package dev.retrykit.core;

import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudget;
import dev.retrykit.core.bulkhead.Bulkhead;
import dev.retrykit.core.event.RecentEvents;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.shed.LoadShedder;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.core.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One named dependency and everything that protects calls to it. Calls pass the layers in one fixed order, the same
 * for blocking and asynchronous calls (PRODUCT §7b):
 *
 * <ol>
 *   <li>load shedding (priority-aware, adaptive concurrency limit learning from attempt round trips),</li>
 *   <li>deadline ({@code timeout.total}) for everything below,</li>
 *   <li>retry loop with backoff, service and global budgets, and the global limit of retries in flight,</li>
 *   <li>circuit breaker, asked before and told after every attempt,</li>
 *   <li>bulkhead, a permit per attempt held until that attempt's body has returned,</li>
 *   <li>per-attempt timeout (the only layer, with hedging, that moves a blocking attempt to a worker),</li>
 *   <li>hedging,</li>
 *   <li>the call itself.</li>
 * </ol>
 *
 * <p>The failure of the last attempt is rethrown unchanged, earlier attempts' failures attached as suppressed
 * (at most 10). A rejection throws a {@link CallRejectedException} subclass without invoking the operation. The
 * success path of a blocking call without timeouts or hedging allocates nothing.
 *
 * <p>This class is the public face; the call path lives in small package-private parts: {@link BlockingCall} and
 * {@link AsyncCall} (the two loops), {@link Admission} (bulkhead permits and rejections), {@link RetryDecision}
 * (classification, delay, budgets), {@link AttemptRunner} (direct, timed or hedged attempts), {@link AttemptOutcomes}
 * (breaker and statistics per attempt), {@link CallEnding} (outcome and fallback) and {@link EventFanOut};
 * {@link SteppedCall} hands the same parts to adapters that drive the steps themselves (Reactor).
 *
 * <p>Thread-safe. The policy is swapped atomically by {@link #updatePolicy(ServicePolicy)}.
 */
public final class GuardedService {

    final String name;
    final ServiceRegistry registry;
    final Clock clock;
    final CircuitBreaker breaker;
    final RetryBudget budget;
    final Bulkhead bulkhead;
    final LoadShedder shedder;
    final ServiceStatistics statistics;
    final EventFanOut fanOut;
    final Admission admission;
    final RetryDecision decision;
    final AttemptTimeouts timeouts;
    final CallEnding ending;
    final AttemptOutcomes outcomes;
    private final BlockingCall blocking;
    volatile CallPlan plan;

    GuardedService(String name, ServicePolicy policy, ServiceRegistry registry) {
        this.name = name;
        this.registry = registry;
        this.clock = registry.clock;
        this.statistics = new ServiceStatistics(clock);
        this.fanOut = new EventFanOut(name, clock, new RecentEvents(registry.eventCapacity));
        this.breaker = new CircuitBreaker(name, policy.circuitBreaker(), clock,
                (breakerName, from, to) -> onBreakerTransition(from, to));
        this.budget = new RetryBudget(policy.budget(), clock);
        this.bulkhead = new Bulkhead(policy.bulkhead());
        this.shedder = new LoadShedder(policy.loadShedding(), clock);
        this.admission = new Admission(name, clock, bulkhead, breaker);
        this.decision = new RetryDecision(registry, budget, breaker);
        this.timeouts = new AttemptTimeouts(clock, statistics);
        this.ending = new CallEnding(clock, statistics, fanOut, admission);
        this.outcomes = new AttemptOutcomes(breaker, statistics, fanOut, ending);
        this.blocking = new BlockingCall(this);
        this.plan = plan(policy, false);
    }

    private CallPlan plan(ServicePolicy policy, boolean attemptsPinned) {
        CompiledPolicy compiled = new CompiledPolicy(policy, attemptsPinned, registry.strategies,
                registry.classifierProviders, statistics::recentSuccessRate);
        return new CallPlan(compiled, AttemptRunner.forPolicy(compiled, this));
    }

    /**
     * A breaker permission: the period it was granted in, read together with it (to pass with the outcome), or
     * {@link CircuitBreaker#NOT_PERMITTED} (negative) when refused.
     */
    int permission() {
        return breaker.acquirePermission();
    }

    private void onBreakerTransition(CircuitState from, CircuitState to) {
        fanOut.transition(registry.listeners, from, to);
    }

    // ---------------------------------------------------------------- calls

    /** Runs {@code operation} under the service's policy; see {@link #call(CheckedSupplier, CallOptions)}. */
    public <T> T call(CheckedSupplier<? extends T> operation) {
        return blocking.call(BlockingCall.supplier(), operation, CallOptions.DEFAULT);
    }

    /**
     * Runs {@code operation} under the service's policy, blocking the calling thread between attempts. Attempts run on
     * the calling thread, except under a per-attempt timeout or hedging, where they run on the registry's bounded
     * attempt executor (a full executor is a rejection, never the dependency's failure).
     *
     * @return the operation's (or the fallback's) value
     * @throws CallRejectedException when refused before the operation ran and no fallback applies
     * (any other exception is the operation's own, rethrown unchanged even when checked)
     */
    public <T> T call(CheckedSupplier<? extends T> operation, CallOptions options) {
        return blocking.call(BlockingCall.supplier(), operation, options);
    }

    /**
     * Runs {@code operation} with {@code argument} under the service's policy, like
     * {@link #call(CheckedSupplier, CallOptions)}: every attempt gets the same argument. With a non-capturing
     * {@code operation} (a static method reference) nothing is allocated per call that a capturing lambda would need.
     *
     * @return the operation's (or the fallback's) value
     * @throws CallRejectedException when refused before the operation ran and no fallback applies
     */
    public <A, T> T call(CheckedFunction<? super A, ? extends T> operation, A argument, CallOptions options) {
        return blocking.call(operation, argument, options);
    }

    /** Runs an asynchronous operation under the service's policy; see {@link #callAsync(Supplier, CallOptions)}. */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> operation) {
        return callAsync(operation, CallOptions.DEFAULT);
    }

    /**
     * Runs an asynchronous operation under the service's policy without blocking a thread: the first attempt starts
     * on the calling thread, retries, timeouts and hedges are scheduled and then run on an executor (never on the
     * timer thread). A full bulkhead is waited for without a thread (woken when a permit is released, at most {@code bulkhead.max-wait}, cut at the deadline). Cancelling
     * the returned future cancels the attempt in flight, stops the retries, gives back every permit and records
     * outcome {@code cancelled}.
     *
     * @return a future completed with the operation's (or the fallback's) value, or with the last failure unchanged
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> operation, CallOptions options) {
        if (registry.callObserver != null) {
            return CallObservation.callAsync(this, operation, options);
        }
        return AsyncCall.call(this, operation, options);
    }

    /**
     * A call whose steps the caller drives (admission, each attempt, the retry delay, the ending), for adapters that
     * run attempts and waits with their own non-blocking machinery, such as Reactor's operators. Same layers, same
     * order and same bookkeeping as {@link #callAsync(Supplier, CallOptions)}; see {@link SteppedCall}.
     *
     * @param options the call site's options
     * @return a new call, not admitted yet
     */
    public <T> SteppedCall<T> steppedCall(CallOptions options) {
        return new SteppedCall<>(this, options);
    }

    // ---------------------------------------------------------------- management

    /** The service name. */
    public String name() {
        return name;
    }

    /** The current policy. */
    public ServicePolicy policy() {
        return plan.policy.policy;
    }

    /**
     * Replaces the policy atomically: calls that already started finish under the old one. The breaker, budget,
     * bulkhead and load shedder are reconfigured in place and keep their state.
     *
     * @throws IllegalArgumentException when the policy names an unknown strategy (nothing changes then)
     */
    public void updatePolicy(ServicePolicy policy) {
        updatePolicy(policy, plan.policy.attemptsPinned);
    }

    /**
     * Replaces the policy as an operator's runtime change: {@code pinAttempts} makes its {@code maxAttempts} win
     * over annotation attributes.
     */
    public synchronized void updatePolicy(ServicePolicy policy, boolean pinAttempts) {
        CallPlan next = plan(policy, pinAttempts);
        ServicePolicy previous = plan.policy.policy;
        if (!previous.circuitBreaker().equals(policy.circuitBreaker())) {
            breaker.reconfigure(policy.circuitBreaker());
        }
        if (!previous.budget().equals(policy.budget())) {
            budget.reconfigure(policy.budget());
        }
        if (!previous.bulkhead().equals(policy.bulkhead())) {
            bulkhead.reconfigure(policy.bulkhead());
        }
        if (!previous.loadShedding().equals(policy.loadShedding())) {
            shedder.reconfigure(policy.loadShedding());
        }
        plan = next;
    }

    /** Records an operator's action in the recent events. */
    public void recordReconfiguration(String description) {
        fanOut.reconfigured(description);
    }

    /** The circuit breaker. */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** The service's retry budget. */
    public RetryBudget budget() {
        return budget;
    }

    /** The bulkhead. */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    /** The load shedder. */
    public LoadShedder loadShedder() {
        return shedder;
    }

    /** Call statistics. */
    public ServiceStatistics statistics() {
        return statistics;
    }

    /** Recent failure-path events, bounded. */
    public RecentEvents recentEvents() {
        return fanOut.events();
    }

    /**
     * Returns the service to a fresh start for the next test: breaker CLOSED with an empty window, budget full,
     * statistics and recent events forgotten. Policy, bulkhead permits in use and calls in flight are untouched.
     * Not for production use: concurrent calls may be half counted.
     */
    public void reset() {
        breaker.reset();
        budget.reset();
        statistics.reset();
        fanOut.events().clear();
    }
}
