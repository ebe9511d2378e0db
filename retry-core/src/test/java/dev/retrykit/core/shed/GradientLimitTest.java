package dev.retrykit.core.shed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class GradientLimitTest {

    private static final long NORMAL_RTT = 10_000_000L;

    private static GradientLimit warmedUp() {
        GradientLimit limit = GradientLimit.builder().initialLimit(20).build();
        for (int i = 0; i < 20; i++) {
            limit.onSample(NORMAL_RTT, 1, false);
        }
        return limit;
    }

    @Test
    void growsWhileLatencyStaysNormalAndTheServiceIsBusy() {
        GradientLimit limit = warmedUp();
        for (int i = 0; i < 20; i++) {
            limit.onSample(NORMAL_RTT, limit.limit(), false);
        }

        assertThat(limit.limit()).isGreaterThan(25);
    }

    @Test
    void shrinksWhenLatencyRisesWellAboveNormal() {
        GradientLimit limit = warmedUp();
        for (int i = 0; i < 20; i++) {
            limit.onSample(NORMAL_RTT * 4, 20, false);
        }

        assertThat(limit.limit()).isLessThan(15);
    }

    @Test
    void shrinksOnDrops() {
        GradientLimit limit = warmedUp();
        int before = limit.limit();
        for (int i = 0; i < 10; i++) {
            limit.onSample(NORMAL_RTT, 1, true);
        }

        assertThat(limit.limit()).isLessThan(before);
    }

    @Test
    void doesNotGrowWhileTheServiceIsNotBusy() {
        GradientLimit limit = warmedUp();
        for (int i = 0; i < 50; i++) {
            limit.onSample(NORMAL_RTT, 2, false);
        }

        assertThat(limit.limit()).isEqualTo(20);
    }

    @Test
    void neverLeavesItsBounds() {
        GradientLimit limit = GradientLimit.builder().initialLimit(8).minLimit(6).maxLimit(12).build();
        for (int i = 0; i < 100; i++) {
            limit.onSample(NORMAL_RTT, 12, false);
        }
        assertThat(limit.limit()).isEqualTo(12);
        for (int i = 0; i < 100; i++) {
            limit.onSample(NORMAL_RTT * 100, 12, true);
        }

        assertThat(limit.limit()).isEqualTo(6);
    }

    @Test
    void rejectsToleranceBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> GradientLimit.builder().tolerance(0.5).build())
                .withMessageContaining("tolerance");
    }
}
