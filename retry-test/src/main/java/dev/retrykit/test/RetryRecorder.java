package dev.retrykit.test;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.event.RetryEventListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every finished call per service, for assertions. Registered as a {@link RetryEventListener} bean by
 * {@link RetryTest}; {@link #clear()}ed before each test. Thread-safe.
 */
public final class RetryRecorder implements RetryEventListener {

    private final Map<String, List<CallRecord>> calls = new ConcurrentHashMap<>();

    @Override
    public void onCallFinished(String service, Outcome outcome, int attempts, long durationNanos) {
        List<CallRecord> list = calls.computeIfAbsent(service, name -> new ArrayList<>());
        synchronized (list) {
            list.add(new CallRecord(outcome, attempts, durationNanos));
        }
    }

    /** The calls of {@code service} finished since the last {@link #clear()}, oldest first. */
    public List<CallRecord> calls(String service) {
        List<CallRecord> list = calls.get(service);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Forgets every recorded call. */
    public void clear() {
        calls.clear();
    }
}
