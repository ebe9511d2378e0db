package dev.retrykit.test;

import static dev.retrykit.core.Outcome.REJECTED;
import static dev.retrykit.core.Outcome.SUCCESS;
import static dev.retrykit.core.Outcome.SUCCESS_AFTER_RETRY;
import static dev.retrykit.test.RetryAssertions.retries;
import static dev.retrykit.test.RetryAssertions.virtualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.ServiceRegistry;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link RetryTest} in a real Spring context: a service that waits 20 s, 40 s, 80 s and 160 s between its five
 * attempts finishes at once on virtual time, and every test starts from a fresh registry.
 */
@RetryTest
@SpringBootTest(classes = InventoryTestApplication.class, properties = {
        "retry.services.inventory.template=database", "retry.services.inventory.max-attempts=5",
        "retry.services.inventory.strategy=exponential", "retry.services.inventory.base-delay=20s",
        "retry.services.inventory.max-delay=5m", "retry.services.inventory.circuit-breaker.minimum-calls=5",
        "retry.services.inventory.circuit-breaker.sliding-window-size=5",
        "retry.services.inventory.circuit-breaker.wait-in-open=10m", "retry.services.inventory.circuit-breaker.max-wait-in-open=20m"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetryTestTest {

    @Autowired
    InventoryTestApplication.Inventory inventory;

    @Autowired
    ServiceRegistry registry;

    @BeforeEach
    void healthyInventory() {
        inventory.failNext(0);
    }

    @Test
    @Order(1)
    void backoffsPassOnVirtualTime() throws Exception {
        long sleptBefore = virtualClock().sleptNanos();
        inventory.failNext(4);

        assertThat(inventory.stock("SKU-1")).isEqualTo("42 x SKU-1");

        assertThat(retries("inventory")).hadCalls(1).hadAttempts(5).hadRetries(4).endedWith(SUCCESS_AFTER_RETRY);
        assertThat(virtualClock().sleptNanos() - sleptBefore).isEqualTo(java.time.Duration.ofSeconds(20 + 40 + 80 + 160).toNanos());
    }

    @Test
    @Order(2)
    void aFailingCallLeavesItsTraceForThisTestOnly() {
        inventory.failNext(100);

        assertThatThrownBy(() -> inventory.stock("SKU-2")).isInstanceOf(SQLTransientConnectionException.class);
        assertThatThrownBy(() -> inventory.stock("SKU-2")).isInstanceOf(CircuitOpenException.class);

        assertThat(retries("inventory")).hadCalls(2).endedWith(REJECTED).breakerIs(CircuitState.OPEN);
        assertThat(inventory.invocations()).as("the second call never ran: the first one opened the breaker").isEqualTo(5);
    }

    @Test
    @Order(3)
    void everyTestStartsWithAFreshService() throws Exception {
        assertThat(retries("inventory")).hadCalls(0).breakerIs(CircuitState.CLOSED);
        assertThat(registry.find("inventory").statistics().calls()).isZero();
        assertThat(registry.find("inventory").recentEvents().newestFirst()).isEmpty();

        inventory.stock("SKU-3");

        assertThat(retries("inventory")).hadCalls(1).hadAttempts(1).endedWith(SUCCESS);
    }

    @Test
    @Order(4)
    void assertionsSayWhatHappened() throws Exception {
        inventory.stock("SKU-4");

        assertThatThrownBy(() -> assertThat(retries("inventory")).hadAttempts(3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected the last call of service 'inventory' to have made 3 attempts but it made 1");
        assertThatThrownBy(() -> assertThat(retries("payments")).endedWith(SUCCESS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("it finished none");
    }
}
