package dev.retrykit.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudget;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StateSynchronizerTest {

    private static final RetryBudgetConfig BUDGET = new RetryBudgetConfig(true, 0.5, 0, 0, 0, 20);

    private final ManualClock clock = new ManualClock();
    private final FlakyStore store = new FlakyStore(new InMemorySharedStateStore());
    private final ServiceRegistry registryA = registry();
    private final ServiceRegistry registryB = registry();
    private final StateSynchronizer a = new StateSynchronizer(registryA, store, "a", Duration.ofMillis(50));
    private final StateSynchronizer b = new StateSynchronizer(registryB, store, "b", Duration.ofMillis(50));

    private ServiceRegistry registry() {
        return ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .service("payments", ServicePolicy.builder().budget(BUDGET).build()).build();
    }

    @AfterEach
    void closeRegistries() {
        registryA.close();
        registryB.close();
    }

    private static CircuitBreaker breaker(ServiceRegistry registry) {
        return registry.find("payments").circuitBreaker();
    }

    private static RetryBudget budget(ServiceRegistry registry) {
        return registry.find("payments").budget();
    }

    private void syncBoth() {
        a.syncOnce();
        b.syncOnce();
        a.syncOnce();
    }

    @Test
    void tripOnOneInstanceOpensTheBreakerOnTheOthers() {
        clock.advanceMillis(1_000);
        breaker(registryA).transitionTo(CircuitState.OPEN);

        syncBoth();

        assertThat(breaker(registryB).state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker(registryA).state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void newestTransitionWinsAcrossInstances() {
        clock.advanceMillis(1_000);
        breaker(registryA).transitionTo(CircuitState.FORCED_OPEN);
        syncBoth();
        clock.advanceMillis(1_000);
        breaker(registryB).transitionTo(CircuitState.CLOSED);
        long closedAt = clock.currentTimeMillis();

        syncBoth();

        assertThat(breaker(registryA).state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker(registryB).state()).isEqualTo(CircuitState.CLOSED);
        assertThat(store.readBreakerStates().get("payments")).isEqualTo(new BreakerRecord(CircuitState.CLOSED, closedAt, "b"));
    }

    @Test
    void olderSharedStateDoesNotOverrideANewerLocalTransition() {
        clock.advanceMillis(1_000);
        breaker(registryA).transitionTo(CircuitState.FORCED_OPEN);
        a.syncOnce();
        clock.advanceMillis(1_000);
        breaker(registryB).transitionTo(CircuitState.DISABLED);

        b.syncOnce();

        assertThat(breaker(registryB).state()).isEqualTo(CircuitState.DISABLED);
    }

    @Test
    void retriesOnOneInstanceSpendTheOthersBudget() {
        syncBoth();
        for (int i = 0; i < 8; i++) {
            assertThat(budget(registryA).tryAcquireRetry()).isTrue();
        }

        syncBoth();

        assertThat(budget(registryB).remaining()).isEqualTo(12.0);
        for (int i = 0; i < 4; i++) {
            registryB.find("payments").budget().onCall();
        }
        syncBoth();
        assertThat(budget(registryA).remaining()).isEqualTo(14.0);
    }

    @Test
    void keepsWorkingLocallyWhileTheStoreFailsAndResyncsAfterwards() {
        syncBoth();
        store.failing = true;
        clock.advanceMillis(1_000);
        breaker(registryA).transitionTo(CircuitState.FORCED_OPEN);
        budget(registryA).tryAcquireRetry();

        assertThat(a.syncOnce()).isFalse();
        assertThat(a.lastRoundSucceeded()).isFalse();
        assertThat(breaker(registryB).state()).isEqualTo(CircuitState.CLOSED);

        store.failing = false;
        syncBoth();

        assertThat(a.lastRoundSucceeded()).isTrue();
        assertThat(breaker(registryB).state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(budget(registryB).remaining()).isEqualTo(19.0);
    }

    @Test
    void republishesKnownStateWhenTheStoreLostIt() {
        clock.advanceMillis(1_000);
        breaker(registryA).transitionTo(CircuitState.FORCED_OPEN);
        syncBoth();
        store.delegate = new InMemorySharedStateStore();

        b.syncOnce();

        assertThat(store.readBreakerStates().get("payments").state()).isEqualTo(CircuitState.FORCED_OPEN);
    }

    /** A store that fails on demand, as a remote store does during an outage. */
    private static final class FlakyStore implements SharedStateStore {
        volatile SharedStateStore delegate;
        volatile boolean failing;

        FlakyStore(SharedStateStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (failing) {
                throw new IllegalStateException("store down");
            }
        }

        @Override
        public String type() {
            return "flaky";
        }

        @Override
        public boolean isReachable() {
            return !failing;
        }

        @Override
        public boolean publishBreakerState(String service, BreakerRecord record) {
            check();
            return delegate.publishBreakerState(service, record);
        }

        @Override
        public Map<String, BreakerRecord> readBreakerStates() {
            check();
            return delegate.readBreakerStates();
        }

        @Override
        public Map<String, BudgetCounts> exchangeBudgets(Map<String, BudgetCounts> localActivity) {
            check();
            return delegate.exchangeBudgets(localActivity);
        }
    }
}
