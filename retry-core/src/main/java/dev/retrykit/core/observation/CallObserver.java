package dev.retrykit.core.observation;

/**
 * Observes guarded calls for tracing: each call, and each of its attempts as a child of the call. Register one with
 * {@link dev.retrykit.core.ServiceRegistry.Builder#callObserver(CallObserver)}.
 *
 * <p>Implementations must be thread-safe and must not throw. {@link #startCall} runs for every guarded call: when it
 * returns {@code null} (tracing is switched off, nothing would record the call) the call runs exactly as without an
 * observer and allocates nothing for it, so that check should be cheap and allocation-free.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * A call of {@code service} starts on the current thread (the caller's): returns its started observation, or
     * {@code null} to leave this call unobserved.
     *
     * @param service the guarded service's name
     * @param async whether the call is asynchronous ({@code callAsync}: its retries and its end may run on other
     *              threads, and {@link ObservedCall#openScope()} covers only its start on the caller's thread)
     */
    ObservedCall startCall(String service, boolean async);
}
