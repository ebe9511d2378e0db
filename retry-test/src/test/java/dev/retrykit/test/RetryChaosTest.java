package dev.retrykit.test;

import static dev.retrykit.core.Outcome.EXHAUSTED;
import static dev.retrykit.test.RetryAssertions.retries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** {@link RetryChaos} makes the named service fail without touching the code under test. */
@RetryTest
@RetryChaos(service = "inventory", exception = SQLTransientConnectionException.class)
@SpringBootTest(classes = InventoryTestApplication.class, properties = {
        "retry.services.inventory.template=database", "retry.services.inventory.max-attempts=3"})
class RetryChaosTest {

    @Autowired
    InventoryTestApplication.Inventory inventory;

    @Test
    void everyAttemptOfTheNamedServiceFails() {
        assertThatThrownBy(() -> inventory.stock("SKU-1"))
                .isInstanceOf(SQLTransientConnectionException.class).hasMessageContaining("retrykit chaos");

        assertThat(retries("inventory")).hadCalls(1).hadAttempts(3).endedWith(EXHAUSTED);
        assertThat(inventory.invocations()).as("the method itself never ran").isZero();
    }
}
