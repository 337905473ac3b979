package dev.xenolith.devices.pit;

import static dev.xenolith.devices.pit.PitBench.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OUT timing of each counter mode against the 8254 datasheet. A count written at clock w is loaded on
 * clock w + 1 (that clock does not decrement), so every expected edge below is "w + 1 + something".
 */
final class Pit8254ModesTest {
    /** Control words for counter 0, LSB then MSB, binary. */
    private static final int MODE0 = 0x30;
    private static final int MODE1 = 0x32;
    private static final int MODE2 = 0x34;
    private static final int MODE3 = 0x36;
    private static final int MODE4 = 0x38;
    private static final int MODE5 = 0x3A;
    private static final int MODE6 = 0x3C;

    private final PitBench bench = new PitBench();

    @Test
    @DisplayName("mode 2 at divisor 11932 (Linux HZ=100): exactly 100 rising edges in one simulated second")
    void mode2_divisor11932_hundredRisingEdgesPerSecond() {
        bench.program(MODE2, 11932, 0);
        bench.runUntil(Picos.ofSeconds(3));

        List<PitBench.Transition> rising = bench.irq0.stream().filter(PitBench.Transition::high).toList();
        long first = rising.get(0).time();
        long inOneSecond = rising.stream().filter(t -> t.time() < first + Picos.PER_SECOND).count();

        // 1,193,182 / 11,932 = 99.998 Hz: the 101st edge comes 18 clocks after the second is over.
        assertThat(inOneSecond).isEqualTo(100);
        assertThat(rising.get(100).time()).isGreaterThan(first + Picos.PER_SECOND);
    }

    @Test
    void mode2_period_isExactly11932PitClocksAndLowForOneClock() {
        bench.program(MODE2, 11932, 0);
        bench.runUntil(Picos.ofSeconds(1));

        List<Long> rising = bench.risingClocks();
        assertThat(rising).hasSizeGreaterThan(50);
        for (int i = 0; i < rising.size(); i++) {
            // Every edge lands exactly on a PIT clock edge: period in ps = 11932 PIT clocks, no drift.
            assertThat(rising.get(i)).isEqualTo(1 + 11932L * (i + 1));
            assertThat(bench.irq0.get(2 * i + 1).time()).isEqualTo(at(1 + 11932L * (i + 1)));
        }
        assertThat(bench.fallingClocks()).startsWith(11932L, 2 * 11932L, 3 * 11932L);
        assertThat(at(1 + 2 * 11932L) - at(1 + 11932L)).isBetween(10_000_150_857L, 10_000_150_858L);
    }

    @Test
    void mode2_counterReadsNDownTo1_outLowExactlyWhileItReads1() {
        bench.program(MODE2, 5, 0);

        for (long clock = 1; clock <= 11; clock++) {
            int expected = 5 - (int) ((clock - 1) % 5);
            assertThat(bench.latchAndRead(0, clock)).as("CE at clock %d", clock).isEqualTo(expected);
            assertThat(bench.pit.output(0, at(clock))).as("OUT at clock %d", clock).isEqualTo(expected != 1);
        }
    }

    @Test
    void mode3_evenCount_highForHalfAndLowForHalf() {
        bench.program(MODE3, 10, 0);
        bench.runUntil(at(40));

        assertThat(bench.fallingClocks()).containsExactly(6L, 16L, 26L, 36L);
        assertThat(bench.risingClocks()).containsExactly(11L, 21L, 31L);
    }

    @Test
    void mode3_oddCount_highForCeilAndLowForFloorOfHalf() {
        bench.program(MODE3, 11, 0);
        bench.runUntil(at(40));

        // High 6 clocks (1..6), low 5 (7..11), period 11.
        assertThat(bench.fallingClocks()).containsExactly(7L, 18L, 29L, 40L);
        assertThat(bench.risingClocks()).containsExactly(12L, 23L, 34L);
    }

    @Test
    void mode3_counterDecrementsByTwo_oddCountsLoadNMinusOne() {
        bench.program(MODE3, 10, 0);
        int[] even = new int[11];
        for (int clock = 1; clock <= 10; clock++) {
            even[clock] = bench.latchAndRead(0, clock);
        }
        assertThat(even).containsExactly(0, 10, 8, 6, 4, 2, 10, 8, 6, 4, 2);

        PitBench odd = new PitBench();
        odd.program(MODE3, 11, 0);
        int[] values = new int[12];
        for (int clock = 1; clock <= 11; clock++) {
            values[clock] = odd.latchAndRead(0, clock);
        }
        // High half: N-1 down to 0 (one clock past expiry); low half: N-1 down to 2.
        assertThat(values).containsExactly(0, 10, 8, 6, 4, 2, 0, 10, 8, 6, 4, 2);
    }

    @Test
    void mode0_outLowAfterControlWord_risesNPlusOneClocksAfterTheCount_andStaysHigh() {
        bench.write(Pit8254.PORT_CONTROL, MODE0, 0);
        assertThat(bench.irq0).containsExactly(new PitBench.Transition(at(0), false));

        bench.write(Pit8254.PORT_COUNTER0, 100, 5);
        bench.write(Pit8254.PORT_COUNTER0, 0, 5);
        bench.runUntil(Picos.ofSeconds(10));

        assertThat(bench.risingClocks()).containsExactly(5L + 1 + 100);
        assertThat(bench.fallingClocks()).containsExactly(0L);
        assertThat(bench.queue.isEmpty()).as("nothing more scheduled after terminal count").isTrue();
    }

    @Test
    void mode0_afterTerminalCount_counterWrapsAndKeepsCounting() {
        bench.program(MODE0, 3, 0);

        assertThat(bench.latchAndRead(0, 1)).isEqualTo(3);
        assertThat(bench.latchAndRead(0, 4)).isEqualTo(0);
        assertThat(bench.latchAndRead(0, 5)).isEqualTo(0xFFFF);
        assertThat(bench.latchAndRead(0, 104)).isEqualTo(0xFFFF - 99);
        assertThat(bench.pit.output(0, at(104))).isTrue();
    }

    @Test
    void mode0_newCountWhileCounting_restartsFromTheNewCount() {
        bench.program(MODE0, 1000, 0);
        bench.write(Pit8254.PORT_COUNTER0, 100, 500);
        bench.write(Pit8254.PORT_COUNTER0, 0, 500);
        assertThat(bench.latchAndRead(0, 550)).isEqualTo(100 - 49);
        bench.runUntil(at(5000));

        assertThat(bench.risingClocks()).containsExactly(500L + 1 + 100);
    }

    @Test
    void mode0_firstByteOfTwoStopsCountingAndDropsOut_secondByteRestarts() {
        bench.program(MODE0, 100, 0);
        bench.write(Pit8254.PORT_COUNTER0, 0x20, 200);
        bench.runUntil(at(300));

        assertThat(bench.fallingClocks()).containsExactly(0L, 200L);
        int frozen = 0x10000 - 99; // 100 - 199, wrapped, at clock 200
        assertThat(bench.read(Pit8254.PORT_COUNTER0, 250)).isEqualTo(frozen & 0xFF);
        assertThat(bench.read(Pit8254.PORT_COUNTER0, 290)).isEqualTo(frozen >>> 8);

        bench.write(Pit8254.PORT_COUNTER0, 0x00, 300);
        bench.runUntil(at(1000));
        assertThat(bench.risingClocks()).containsExactly(101L, 300L + 1 + 0x20);
    }

    @Test
    void mode2_newCountWhileCounting_takesEffectAtTheNextReload() {
        bench.program(MODE2, 1000, 0);
        bench.write(Pit8254.PORT_COUNTER0, 500 & 0xFF, 1300);
        bench.write(Pit8254.PORT_COUNTER0, 500 >>> 8, 1300);
        bench.runUntil(at(3200));

        // The period in progress (1001..2001) finishes with the old count, then 500-clock periods
        // (a restart would have given edges at 1801, 2301, ...).
        assertThat(bench.risingClocks()).containsExactly(1001L, 2001L, 2501L, 3001L);
        assertThat(bench.fallingClocks()).containsExactly(1000L, 2000L, 2500L, 3000L);
    }

    @Test
    void mode3_newCountWhileCounting_takesEffectAtTheEndOfTheHalfCycle() {
        bench.program(MODE3, 1000, 0);
        bench.write(Pit8254.PORT_COUNTER0, 200, 300);
        bench.write(Pit8254.PORT_COUNTER0, 0, 300);
        bench.runUntil(at(900));

        // High half of 1000 ends at 501; the new count goes on from there with its low half (100).
        assertThat(bench.fallingClocks()).containsExactly(501L, 701L);
        assertThat(bench.risingClocks()).containsExactly(601L, 801L);
    }

    @Test
    void mode3_newCountInTheLowHalf_startsWithItsHighHalf() {
        bench.program(MODE3, 1000, 0);
        bench.write(Pit8254.PORT_COUNTER0, 200, 700);
        bench.write(Pit8254.PORT_COUNTER0, 0, 700);
        bench.runUntil(at(1400));

        assertThat(bench.risingClocks()).containsExactly(1001L, 1201L);
        assertThat(bench.fallingClocks()).containsExactly(501L, 1101L, 1301L);
    }

    @Test
    void mode4_strobesLowForOneClockOnce() {
        bench.program(MODE4, 50, 0);
        bench.runUntil(Picos.ofSeconds(1));

        assertThat(bench.fallingClocks()).containsExactly(51L);
        assertThat(bench.risingClocks()).containsExactly(52L);
        assertThat(bench.queue.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("modes 1 and 5 wait for a GATE trigger, which a tied-high GATE never gives")
    void modes1And5_gateTiedHigh_neverTrigger() {
        for (int mode : new int[] {MODE1, MODE5}) {
            PitBench b = new PitBench();
            b.program(mode, 10, 0);
            b.runUntil(Picos.ofSeconds(1));

            assertThat(b.irq0).isEmpty();
            assertThat(b.queue.isEmpty()).isTrue();
            int status = b.status(0, 1000);
            assertThat(status & PitChannel.STATUS_OUT).isNotZero();
            assertThat(status & PitChannel.STATUS_NULL_COUNT).isNotZero();
        }
    }

    @Test
    void mode6_actsAsMode2_andReadsBackAsWritten() {
        bench.program(MODE6, 10, 0);
        bench.runUntil(at(35));

        assertThat(bench.risingClocks()).containsExactly(11L, 21L, 31L);
        assertThat(bench.status(0, 40) >> PitChannel.STATUS_MODE_SHIFT & 0x7).isEqualTo(6);
    }

    @Test
    void controlWord_setsOutLowForMode0AndHighForTheOthers() {
        bench.write(Pit8254.PORT_CONTROL, MODE0, 10);
        bench.write(Pit8254.PORT_CONTROL, MODE2, 20);

        assertThat(bench.irq0).containsExactly(
                new PitBench.Transition(at(10), false), new PitBench.Transition(at(20), true));
        assertThat(bench.queue.isEmpty()).as("no count, nothing counts").isTrue();
    }

    @Test
    void count0_means65536() {
        bench.program(MODE2, 0, 0);
        bench.runUntil(at(3 * 65536L + 10));

        assertThat(bench.risingClocks()).containsExactly(1 + 65536L, 1 + 2 * 65536L, 1 + 3 * 65536L);
        assertThat(bench.latchAndRead(0, 3 * 65536L + 1)).isEqualTo(0);
        assertThat(bench.latchAndRead(0, 3 * 65536L + 2)).isEqualTo(0xFFFF);
    }

    @Test
    void writeStampedAheadOfTheMachine_deliversTheOverdueEdgesFirst() {
        bench.program(MODE2, 100, 0);
        // The machine stays at clock 0 while a CPU, 350 clocks ahead, reprograms the counter.
        bench.pit.ioWrite(Pit8254.PORT_CONTROL, 1, MODE0, at(350));

        assertThat(bench.irq0.stream().filter(PitBench.Transition::high).count()).isEqualTo(3);
        assertThat(bench.irq0.get(bench.irq0.size() - 1).high()).isFalse();
        assertThat(bench.queue.isEmpty()).isTrue();
    }

    @Test
    void runningTimer_keepsAtMostOneEventQueued() {
        bench.program(MODE2, 7, 0);
        for (long clock = 0; clock < 200; clock++) {
            bench.runUntil(at(clock));
            assertThat(bench.queue.size()).isEqualTo(1);
        }
    }

    @Test
    void counter2Output_followsItsModeWithoutTouchingIrq0() {
        bench.program(0xB0, 20, 0); // counter 2, mode 0: the PC's TSC-calibration idiom

        assertThat(bench.pit.output(2, at(20))).isFalse();
        assertThat(bench.pit.output(2, at(21))).isTrue();
        assertThat(bench.irq0).isEmpty();
        assertThat(bench.queue.isEmpty()).isTrue();
    }
}
