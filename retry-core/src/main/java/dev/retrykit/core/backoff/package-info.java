/**
 * Backoff: how long to wait before each retry, one class per algorithm, created by name through
 * {@link dev.retrykit.core.backoff.BackoffStrategies} (custom ones through
 * {@link dev.retrykit.core.backoff.BackoffStrategyFactory}); with {@code r} the retry number (1 for the first
 * retry), {@code U} uniform in {@code [0, 1)} and every delay capped at {@code max} and never negative:
 * {@code immediate} = 0; {@code fixed} = base; {@code linear} = base * r;
 * {@code linear-jitter} = min(max, base * r) * (1 + jitter * (2U - 1));
 * {@code exponential} = base * multiplier^(r - 1);
 * {@code exponential-jitter} (AWS full jitter) = U * min(max, base * multiplier^(r - 1));
 * {@code decorrelated-jitter} (AWS) = uniform(base, max(base, 3 * previous)), so the first retry waits base;
 * {@code constant-jitter} = base * (1 + jitter * (2U - 1));
 * {@code fibonacci} = base * F(r) with F(1) = F(2) = 1, F(r) = F(r - 1) + F(r - 2), giving 1, 1, 2, 3, 5, 8, ...;
 * {@code adaptive} = base * multiplier^(r - 1) * (1 + 3 * (1 - successRate)), the plain exponential delay at a
 * full success rate and four times it at none. Strategies are immutable, thread-safe and allocation-free, and
 * stay within {@code [0, max]} for any retry number without overflow.
 */
package dev.retrykit.core.backoff;
