package dev.retrykit.core.internal;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.backoff.BackoffStrategy;
import dev.retrykit.core.classify.ClassifierProvider;
import dev.retrykit.core.classify.ErrorClassification;
import dev.retrykit.core.classify.ErrorClassifier;
import dev.retrykit.core.classify.ExceptionClassifier;
import dev.retrykit.core.classify.SqlStateClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A {@link ServicePolicy} turned into what the call path reads: strategy instance, combined classifier and
 * plain numbers. Built once per policy change, never per call. Immutable.
 */
public final class CompiledPolicy {

    /** No deadline or limit. */
    public static final long NONE = Long.MAX_VALUE;

    public final ServicePolicy policy;
    public final int maxAttempts;
    public final BackoffStrategy strategy;
    public final ErrorClassification classification;
    public final long maxDelayNanos;
    public final long totalNanos;
    public final long perAttemptNanos;
    public final boolean adaptiveTimeout;
    public final long bulkheadMaxWaitNanos;
    public final boolean bulkheadEnabled;
    public final boolean budgetEnabled;
    public final boolean sheddingEnabled;
    public final boolean breakerEnabled;
    public final boolean hedgingEnabled;
    public final long hedgeDelayNanos;
    public final int maxHedges;
    public final boolean respectRetryAfter;
    public final boolean recordLatency;
    /** Whether the call path must read the clock when a call starts, even without listeners. */
    public final boolean needsClock;
    /** Set when maxAttempts came from a runtime update, which wins over annotation attributes. */
    public final boolean attemptsPinned;

    /** Compiles {@code policy}. */
    public CompiledPolicy(ServicePolicy policy, boolean attemptsPinned, BackoffStrategies strategies,
                          ClassifierProvider[] providers, DoubleSupplier recentSuccessRate) {
        this.policy = policy;
        this.attemptsPinned = attemptsPinned;
        this.maxAttempts = policy.maxAttempts();
        this.strategy = strategies.create(policy.strategy(), policy.backoff(), recentSuccessRate);
        List<ErrorClassifier> classifiers = new ArrayList<>();
        for (ClassifierProvider provider : providers) {
            ErrorClassifier classifier = provider.classifierFor(policy);
            if (classifier != null) {
                classifiers.add(classifier);
            }
        }
        classifiers.add(new SqlStateClassifier(policy.retryableSqlStates()));
        classifiers.add(new ExceptionClassifier(policy.retryableExceptions(), policy.nonRetryableExceptions()));
        this.classification = new ErrorClassification(classifiers);
        this.maxDelayNanos = policy.backoff().maxNanos();
        this.totalNanos = policy.timeout().total() == null ? NONE : policy.timeout().total().toNanos();
        this.perAttemptNanos = policy.timeout().perAttempt() == null ? NONE : policy.timeout().perAttempt().toNanos();
        this.adaptiveTimeout = policy.timeout().adaptive() && perAttemptNanos != NONE;
        this.bulkheadMaxWaitNanos = policy.bulkhead().maxWait().toNanos();
        this.bulkheadEnabled = policy.bulkhead().maxConcurrentCalls() != dev.retrykit.core.bulkhead.BulkheadConfig.UNLIMITED;
        this.budgetEnabled = policy.budget().enabled();
        this.sheddingEnabled = policy.loadShedding().enabled();
        this.breakerEnabled = policy.circuitBreaker().enabled();
        this.hedgingEnabled = policy.hedging().enabled();
        this.hedgeDelayNanos = policy.hedging().delay() == null ? -1 : policy.hedging().delay().toNanos();
        this.maxHedges = policy.hedging().maxHedges();
        this.respectRetryAfter = policy.respectRetryAfter();
        this.recordLatency = adaptiveTimeout || (hedgingEnabled && hedgeDelayNanos < 0);
        this.needsClock = totalNanos != NONE || sheddingEnabled || (bulkheadEnabled && bulkheadMaxWaitNanos > 0);
    }
}
