package dev.retrykit.core.idempotency;

/**
 * The answer of {@link IdempotencyStore#claim}: who owns the key now.
 *
 * @param state  acquired, completed or in flight
 * @param result the stored result when {@code state} is {@link State#COMPLETED} (may be {@code null} for void calls)
 */
public record Claim(State state, Object result) {

    private static final Claim ACQUIRED = new Claim(State.ACQUIRED, null);
    private static final Claim IN_FLIGHT = new Claim(State.IN_FLIGHT, null);

    /** The states of a key. */
    public enum State {
        /** The caller owns the key and must run the call. */
        ACQUIRED,
        /** A call with this key succeeded; its result is stored. */
        COMPLETED,
        /** Another call owns the key and is running. */
        IN_FLIGHT
    }

    /** The caller now owns the key. */
    public static Claim acquired() {
        return ACQUIRED;
    }

    /** Another call owns the key. */
    public static Claim inFlight() {
        return IN_FLIGHT;
    }

    /** A call with this key already succeeded with {@code result}. */
    public static Claim completed(Object result) {
        return new Claim(State.COMPLETED, result);
    }
}
