package dev.retrykit.core.observation;

import dev.retrykit.core.Outcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a {@link CallObserver} that records every call and attempt, keeps a thread-local "current observation"
 * the way a tracer does (so a body can see what is current on its thread), and counts stops.
 */
final class RecordingCallObserver implements CallObserver {

    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean declining;

    /** The observation current on this thread: a {@link Call}, an {@link Attempt}, or {@code null}. */
    static Object current() {
        return CURRENT.get();
    }

    @Override
    public ObservedCall startCall(String service, boolean async) {
        if (declining) {
            return null;
        }
        Call call = new Call(service, async, CURRENT.get());
        calls.add(call);
        return call;
    }

    private static ObservationScope open(Object observation) {
        Object previous = CURRENT.get();
        CURRENT.set(observation);
        return () -> CURRENT.set(previous);
    }

    static final class Call implements ObservedCall {
        final String service;
        final boolean async;
        final Object parent;
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        final AtomicInteger stops = new AtomicInteger();
        volatile Outcome outcome;
        volatile Throwable error;
        volatile int attemptCount;
        volatile String scopeThread;
        /** Whether a stop came while this call was still current on the stopping thread (a scope left open). */
        volatile boolean stoppedInItsScope;

        Call(String service, boolean async, Object parent) {
            this.service = service;
            this.async = async;
            this.parent = parent;
        }

        @Override
        public ObservedAttempt startAttempt(int attempt) {
            Attempt started = new Attempt(this, attempt, Thread.currentThread().getName());
            attempts.add(started);
            return started;
        }

        @Override
        public ObservationScope openScope() {
            scopeThread = Thread.currentThread().getName();
            return open(this);
        }

        @Override
        public void stop(Outcome ended, Throwable failure, int count) {
            outcome = ended;
            error = failure;
            attemptCount = count;
            stoppedInItsScope |= CURRENT.get() == this;
            stops.incrementAndGet();
        }
    }

    static final class Attempt implements ObservedAttempt {
        final Call call;
        final int number;
        final String startThread;
        final List<String> scopeThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger stops = new AtomicInteger();
        volatile Boolean succeeded;
        volatile Throwable error;

        Attempt(Call call, int number, String startThread) {
            this.call = call;
            this.number = number;
            this.startThread = startThread;
        }

        @Override
        public ObservationScope openScope() {
            scopeThreads.add(Thread.currentThread().getName());
            return open(this);
        }

        @Override
        public void stop(boolean success, Throwable failure) {
            succeeded = success;
            error = failure;
            stops.incrementAndGet();
        }

        @Override
        public String toString() {
            return call.service + " attempt " + number;
        }
    }
}
