package dev.xenolith.guest.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Wake-up latency percentiles: never below the true value and within 1.6 % above it (64 steps per octave). */
class LatencyHistogramTest {

    @Test
    void anEmptyHistogramReportsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.count()).isZero();
        assertThat(h.percentile(0.5)).isZero();
        assertThat(h.max()).isZero();
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 0; v < 64; v++) {
            h.record(v);
        }
        assertThat(h.percentile(0.5)).isEqualTo(31);
        assertThat(h.percentile(1.0)).isEqualTo(63);
        assertThat(h.percentile(0)).isZero();
    }

    /** Log-uniform samples from 1 ns to 10 s: every percentile within 1.6 % of the exact order statistic. */
    @Test
    void percentilesAreWithinOnePointSixPercent() {
        SplittableRandom random = new SplittableRandom(16);
        int n = 100_000;
        long[] samples = new long[n];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < n; i++) {
            samples[i] = (long) Math.pow(10, random.nextDouble(0, 10));
            h.record(samples[i]);
        }
        Arrays.sort(samples);

        assertThat(h.count()).isEqualTo(n);
        assertThat(h.max()).isEqualTo(samples[n - 1]);
        for (double fraction = 0.001; fraction <= 1.0; fraction += 0.001) {
            long exact = samples[(int) Math.max(1, Math.ceil(fraction * n)) - 1];
            assertThat(h.percentile(fraction)).as("p%.1f", fraction * 100)
                    .isBetween(exact, (long) Math.floor(exact * 1.016));
        }
    }

    @Test
    void negativeSamplesCountAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        assertThat(h.percentile(1.0)).isZero();
        assertThat(h.count()).isEqualTo(1);
    }
}
