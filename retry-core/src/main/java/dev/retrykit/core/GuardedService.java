package dev.retrykit.core;

import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudget;
import dev.retrykit.core.bulkhead.Bulkhead;
import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.event.RecentEvents;
import dev.retrykit.core.event.RetryEvent;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.shed.LoadShedder;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.core.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One named dependency and everything that protects calls to it. Calls pass the layers in one fixed order,
 * the same for blocking and asynchronous calls (asynchronous calls do not wait for a bulkhead permit):
 *
 * <ol>
 *   <li>load shedding (priority-aware, adaptive concurrency limit),</li>
 *   <li>bulkhead (bounded wait, never past the deadline),</li>
 *   <li>deadline ({@code timeout.total}) for everything below,</li>
 *   <li>retry loop with backoff, service and global budgets, and the global limit of retries in flight,</li>
 *   <li>circuit breaker, asked before and told after every attempt,</li>
 *   <li>per-attempt timeout,</li>
 *   <li>hedging,</li>
 *   <li>the call itself.</li>
 * </ol>
 *
 * <p>The failure of the last attempt is rethrown unchanged, earlier attempts' failures attached as suppressed
 * (at most 10). A rejection throws a {@link CallRejectedException} subclass without invoking the operation. The
 * success path of a blocking call without timeouts or hedging allocates nothing.
 *
 * <p>Thread-safe. The policy is swapped atomically by {@link #updatePolicy(ServicePolicy)}.
 */
public final class GuardedService {

    private static final int MAX_SUPPRESSED = 10;
    private static final int MESSAGE_LIMIT = 200;
    private static final long STOP_FAILURE = -1;
    private static final long STOP_EXHAUSTED = -2;
    private static final long STOP_BUDGET = -3;
    private static final long DEFAULT_HEDGE_DELAY_NANOS = 200_000_000L;
    private static final long MIN_ADAPTIVE_TIMEOUT_NANOS = 1_000_000L;
    private static final int MIN_LATENCY_SAMPLES = 100;

    private final String name;
    private final ServiceRegistry registry;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final RetryBudget budget;
    private final Bulkhead bulkhead;
    private final LoadShedder shedder;
    private final ServiceStatistics statistics;
    private final RecentEvents events;
    private volatile CompiledPolicy compiled;

    GuardedService(String name, ServicePolicy policy, ServiceRegistry registry) {
        this.name = name;
        this.registry = registry;
        this.clock = registry.clock;
        this.statistics = new ServiceStatistics(clock);
        this.events = new RecentEvents(registry.eventCapacity);
        this.breaker = new CircuitBreaker(name, policy.circuitBreaker(), clock, this::onBreakerTransition);
        this.budget = new RetryBudget(policy.budget(), clock);
        this.bulkhead = new Bulkhead(policy.bulkhead());
        this.shedder = new LoadShedder(policy.loadShedding(), clock);
        this.compiled = compile(policy, false);
    }

    private CompiledPolicy compile(ServicePolicy policy, boolean attemptsPinned) {
        return new CompiledPolicy(policy, attemptsPinned, registry.strategies, registry.classifierProviders,
                statistics::recentSuccessRate);
    }

    // ---------------------------------------------------------------- blocking calls

    /** Runs {@code operation} under the service's policy; see {@link #call(CheckedSupplier, CallOptions)}. */
    public <T> T call(CheckedSupplier<? extends T> operation) {
        return call(operation, CallOptions.DEFAULT);
    }

    /**
     * Runs {@code operation} under the service's policy, blocking the calling thread between attempts.
     *
     * @return the operation's (or the fallback's) value
     * @throws CallRejectedException when refused before the operation ran and no fallback applies
     * (any other exception is the operation's own, rethrown unchanged even when checked)
     */
    public <T> T call(CheckedSupplier<? extends T> operation, CallOptions options) {
        CompiledPolicy p = compiled;
        RetryEventListener[] listeners = registry.listeners;
        long start = p.needsClock || listeners.length != 0 ? clock.nanoTime() : 0L;
        boolean shedding = p.sheddingEnabled;
        if (shedding && !shedder.tryAcquire(options.priority())) {
            return reject(loadShed(), options, start, listeners);
        }
        boolean dropped = false;
        try {
            long deadline = p.totalNanos == CompiledPolicy.NONE ? CompiledPolicy.NONE : start + p.totalNanos;
            boolean bulkheaded = p.bulkheadEnabled;
            if (bulkheaded && !bulkhead.tryAcquire()) {
                CallRejectedException rejection = awaitBulkhead(p, deadline);
                if (rejection != null) {
                    return reject(rejection, options, start, listeners);
                }
            }
            try {
                return attempts(operation, options, p, listeners, start, deadline);
            } finally {
                if (bulkheaded) {
                    bulkhead.release();
                }
            }
        } catch (AttemptTimeoutException | CallRejectedException overload) {
            dropped = true;
            throw overload;
        } finally {
            if (shedding) {
                shedder.onComplete(clock.nanoTime() - start, dropped);
            }
        }
    }

    private CallRejectedException awaitBulkhead(CompiledPolicy p, long deadline) {
        long wait = p.bulkheadMaxWaitNanos;
        boolean deadlineBound = false;
        if (deadline != CompiledPolicy.NONE) {
            long remaining = deadline - clock.nanoTime();
            if (remaining < wait) {
                wait = Math.max(0, remaining);
                deadlineBound = true;
            }
        }
        try {
            if (wait > 0 && bulkhead.tryAcquire(wait)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BulkheadFullException(name, "interrupted while waiting for a bulkhead permit of service '" + name + "'");
        }
        return deadlineBound
                ? new DeadlineExceededException(name, "no bulkhead permit of service '" + name + "' before the deadline")
                : bulkheadFull(p);
    }

    private <T> T attempts(CheckedSupplier<? extends T> operation, CallOptions options, CompiledPolicy p,
                           RetryEventListener[] listeners, long start, long deadline) {
        int max = maxAttempts(p, options);
        depositBudgets(p);
        AttemptHistory<T> history = null;
        long previousDelay = 0;
        boolean holdingGlobal = false;
        for (int attempt = 1; ; attempt++) {
            if (!breaker.tryAcquirePermission()) {
                releaseGlobal(holdingGlobal);
                CircuitOpenException open = circuitOpen();
                if (attempt == 1) {
                    return reject(open, options, start, listeners);
                }
                return stop(history, Outcome.EXHAUSTED, attempt - 1, open, options, start, listeners);
            }
            int breakerPeriod = breaker.generation();
            if (attempt > 1) {
                statistics.recordRetry(attempt);
            }
            notifyAttemptStarted(listeners, attempt);
            boolean precise = listeners.length != 0 || p.recordLatency;
            boolean timed = precise || p.breakerEnabled;
            long attemptStart = precise ? clock.nanoTime() : timed ? clock.coarseNanoTime() : 0L;
            T result = null;
            Throwable error = null;
            try {
                result = invoke(operation, p, deadline);
            } catch (Throwable t) {
                error = t;
            }
            releaseGlobal(holdingGlobal);
            holdingGlobal = false;
            long duration = !timed ? 0L : (precise ? clock.nanoTime() : clock.coarseNanoTime()) - attemptStart;
            boolean callerInterrupted = error instanceof InterruptedException;
            if (error instanceof WorkerInterrupted workerInterrupted) {
                error = workerInterrupted.getCause();
            }
            if (error == null && accepts(options, result, listeners, attempt, start, breakerPeriod)) {
                onAttemptSucceeded(p, listeners, attempt, duration, breakerPeriod);
                return finishWithResult(result, attempt == 1 ? Outcome.SUCCESS : Outcome.SUCCESS_AFTER_RETRY, attempt,
                        start, listeners);
            }
            if (history == null) {
                history = new AttemptHistory<>();
            }
            if (callerInterrupted) {
                // the caller was interrupted: not the dependency's fault, and no further attempt
                InterruptedException interrupted = (InterruptedException) error;
                breaker.releasePermission(breakerPeriod);
                Thread.currentThread().interrupt();
                if (history.last == null && !history.endsWithResult) {
                    recordFailureOutcome(interrupted, Outcome.FAILURE, attempt);
                    return fallbackOrThrow(interrupted, Outcome.FAILURE, attempt, options, start, listeners);
                }
                return stop(history, Outcome.EXHAUSTED, attempt - 1, interrupted, options, start, listeners);
            }
            Classification classification = onAttemptFailed(p, options, listeners, attempt, duration, error, result, history,
                    breakerPeriod);
            long delay = retryDelayOrStop(p, classification, attempt, max, previousDelay, deadline);
            if (delay < 0) {
                return stop(history, stopOutcome(delay), attempt, null, options, start, listeners);
            }
            holdingGlobal = true;
            onRetryScheduled(listeners, attempt + 1, max, delay, history.last);
            try {
                registry.sleeper.sleep(delay);
            } catch (InterruptedException interrupted) {
                releaseGlobal(true);
                Thread.currentThread().interrupt();
                return stop(history, Outcome.EXHAUSTED, attempt, interrupted, options, start, listeners);
            }
            previousDelay = delay;
        }
    }

    private <T> T invoke(CheckedSupplier<? extends T> operation, CompiledPolicy p, long deadline) throws Throwable {
        long limit = attemptLimit(p, deadline);
        if (!p.hedgingEnabled && limit == CompiledPolicy.NONE) {
            return operation.get();
        }
        CheckedSupplier<? extends T> decorated = registry.attemptDecorator.decorate(operation);
        if (p.hedgingEnabled) {
            return hedged(decorated, p, limit);
        }
        FutureTask<T> task = new FutureTask<>(() -> callUnchecked(decorated));
        registry.attemptExecutor.execute(task);
        try {
            return task.get(limit, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw workerFailure(e);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new AttemptTimeoutException(name, Duration.ofNanos(limit));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private long attemptLimit(CompiledPolicy p, long deadline) {
        long limit = p.perAttemptNanos;
        if (p.adaptiveTimeout && statistics.latency().samples() >= MIN_LATENCY_SAMPLES) {
            long p99 = statistics.latency().quantileNanos(0.99);
            limit = Math.min(limit, Math.max(MIN_ADAPTIVE_TIMEOUT_NANOS, p99 * 2));
        }
        if (deadline != CompiledPolicy.NONE) {
            limit = Math.min(limit, Math.max(1, deadline - clock.nanoTime()));
        }
        return limit;
    }

    private <T> T hedged(CheckedSupplier<? extends T> operation, CompiledPolicy p, long limit) throws Throwable {
        ExecutorCompletionService<T> completion = new ExecutorCompletionService<>(registry.attemptExecutor);
        java.util.List<Future<T>> running = new java.util.ArrayList<>(p.maxHedges + 1);
        running.add(completion.submit(() -> callUnchecked(operation)));
        int pending = 1;
        boolean hedgesStopped = false;
        long hedgeDelay = hedgeDelayNanos(p);
        long end = limit == CompiledPolicy.NONE ? CompiledPolicy.NONE : clock.nanoTime() + limit;
        Throwable lastError = null;
        try {
            while (pending > 0) {
                boolean canHedge = !hedgesStopped && running.size() <= p.maxHedges;
                long wait = canHedge ? hedgeDelay : CompiledPolicy.NONE;
                if (end != CompiledPolicy.NONE) {
                    wait = Math.min(wait, end - clock.nanoTime());
                    if (wait <= 0) {
                        throw new AttemptTimeoutException(name, Duration.ofNanos(limit));
                    }
                }
                Future<T> done = wait == CompiledPolicy.NONE ? completion.take() : completion.poll(wait, TimeUnit.NANOSECONDS);
                if (done == null) {
                    if (canHedge && (!p.budgetEnabled || budget.tryAcquireRetry())) {
                        running.add(completion.submit(() -> callUnchecked(operation)));
                        pending++;
                    } else if (canHedge) {
                        hedgesStopped = true;
                    }
                    continue;
                }
                pending--;
                try {
                    return done.get();
                } catch (ExecutionException e) {
                    lastError = workerFailure(e);
                }
            }
            throw lastError;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw interrupted;
        } finally {
            for (Future<T> attempt : running) {
                attempt.cancel(true);
            }
        }
    }

    /**
     * The failure of an attempt that ran on a worker thread. An {@link InterruptedException} there is the operation's
     * own failure (its worker was interrupted), not an interrupt of the caller, so it travels wrapped until it is
     * classified.
     */
    private static Throwable workerFailure(ExecutionException e) {
        Throwable cause = e.getCause();
        return cause instanceof InterruptedException ? new WorkerInterrupted(cause) : cause;
    }

    /** Carries an interrupt of a worker thread past the caller-interrupt handling of the attempt loop. */
    private static final class WorkerInterrupted extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerInterrupted(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private long hedgeDelayNanos(CompiledPolicy p) {
        if (p.hedgeDelayNanos >= 0) {
            return p.hedgeDelayNanos;
        }
        long p95 = statistics.latency().samples() >= MIN_LATENCY_SAMPLES ? statistics.latency().quantileNanos(0.95) : -1;
        return p95 > 0 ? p95 : DEFAULT_HEDGE_DELAY_NANOS;
    }

    private static <T> T callUnchecked(CheckedSupplier<? extends T> operation) {
        try {
            return operation.get();
        } catch (Throwable t) {
            throw Throwables.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- asynchronous calls

    /** Runs an asynchronous operation under the service's policy; see {@link #callAsync(Supplier, CallOptions)}. */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> operation) {
        return callAsync(operation, CallOptions.DEFAULT);
    }

    /**
     * Runs an asynchronous operation under the service's policy without blocking a thread: retries are scheduled
     * on the registry's scheduler, per-attempt timeouts cancel the attempt's future, hedges start on the scheduler
     * too. The bulkhead does not wait in this mode. Cancelling the returned future stops further attempts.
     *
     * @return a future completed with the operation's (or the fallback's) value, or with the last failure unchanged
     */
    public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> operation, CallOptions options) {
        AsyncCall<T> call = new AsyncCall<>(operation, options);
        call.start();
        return call.result();
    }

    /**
     * The state of one asynchronous call; confined to one attempt at a time, so plain fields suffice (the result
     * future is created when the first attempt has not completed by the time it returns, and published to the caller
     * only after that). An attempt that is already complete when it returns is handled inline, and a first attempt's
     * successful future is handed to the caller as it is.
     */
    private final class AsyncCall<T> {
        CompletableFuture<T> result;
        CompletableFuture<T> current;
        final Supplier<? extends CompletionStage<T>> operation;
        final CallOptions options;
        final CompiledPolicy p = compiled;
        final RetryEventListener[] listeners = registry.listeners;
        final long start = p.needsClock || listeners.length != 0 ? clock.nanoTime() : 0L;
        final long deadline;
        final int max;
        int attempt;
        long previousDelay;
        AttemptHistory<T> history;
        boolean holdingGlobal;
        boolean holdingBulkhead;
        boolean holdingShedder;
        boolean precise;
        boolean timed;
        long attemptStart;
        int breakerPeriod;

        AsyncCall(Supplier<? extends CompletionStage<T>> operation, CallOptions options) {
            this.operation = operation;
            this.options = options;
            this.deadline = p.totalNanos == CompiledPolicy.NONE ? CompiledPolicy.NONE : start + p.totalNanos;
            this.max = maxAttempts(p, options);
        }

        void start() {
            if (p.sheddingEnabled) {
                if (!shedder.tryAcquire(options.priority())) {
                    rejected(loadShed());
                    return;
                }
                holdingShedder = true;
            }
            if (p.bulkheadEnabled && !bulkhead.tryAcquire()) {
                rejected(bulkheadFull(p));
                return;
            }
            holdingBulkhead = p.bulkheadEnabled;
            depositBudgets(p);
            nextAttempt();
        }

        /** The caller's future, created on first need. */
        synchronized CompletableFuture<T> result() {
            if (result == null) {
                result = new CompletableFuture<>();
            }
            return result;
        }

        void nextAttempt() {
            if (result != null && result.isDone()) {
                // cancelled by the caller: no further attempt
                releaseGlobal(holdingGlobal);
                holdingGlobal = false;
                release(false);
                record(Outcome.EXHAUSTED, attempt, start, listeners);
                return;
            }
            attempt++;
            if (!breaker.tryAcquirePermission()) {
                releaseGlobal(holdingGlobal);
                holdingGlobal = false;
                CircuitOpenException open = circuitOpen();
                if (attempt == 1) {
                    rejected(open);
                } else {
                    stop(Outcome.EXHAUSTED, attempt - 1, open);
                }
                return;
            }
            breakerPeriod = breaker.generation();
            if (attempt > 1) {
                statistics.recordRetry(attempt);
            }
            notifyAttemptStarted(listeners, attempt);
            precise = listeners.length != 0 || p.recordLatency;
            timed = precise || p.breakerEnabled;
            attemptStart = precise ? clock.nanoTime() : timed ? clock.coarseNanoTime() : 0L;
            CompletableFuture<T> attemptFuture = p.hedgingEnabled ? new AsyncHedge<>(operation, p).start() : startAttempt(operation);
            long limit = attemptLimit(p, deadline);
            if (limit != CompiledPolicy.NONE && !attemptFuture.isDone()) {
                CompletableFuture<T> bounded = new CompletableFuture<>();
                CompletableFuture<T> source = attemptFuture;
                var timeout = registry.scheduler.schedule(() -> {
                    if (bounded.completeExceptionally(new AttemptTimeoutException(name, Duration.ofNanos(limit)))) {
                        source.cancel(true);
                    }
                }, limit);
                source.whenComplete((value, error) -> {
                    timeout.cancel();
                    if (error == null) {
                        bounded.complete(value);
                    } else {
                        bounded.completeExceptionally(error);
                    }
                });
                attemptFuture = bounded;
            }
            current = attemptFuture;
            if (attemptFuture.isDone()) {
                T value = null;
                Throwable error = null;
                try {
                    value = attemptFuture.join();
                } catch (Throwable t) {
                    error = t;
                }
                onAttemptDoneSafely(value, error);
            } else {
                result();
                attemptFuture.whenComplete(this::onAttemptDoneSafely);
            }
        }

        /** Never lets a failure of retrykit's own bookkeeping leave the caller's future pending. */
        void onAttemptDoneSafely(T value, Throwable rawError) {
            try {
                onAttemptDone(value, rawError);
            } catch (Throwable unexpected) {
                releaseGlobal(holdingGlobal);
                holdingGlobal = false;
                release(true);
                result().completeExceptionally(unexpected);
            }
        }

        void onAttemptDone(T value, Throwable rawError) {
            releaseGlobal(holdingGlobal);
            holdingGlobal = false;
            long duration = !timed ? 0L : (precise ? clock.nanoTime() : clock.coarseNanoTime()) - attemptStart;
            Throwable error = rawError == null ? null : Throwables.unwrapFuture(rawError);
            if (error == null && accepts(options, value, listeners, attempt, start, breakerPeriod)) {
                onAttemptSucceeded(p, listeners, attempt, duration, breakerPeriod);
                succeed(value, attempt == 1 ? Outcome.SUCCESS : Outcome.SUCCESS_AFTER_RETRY, attempt);
                return;
            }
            if (history == null) {
                history = new AttemptHistory<>();
            }
            Classification classification = onAttemptFailed(p, options, listeners, attempt, duration, error, value, history,
                    breakerPeriod);
            long delay = retryDelayOrStop(p, classification, attempt, max, previousDelay, deadline);
            if (delay < 0) {
                stop(stopOutcome(delay), attempt, null);
                return;
            }
            holdingGlobal = true;
            previousDelay = delay;
            onRetryScheduled(listeners, attempt + 1, max, delay, history.last);
            result();
            registry.scheduler.schedule(this::nextAttempt, delay);
        }

        void succeed(T value, Outcome outcome, int attempts) {
            release(false);
            if (outcome == Outcome.SUCCESS_AFTER_RETRY) {
                events.add(new RetryEvent(RetryEvent.Type.RECOVERED, clock.currentTimeMillis(), attempts, 0, null, null));
            }
            record(outcome, attempts, start, listeners);
            synchronized (this) {
                if (result == null && outcome == Outcome.SUCCESS) {
                    result = current;
                    return;
                }
            }
            result().complete(value);
        }

        /** Ends the call after {@code attempts} with the last attempt's result or failure ({@code cause} suppressed). */
        void stop(Outcome outcome, int attempts, Throwable cause) {
            if (history.endsWithResult) {
                recordFailureOutcome(null, outcome, attempts);
                succeed(history.lastResult, outcome, attempts);
                return;
            }
            release(history.last instanceof AttemptTimeoutException);
            Throwable last = history.finalFailure(cause);
            recordFailureOutcome(last, outcome, attempts);
            complete(last, outcome, attempts);
        }

        void rejected(CallRejectedException rejection) {
            release(true);
            recordRejection(rejection, listeners);
            complete(rejection, Outcome.REJECTED, 0);
        }

        /** Serves the fallback or completes with the failure, recording the outcome exactly once. */
        @SuppressWarnings("unchecked")
        void complete(Throwable failure, Outcome outcome, int attempts) {
            Object value;
            try {
                value = fallbackOrThrow(failure, outcome, attempts, options, start, listeners);
            } catch (Throwable error) {
                result().completeExceptionally(error);
                return;
            }
            CompletableFuture<T> target = result();
            if (value instanceof CompletionStage<?> stage) {
                ((CompletionStage<T>) stage).whenComplete((v, e) -> {
                    if (e == null) {
                        target.complete(v);
                    } else {
                        target.completeExceptionally(Throwables.unwrapFuture(e));
                    }
                });
            } else {
                target.complete((T) value);
            }
        }

        void release(boolean dropped) {
            if (holdingBulkhead) {
                holdingBulkhead = false;
                bulkhead.release();
            }
            if (holdingShedder) {
                holdingShedder = false;
                shedder.onComplete(clock.nanoTime() - start, dropped);
            }
        }
    }

    private static <T> CompletableFuture<T> startAttempt(Supplier<? extends CompletionStage<T>> operation) {
        try {
            return operation.get().toCompletableFuture();
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    /**
     * One hedged asynchronous attempt: the primary starts now, each hedge after the hedge delay (one more delay per
     * hedge) if nothing has succeeded yet and the budget pays for it. The first success wins and the others are
     * cancelled; when every started attempt failed and no hedge is still to come, the attempt fails with the last
     * failure. Thread-safe: completions race on the attempt's future.
     */
    private final class AsyncHedge<T> {
        private final Supplier<? extends CompletionStage<T>> operation;
        private final CompiledPolicy p;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private final java.util.List<CompletableFuture<T>> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger unsettled;
        private final java.util.concurrent.atomic.AtomicInteger launching = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.List<dev.retrykit.core.time.Scheduler.Cancellable> scheduled =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        AsyncHedge(Supplier<? extends CompletionStage<T>> operation, CompiledPolicy p) {
            this.operation = operation;
            this.p = p;
            this.unsettled = new java.util.concurrent.atomic.AtomicInteger(1 + p.maxHedges);
        }

        CompletableFuture<T> start() {
            long delay = hedgeDelayNanos(p);
            launch();
            for (int hedge = 1; hedge <= p.maxHedges && !outcome.isDone(); hedge++) {
                scheduled.add(registry.scheduler.schedule(this::hedge, delay * hedge));
            }
            outcome.whenComplete((value, error) -> {
                scheduled.forEach(dev.retrykit.core.time.Scheduler.Cancellable::cancel);
                started.forEach(future -> future.cancel(true));
            });
            return outcome;
        }

        private void hedge() {
            launching.incrementAndGet();
            try {
                if (!outcome.isDone() && (!p.budgetEnabled || budget.tryAcquireRetry())) {
                    launch();
                    return;
                }
            } finally {
                launching.decrementAndGet();
            }
            settle(null);
        }

        private void launch() {
            CompletableFuture<T> attempt = startAttempt(operation);
            started.add(attempt);
            if (outcome.isDone()) {
                attempt.cancel(true);
            }
            attempt.whenComplete((value, error) -> {
                if (error == null) {
                    outcome.complete(value);
                } else {
                    settle(error);
                }
            });
        }

        /** One started attempt failed, or one hedge will not start. */
        private void settle(Throwable error) {
            if (unsettled.decrementAndGet() == 0 || (error != null && startedAllFailed())) {
                outcome.completeExceptionally(error != null ? Throwables.unwrapFuture(error) : lastFailure());
            }
        }

        private boolean startedAllFailed() {
            if (launching.get() > 0) {
                return false;
            }
            for (CompletableFuture<T> attempt : started) {
                if (!attempt.isCompletedExceptionally()) {
                    return false;
                }
            }
            return true;
        }

        private Throwable lastFailure() {
            Throwable last = new IllegalStateException("no hedged attempt of service '" + name + "' completed");
            for (CompletableFuture<T> attempt : started) {
                try {
                    attempt.join();
                } catch (RuntimeException e) {
                    last = Throwables.unwrapFuture(e);
                }
            }
            return last;
        }
    }

    // ---------------------------------------------------------------- shared decisions

    private LoadShedException loadShed() {
        return new LoadShedException(name, "service '" + name + "' is over its concurrency limit");
    }

    private BulkheadFullException bulkheadFull(CompiledPolicy p) {
        return new BulkheadFullException(name, "bulkhead of service '" + name + "' is full ("
                + p.policy.bulkhead().maxConcurrentCalls() + " concurrent calls)");
    }

    private CircuitOpenException circuitOpen() {
        return new CircuitOpenException(name, "circuit breaker of service '" + name + "' is " + breaker.state());
    }

    private int maxAttempts(CompiledPolicy p, CallOptions options) {
        if (!options.retries()) {
            return 1;
        }
        return options.maxAttempts() > 0 && !p.attemptsPinned ? options.maxAttempts() : p.maxAttempts;
    }

    private void depositBudgets(CompiledPolicy p) {
        if (p.budgetEnabled) {
            budget.onCall();
        }
        registry.globalBudget.onCall();
    }

    /** The verdict on {@code error}; a classifier that throws means "do not retry". */
    private Classification classify(CompiledPolicy p, CallOptions options, Throwable error) {
        if (error instanceof AttemptTimeoutException) {
            return Classification.RETRYABLE;
        }
        try {
            return p.classification.classify(error, options.extraClassifier());
        } catch (RuntimeException classifierFailure) {
            return Classification.NON_RETRYABLE;
        }
    }

    private void recordFailure(Classification classification, long duration, int breakerPeriod) {
        if (classification.verdict() == dev.retrykit.core.classify.Verdict.CALLER_FAULT) {
            breaker.releasePermission(breakerPeriod);
        } else {
            breaker.onError(duration, breakerPeriod);
        }
    }

    /**
     * Decides whether to retry after attempt {@code attempt}: returns the delay in nanoseconds, or a negative stop
     * code. Acquires the budgets and the global permit when it returns a delay.
     */
    private long retryDelayOrStop(CompiledPolicy p, Classification classification, int attempt, int max,
                                  long previousDelay, long deadline) {
        if (!classification.retryable()) {
            return STOP_FAILURE;
        }
        if (attempt >= max) {
            return STOP_EXHAUSTED;
        }
        RandomGenerator random = registry.random != null ? registry.random : ThreadLocalRandom.current();
        long delay;
        try {
            delay = Math.min(p.strategy.delayNanos(attempt, previousDelay, random), p.maxDelayNanos);
        } catch (RuntimeException strategyFailure) {
            return STOP_EXHAUSTED;
        }
        if (p.respectRetryAfter && classification.retryAfter() != null) {
            long hint = classification.retryAfter().delayNanos(clock);
            if (hint > p.maxDelayNanos) {
                return STOP_EXHAUSTED;
            }
            delay = Math.max(delay, hint);
        }
        if (deadline != CompiledPolicy.NONE && clock.nanoTime() + delay >= deadline) {
            return STOP_EXHAUSTED;
        }
        // the global limit first: it is the only gate that can be given back when a later one refuses
        if (!registry.globalRetryLimit.tryAcquire()) {
            return STOP_BUDGET;
        }
        if ((p.budgetEnabled && !budget.tryAcquireRetry()) || !registry.globalBudget.tryAcquireRetry()) {
            registry.globalRetryLimit.release();
            return STOP_BUDGET;
        }
        return Math.max(0, delay);
    }

    private void releaseGlobal(boolean holding) {
        if (holding) {
            registry.globalRetryLimit.release();
        }
    }

    private <T> T reject(CallRejectedException rejection, CallOptions options, long start, RetryEventListener[] listeners) {
        recordRejection(rejection, listeners);
        return fallbackOrThrow(rejection, Outcome.REJECTED, 0, options, start, listeners);
    }

    private <T> T finishWithResult(T result, Outcome outcome, int attempts, long start, RetryEventListener[] listeners) {
        if (outcome != Outcome.SUCCESS) {
            if (outcome == Outcome.SUCCESS_AFTER_RETRY) {
                events.add(new RetryEvent(RetryEvent.Type.RECOVERED, clock.currentTimeMillis(), attempts, 0, null, null));
            } else {
                recordFailureOutcome(null, outcome, attempts);
            }
        }
        record(outcome, attempts, start, listeners);
        return result;
    }

    /**
     * Ends a blocking call after {@code attempts}: returns the last attempt's result when a result predicate
     * rejected it, else rethrows the last failure (earlier ones and {@code cause} suppressed) or serves the fallback.
     */
    private <T> T stop(AttemptHistory<T> history, Outcome outcome, int attempts, Throwable cause, CallOptions options,
                       long start, RetryEventListener[] listeners) {
        if (history.endsWithResult) {
            return finishWithResult(history.lastResult, outcome, attempts, start, listeners);
        }
        Throwable last = history.finalFailure(cause);
        recordFailureOutcome(last, outcome, attempts);
        return fallbackOrThrow(last, outcome, attempts, options, start, listeners);
    }

    /**
     * Serves the fallback for {@code failure} when one applies (outcome {@code fallback}); otherwise records
     * {@code outcome} and rethrows. A fallback that rethrows the failure itself counts as no fallback.
     */
    @SuppressWarnings("unchecked")
    private <T> T fallbackOrThrow(Throwable failure, Outcome outcome, int attempts, CallOptions options, long start,
                                  RetryEventListener[] listeners) {
        if (options.fallbackApplies(failure)) {
            T value;
            try {
                value = (T) options.fallback().apply(failure);
            } catch (Throwable fallbackError) {
                record(outcome, attempts, start, listeners);
                throw Throwables.rethrow(fallbackError);
            }
            recordFallback(failure, listeners);
            record(Outcome.FALLBACK, attempts, start, listeners);
            return value;
        }
        record(outcome, attempts, start, listeners);
        throw Throwables.rethrow(failure);
    }

    private static Outcome stopOutcome(long stopCode) {
        return stopCode == STOP_FAILURE ? Outcome.FAILURE : stopCode == STOP_BUDGET ? Outcome.BUDGET_EXHAUSTED : Outcome.EXHAUSTED;
    }

    /**
     * Whether the result ends the call. A result predicate that throws ends the call with its own exception (outcome
     * failure, not counted against the service): it is the caller's bug, not the dependency's.
     */
    private boolean accepts(CallOptions options, Object result, RetryEventListener[] listeners, int attempt, long start,
                            int breakerPeriod) {
        if (options.retryOnResult() == null) {
            return true;
        }
        try {
            return !options.retryOnResult().test(result);
        } catch (RuntimeException | Error predicateFailure) {
            breaker.releasePermission(breakerPeriod);
            recordFailureOutcome(predicateFailure, Outcome.FAILURE, attempt);
            record(Outcome.FAILURE, attempt, start, listeners);
            throw predicateFailure;
        }
    }

    private void onAttemptSucceeded(CompiledPolicy p, RetryEventListener[] listeners, int attempt, long duration,
                                    int breakerPeriod) {
        breaker.onSuccess(duration, breakerPeriod);
        if (p.recordLatency) {
            statistics.recordLatency(duration);
        }
        notifyAttemptSucceeded(listeners, attempt, duration);
    }

    /**
     * Records a failed attempt (an exception, or a result the predicate rejected when {@code error} is null) in the
     * breaker, the listeners and {@code history}, and classifies it.
     */
    private <T> Classification onAttemptFailed(CompiledPolicy p, CallOptions options, RetryEventListener[] listeners,
                                               int attempt, long duration, Throwable error, T result,
                                               AttemptHistory<T> history, int breakerPeriod) {
        notifyAttemptFailed(listeners, attempt, duration, error);
        if (error == null) {
            breaker.onError(duration, breakerPeriod);
            history.rejectedResult(result);
            return Classification.RETRYABLE;
        }
        Classification classification = classify(p, options, error);
        recordFailure(classification, duration, breakerPeriod);
        history.failed(error);
        return classification;
    }

    /**
     * The failed attempts of one call: the last failure, up to {@link #MAX_SUPPRESSED} earlier ones to attach as
     * suppressed, and the last result when a result predicate rejected it. Created at the first failure, confined to
     * one call at a time.
     */
    private static final class AttemptHistory<T> {
        Throwable last;
        T lastResult;
        boolean endsWithResult;
        private Throwable[] earlier;
        private int earlierCount;

        void failed(Throwable error) {
            if (last != null && last != error) {
                if (earlier == null) {
                    earlier = new Throwable[MAX_SUPPRESSED];
                }
                earlier[earlierCount++ % MAX_SUPPRESSED] = last;
            }
            last = error;
            lastResult = null;
            endsWithResult = false;
        }

        void rejectedResult(T result) {
            lastResult = result;
            endsWithResult = true;
        }

        /** The last failure with the earlier ones (oldest first) and {@code cause} attached as suppressed. */
        Throwable finalFailure(Throwable cause) {
            if (earlier != null) {
                int kept = Math.min(earlierCount, MAX_SUPPRESSED);
                for (int i = earlierCount - kept; i < earlierCount; i++) {
                    Throwable previous = earlier[i % MAX_SUPPRESSED];
                    if (previous != last) {
                        last.addSuppressed(previous);
                    }
                }
            }
            if (cause != null) {
                last.addSuppressed(cause);
            }
            return last;
        }
    }

    // ---------------------------------------------------------------- statistics, events, listeners

    private void record(Outcome outcome, int attempts, long start, RetryEventListener[] listeners) {
        statistics.recordCall(outcome, attempts);
        if (listeners.length != 0) {
            long duration = clock.nanoTime() - start;
            for (RetryEventListener listener : listeners) {
                try {
                    listener.onCallFinished(name, outcome, attempts, duration);
                } catch (RuntimeException ignored) {
                    // a listener must never break the call
                }
            }
        }
    }

    private void recordFailureOutcome(Throwable error, Outcome outcome, int attempts) {
        RetryEvent.Type type = outcome == Outcome.FAILURE ? RetryEvent.Type.NON_RETRYABLE : RetryEvent.Type.EXHAUSTED;
        events.add(new RetryEvent(type, clock.currentTimeMillis(), attempts, 0, errorType(error),
                outcome == Outcome.BUDGET_EXHAUSTED ? "retry budget exhausted" : Throwables.shortMessage(error, MESSAGE_LIMIT)));
        for (RetryEventListener listener : registry.listeners) {
            try {
                if (outcome == Outcome.FAILURE) {
                    listener.onNonRetryable(name, attempts, error);
                } else {
                    listener.onExhausted(name, attempts, outcome, error);
                }
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private void recordRejection(CallRejectedException rejection, RetryEventListener[] listeners) {
        events.add(new RetryEvent(RetryEvent.Type.REJECTED, clock.currentTimeMillis(), 0, 0,
                rejection.getClass().getName(), rejection.getMessage()));
        for (RetryEventListener listener : listeners) {
            try {
                listener.onRejected(name, rejection);
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private void recordFallback(Throwable failure, RetryEventListener[] listeners) {
        events.add(new RetryEvent(RetryEvent.Type.FALLBACK, clock.currentTimeMillis(), 0, 0, errorType(failure),
                Throwables.shortMessage(failure, MESSAGE_LIMIT)));
        for (RetryEventListener listener : listeners) {
            try {
                listener.onFallback(name, failure);
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private void onRetryScheduled(RetryEventListener[] listeners, int nextAttempt, int max, long delay, Throwable last) {
        events.add(new RetryEvent(RetryEvent.Type.RETRY_SCHEDULED, clock.currentTimeMillis(), nextAttempt,
                delay / 1_000_000L, errorType(last), last == null ? "result rejected by retryOnResult" : Throwables.shortMessage(last, MESSAGE_LIMIT)));
        for (RetryEventListener listener : listeners) {
            try {
                listener.onRetryScheduled(name, nextAttempt, max, delay, last);
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private void notifyAttemptStarted(RetryEventListener[] listeners, int attempt) {
        for (RetryEventListener listener : listeners) {
            try {
                listener.onAttemptStarted(name, attempt);
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private void notifyAttemptSucceeded(RetryEventListener[] listeners, int attempt, long duration) {
        for (RetryEventListener listener : listeners) {
            try {
                listener.onAttemptSucceeded(name, attempt, duration);
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private void notifyAttemptFailed(RetryEventListener[] listeners, int attempt, long duration, Throwable error) {
        for (RetryEventListener listener : listeners) {
            try {
                listener.onAttemptFailed(name, attempt, duration, error);
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private void onBreakerTransition(String breakerName, CircuitState from, CircuitState to) {
        events.add(new RetryEvent(RetryEvent.Type.STATE_TRANSITION, clock.currentTimeMillis(), 0, 0, null, from + "->" + to));
        for (RetryEventListener listener : registry.listeners) {
            try {
                listener.onStateTransition(name, from, to);
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private static String errorType(Throwable error) {
        return error == null ? null : error.getClass().getName();
    }

    // ---------------------------------------------------------------- management

    /** The service name. */
    public String name() {
        return name;
    }

    /** The current policy. */
    public ServicePolicy policy() {
        return compiled.policy;
    }

    /**
     * Replaces the policy atomically: calls that already started finish under the old one. The breaker, budget,
     * bulkhead and load shedder are reconfigured in place and keep their state.
     *
     * @throws IllegalArgumentException when the policy names an unknown strategy (nothing changes then)
     */
    public void updatePolicy(ServicePolicy policy) {
        updatePolicy(policy, compiled.attemptsPinned);
    }

    /**
     * Replaces the policy as an operator's runtime change: {@code pinAttempts} makes its {@code maxAttempts} win
     * over annotation attributes.
     */
    public synchronized void updatePolicy(ServicePolicy policy, boolean pinAttempts) {
        CompiledPolicy next = compile(policy, pinAttempts);
        CompiledPolicy previous = compiled;
        if (!previous.policy.circuitBreaker().equals(policy.circuitBreaker())) {
            breaker.reconfigure(policy.circuitBreaker());
        }
        if (!previous.policy.budget().equals(policy.budget())) {
            budget.reconfigure(policy.budget());
        }
        if (!previous.policy.bulkhead().equals(policy.bulkhead())) {
            bulkhead.reconfigure(policy.bulkhead());
        }
        if (!previous.policy.loadShedding().equals(policy.loadShedding())) {
            shedder.reconfigure(policy.loadShedding());
        }
        compiled = next;
    }

    /** Records an operator's action in the recent events. */
    public void recordReconfiguration(String description) {
        events.add(new RetryEvent(RetryEvent.Type.RECONFIGURED, clock.currentTimeMillis(), 0, 0, null,
                description.length() <= MESSAGE_LIMIT ? description : description.substring(0, MESSAGE_LIMIT)));
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
        return events;
    }
}
