package dev.retrykit.core.shed;

/**
 * An estimate of how many calls a service can have in flight before it queues up, updated from every completed
 * call. One class per algorithm: {@link AimdLimit}, {@link GradientLimit}, {@link FixedLimit}.
 *
 * <p>Implementations must be thread-safe: samples arrive from every calling thread.
 */
public interface ConcurrencyLimit {

    /**
     * The current limit.
     *
     * @return calls allowed in flight, at least 1
     */
    int limit();

    /**
     * Feeds one completed call.
     *
     * @param rttNanos round-trip time of the call in nanoseconds
     * @param inFlight calls in flight when it completed, itself included
     * @param dropped  whether the call was dropped or failed because of overload
     */
    void onSample(long rttNanos, int inFlight, boolean dropped);
}
