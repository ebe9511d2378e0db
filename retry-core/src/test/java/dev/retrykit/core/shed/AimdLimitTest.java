package dev.retrykit.core.shed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AimdLimitTest {

    private static final long FAST = 1_000_000L;

    @Test
    void growsByOneForEachBusyCallCompletingInTime() {
        AimdLimit limit = AimdLimit.builder().initialLimit(10).build();

        limit.onSample(FAST, 5, false);
        limit.onSample(FAST, 10, false);

        assertThat(limit.limit()).isEqualTo(12);
    }

    @Test
    void doesNotGrowWhileLessThanHalfTheLimitIsInFlight() {
        AimdLimit limit = AimdLimit.builder().initialLimit(10).build();

        limit.onSample(FAST, 4, false);

        assertThat(limit.limit()).isEqualTo(10);
    }

    @Test
    void shrinksByTheBackoffRatioOnADrop() {
        AimdLimit limit = AimdLimit.builder().initialLimit(20).backoffRatio(0.9).build();

        limit.onSample(FAST, 20, true);

        assertThat(limit.limit()).isEqualTo(18);
    }

    @Test
    void callSlowerThanTheTimeoutCountsAsADrop() {
        AimdLimit limit = AimdLimit.builder().initialLimit(20).timeout(Duration.ofSeconds(1)).build();

        limit.onSample(Duration.ofSeconds(2).toNanos(), 20, false);

        assertThat(limit.limit()).isEqualTo(18);
    }

    @Test
    void staysWithinItsBounds() {
        AimdLimit limit = AimdLimit.builder().initialLimit(3).minLimit(2).maxLimit(4).build();
        for (int i = 0; i < 10; i++) {
            limit.onSample(FAST, 4, false);
        }
        assertThat(limit.limit()).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            limit.onSample(FAST, 4, true);
        }

        assertThat(limit.limit()).isEqualTo(2);
    }

    @Test
    void rejectsInconsistentBounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> AimdLimit.builder().initialLimit(5).maxLimit(4).build())
                .withMessageContaining("minLimit <= initialLimit <= maxLimit");
    }
}
