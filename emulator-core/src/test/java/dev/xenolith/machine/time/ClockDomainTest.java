package dev.xenolith.machine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ClockDomainTest {

    @Test
    void twoGigahertz_cycleIsHalfANanosecond() {
        ClockDomain cpu = ClockDomain.of("cpu", 2_000_000_000L);
        assertThat(cpu.timeOf(1)).isEqualTo(500);
        assertThat(cpu.timeOf(2_000_000_000L)).isEqualTo(Picos.PER_SECOND);
        assertThat(cpu.cyclesIn(Picos.PER_MILLISECOND)).isEqualTo(2_000_000);
    }

    @Test
    void pitCrystal_oneSecondHoldsExactly1193182Cycles() {
        ClockDomain pit = ClockDomain.of("pit", 1_193_182L);
        assertThat(pit.cyclesIn(Picos.PER_SECOND)).isEqualTo(1_193_182L);
        assertThat(pit.cyclesIn(Picos.PER_SECOND - 1)).isEqualTo(1_193_181L);
        assertThat(pit.timeOf(1_193_182L)).isEqualTo(Picos.PER_SECOND);
        // one PIT clock is 838.095... ns: rounds up to the next picosecond
        assertThat(pit.timeOf(1)).isEqualTo(838_096L);
    }

    @Test
    void threeGigahertz_periodIsNotWholePicosButSecondsAreExact() {
        ClockDomain cpu = ClockDomain.of("cpu", 3_000_000_000L);
        assertThat(cpu.timeOf(1)).isEqualTo(334);
        assertThat(cpu.timeOf(3)).isEqualTo(1000);
        assertThat(cpu.timeOf(3_000_000_000L * 60)).isEqualTo(60 * Picos.PER_SECOND);
    }

    @ParameterizedTest
    @ValueSource(longs = {2_000_000_000L, 3_000_000_000L, 1_193_182L, 100_000_000L, 1_843_200L, 2_400_000_000L,
            1_000L, 4_294_967L})
    void cyclesIn_timeOf_roundTripsExactly(long hertz) {
        ClockDomain clock = ClockDomain.of("c", hertz);
        SplittableRandom random = new SplittableRandom(hertz);
        for (int i = 0; i < 10_000; i++) {
            long cycles = random.nextLong(hertz * 86_400); // up to a simulated day
            assertThat(clock.cyclesIn(clock.timeOf(cycles))).as("cycles %d", cycles).isEqualTo(cycles);
            assertThat(clock.cyclesIn(clock.timeOf(cycles) - 1)).as("just before cycle %d", cycles)
                    .isEqualTo(cycles - 1);
        }
    }

    @Test
    void frequencyWithoutExactPeriod_isRejectedWithAReason() {
        assertThatThrownBy(() -> ClockDomain.of("odd", 2_000_000_001L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("odd")
                .hasMessageContaining("whole number of kHz");
        assertThatThrownBy(() -> ClockDomain.of("zero", 0)).hasMessageContaining("outside");
    }
}
