package dev.retrykit.core.event;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded ring of the most recent {@link RetryEvent}s of one service. Only failure-path events are recorded,
 * so the success path never touches it. Thread-safe (a short lock per event).
 */
public final class RecentEvents {

    private static final RetryEvent[] NONE = new RetryEvent[0];

    private final int capacity;
    /** Allocated with the first event: most services never fail, and a registry may hold thousands. */
    private RetryEvent[] ring = NONE;
    private long written;

    /** Keeps at most {@code capacity} events. */
    public RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records an event, dropping the oldest when full. */
    public synchronized void add(RetryEvent event) {
        if (ring.length == 0) {
            ring = new RetryEvent[capacity];
        }
        ring[(int) (written++ % ring.length)] = event;
    }

    /** Forgets every recorded event. */
    public synchronized void clear() {
        ring = NONE;
        written = 0;
    }

    /** The recorded events, newest first. */
    public synchronized List<RetryEvent> newestFirst() {
        int size = (int) Math.min(written, ring.length);
        List<RetryEvent> result = new ArrayList<>(size);
        for (long i = written - 1; i >= written - size; i--) {
            result.add(ring[(int) (i % ring.length)]);
        }
        return result;
    }
}
