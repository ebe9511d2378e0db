package dev.retrykit.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {

    @Test
    void defaultMaxTimeInHalfOpenIsOneMinute() {
        assertThat(CircuitBreakerConfig.DEFAULT.maxTimeInHalfOpen()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void builderSetsMaxTimeInHalfOpen() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().maxTimeInHalfOpen(Duration.ofSeconds(5)).build();

        assertThat(config.maxTimeInHalfOpen()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void rejectsAMaxTimeInHalfOpenThatIsNotPositive() {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder();

        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxTimeInHalfOpen(Duration.ZERO).build())
                .withMessage("maxTimeInHalfOpen must be positive: PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxTimeInHalfOpen(Duration.ofSeconds(-1)).build())
                .withMessage("maxTimeInHalfOpen must be positive: PT-1S");
    }
}
