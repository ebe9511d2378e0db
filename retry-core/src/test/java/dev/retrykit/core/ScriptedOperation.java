package dev.retrykit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: an operation that plays a script of outcomes, one per attempt (a {@link Throwable} is thrown,
 * anything else returned), repeating the last step when the script runs out. Counts its invocations.
 */
final class ScriptedOperation<T> implements CheckedSupplier<T> {

    private final List<Object> steps;
    private final AtomicInteger calls = new AtomicInteger();

    private ScriptedOperation(List<Object> steps) {
        this.steps = steps;
    }

    /** Plays {@code steps} in order. */
    static <T> ScriptedOperation<T> of(Object... steps) {
        return new ScriptedOperation<>(new ArrayList<>(List.of(steps)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get() throws Throwable {
        int index = calls.getAndIncrement();
        Object step = steps.get(Math.min(index, steps.size() - 1));
        if (step instanceof Throwable error) {
            throw error;
        }
        return (T) step;
    }

    int calls() {
        return calls.get();
    }
}
