package dev.retrykit.test;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.time.ManualClock;

/**
 * What {@link RetryTest} adds to a Spring test context: the virtual clock the registry runs on, the recorder of
 * finished calls, and the reset between tests. One bean per context; {@link RetryAssertions#retries(String)} finds
 * the one of the running test.
 */
public final class RetryTestSupport {

    private static final ThreadLocal<RetryTestSupport> CURRENT = new ThreadLocal<>();

    private final ServiceRegistry registry;
    private final ManualClock clock;
    private final RetryRecorder recorder;

    public RetryTestSupport(ServiceRegistry registry, ManualClock clock, RetryRecorder recorder) {
        this.registry = registry;
        this.clock = clock;
        this.recorder = recorder;
    }

    /** The registry under test. */
    public ServiceRegistry registry() {
        return registry;
    }

    /** The virtual clock: {@code advanceMillis} moves time and runs what is due (breaker waits, async retries). */
    public ManualClock clock() {
        return clock;
    }

    /** The finished calls recorded since the test began. */
    public RetryRecorder recorder() {
        return recorder;
    }

    /** What happened to {@code service} in this test so far. */
    public ServiceCalls calls(String service) {
        GuardedService guarded = registry.find(service);
        return new ServiceCalls(service, recorder.calls(service), guarded);
    }

    /**
     * Returns every service to a fresh start (breakers CLOSED, budgets full, statistics and events forgotten), the
     * global budget full, and forgets the recorded calls. Virtual time keeps running forward.
     */
    public void reset() {
        for (GuardedService service : registry.services()) {
            service.reset();
        }
        registry.globalBudget().reset();
        recorder.clear();
    }

    static void begin(RetryTestSupport support) {
        CURRENT.set(support);
    }

    static void end() {
        CURRENT.remove();
    }

    /** The support of the test running on this thread. */
    static RetryTestSupport current() {
        RetryTestSupport support = CURRENT.get();
        if (support == null) {
            throw new IllegalStateException("no retrykit test is running on this thread: annotate the test class with "
                    + "@RetryTest (and @SpringBootTest or another Spring test annotation)");
        }
        return support;
    }
}
