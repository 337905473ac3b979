package dev.xenolith.devices.pit;

import static dev.xenolith.devices.pit.PitBench.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Register-level behaviour of the 8254: access modes, byte flip-flops, latches, read-back, BCD, reset. */
final class Pit8254RegistersTest {
    private static final int COUNTER0 = Pit8254.PORT_COUNTER0;
    private static final int CONTROL = Pit8254.PORT_CONTROL;

    private final PitBench bench = new PitBench();

    @Test
    void latchCommand_freezesTheCountUntilItIsRead() {
        bench.program(0x34, 1000, 0);
        bench.write(CONTROL, 0x00, 101); // latch counter 0: CE is 1000 - 100

        assertThat(bench.read(COUNTER0, 500)).isEqualTo(900 & 0xFF);
        assertThat(bench.read(COUNTER0, 600)).isEqualTo(900 >>> 8);
        // Both bytes read: the latch is released and reads follow the CE again (1000 - 699).
        assertThat(bench.read(COUNTER0, 700)).isEqualTo(301 & 0xFF);
    }

    @Test
    void latchCommand_secondLatchBeforeReadIsIgnored() {
        bench.program(0x34, 1000, 0);
        bench.write(CONTROL, 0x00, 101);
        bench.write(CONTROL, 0x00, 201);

        assertThat(bench.read(COUNTER0, 300) | bench.read(COUNTER0, 300) << 8).isEqualTo(900);
    }

    @Test
    void latchCommand_doesNotChangeModeOrAccess() {
        bench.program(0x34, 1000, 0);
        int before = bench.status(0, 10);
        bench.write(CONTROL, 0x00, 20);
        bench.read(COUNTER0, 20);
        bench.read(COUNTER0, 20);

        assertThat(bench.status(0, 30) & 0x3F).isEqualTo(before & 0x3F);
    }

    @Test
    void lsbOnlyAccess_writesTheLowByteWithHighByteZero_andReadsOnlyTheLowByte() {
        bench.write(CONTROL, 0x14, 0); // counter 0, LSB only, mode 2
        bench.write(COUNTER0, 0x12, 0);
        bench.runUntil(at(100));

        // Period 0x12 = 18 clocks.
        assertThat(bench.risingClocks()).startsWith(19L, 37L, 55L);
        assertThat(bench.read(COUNTER0, 19)).isEqualTo(18);
        assertThat(bench.read(COUNTER0, 20)).isEqualTo(17);
    }

    @Test
    void msbOnlyAccess_writesTheHighByteWithLowByteZero_andReadsOnlyTheHighByte() {
        bench.write(CONTROL, 0x24, 0); // counter 0, MSB only, mode 2
        bench.write(COUNTER0, 0x12, 0);
        bench.runUntil(at(0x1200 + 2));

        assertThat(bench.risingClocks()).containsExactly(1L + 0x1200);
        assertThat(bench.read(COUNTER0, 1)).isEqualTo(0x12);
        assertThat(bench.read(COUNTER0, 2)).isEqualTo(0x11); // 0x11FF
    }

    @Test
    void lsbMsbAccess_readAndWriteFlipFlopsAreIndependent() {
        bench.program(0x30, 0x1234, 0); // mode 0: CE 0x1234 at clock 1, counting down
        // The datasheet's valid interleaving: read LSB, write LSB, read MSB, write MSB.
        int lsb = bench.read(COUNTER0, 1);
        bench.write(COUNTER0, 0x78, 1);
        int msb = bench.read(COUNTER0, 1);
        bench.write(COUNTER0, 0x56, 1);

        assertThat(msb << 8 | lsb).isEqualTo(0x1234);
        assertThat(bench.latchAndRead(0, 2)).isEqualTo(0x5678);
    }

    @Test
    void controlWord_resetsTheByteFlipFlops() {
        bench.write(CONTROL, 0x34, 0);
        bench.write(COUNTER0, 0xAA, 0); // an LSB, then the counter is reprogrammed
        bench.program(0x34, 0x0102, 0);

        assertThat(bench.latchAndRead(0, 1)).isEqualTo(0x0102);
    }

    @Test
    void readBack_statusByte_reportsOutNullCountAccessModeAndBcd() {
        bench.write(CONTROL, 0x34, 0);
        assertThat(bench.status(0, 0)).isEqualTo(0x80 | 0x40 | 0x30 | 0x04); // no count yet

        bench.write(COUNTER0, 10, 5);
        bench.write(COUNTER0, 0, 5);
        assertThat(bench.status(0, 5)).as("count not yet in the CE").isEqualTo(0xF4);
        assertThat(bench.status(0, 6)).as("loaded on the next clock").isEqualTo(0xB4);
        assertThat(bench.status(0, 15)).as("OUT low for the clock the CE reads 1").isEqualTo(0x34);

        bench.write(CONTROL, 0x71, 20); // counter 1, LSB then MSB, mode 0, BCD
        assertThat(bench.status(1, 20)).isEqualTo(0x40 | 0x30 | 0x01);
    }

    @Test
    void readBack_countAndStatus_statusIsReadFirst() {
        bench.program(0x34, 1000, 0);
        bench.write(CONTROL, 0xC2, 101); // latch count and status of counter 0

        assertThat(bench.read(COUNTER0, 200)).isEqualTo(0xB4);
        assertThat(bench.read(COUNTER0, 300) | bench.read(COUNTER0, 400) << 8).isEqualTo(900);
    }

    @Test
    void readBack_latchesEverySelectedCounterAtTheSameInstant() {
        bench.program(0x34, 1000, 0);
        bench.program(0x74, 2000, 0);
        bench.program(0xB4, 3000, 0);
        bench.write(CONTROL, 0xDE, 11); // count only, counters 0, 1 and 2

        for (int channel = 0; channel < 3; channel++) {
            int port = COUNTER0 + channel;
            int count = bench.read(port, 500) | bench.read(port, 600) << 8;
            assertThat(count).isEqualTo(1000 * (channel + 1) - 10);
        }
    }

    @Test
    void readBack_doesNotLatchUnselectedCounters() {
        bench.program(0x34, 1000, 0);
        bench.program(0x74, 1000, 0);
        bench.write(CONTROL, 0xD2, 11); // count of counter 0 only

        assertThat(bench.read(COUNTER0 + 1, 101) | bench.read(COUNTER0 + 1, 101) << 8).isEqualTo(900);
    }

    @Test
    void bcd_countsInDecimalDigits() {
        bench.program(0x35, 0x1000, 0); // mode 2, BCD 1000
        bench.runUntil(at(2100));

        assertThat(bench.risingClocks()).containsExactly(1001L, 2001L);
        assertThat(bench.latchAndRead(0, 2002)).isEqualTo(0x0999);
    }

    @Test
    void bcd_count0MeansTenThousand_andWrapsTo9999() {
        bench.program(0x35, 0x0000, 0);
        bench.runUntil(at(20_005));

        assertThat(bench.risingClocks()).containsExactly(10_001L, 20_001L);
        assertThat(bench.latchAndRead(0, 20_001)).isEqualTo(0x0000);
        assertThat(bench.latchAndRead(0, 20_002)).isEqualTo(0x9999);
    }

    @Test
    void nullCount_staysSetUntilAMidCycleCountReachesTheCe() {
        bench.program(0x34, 1000, 0);
        bench.write(COUNTER0, 500 & 0xFF, 1500);
        bench.write(COUNTER0, 500 >>> 8, 1500);

        assertThat(bench.status(0, 2000) & PitChannel.STATUS_NULL_COUNT).isNotZero();
        assertThat(bench.status(0, 2001) & PitChannel.STATUS_NULL_COUNT).isZero();
    }

    @Test
    void controlPort_isWriteOnly_readsFloatingBus() {
        assertThat(bench.read(CONTROL, 0)).isEqualTo(0xFF);
    }

    @Test
    void wideRead_returnsTheByteInTheLowLaneAndOnesAbove() {
        bench.program(0x14 | 0x20, 0x0000, 0); // counter 0, LSB then MSB, mode 2, count 65536

        assertThat(bench.pit.ioRead(COUNTER0, 2, at(2))).isEqualTo(0xFF00 | 0xFF);
        assertThat(bench.pit.ioRead(CONTROL, 4, at(2))).isEqualTo(0xFFFFFFFF);
    }

    @Test
    void accessStampedEarlierThanOneAlreadySeen_isTreatedAsSimultaneous() {
        bench.program(0x34, 1000, 0);
        bench.pit.ioWrite(CONTROL, 1, 0x00, at(501)); // a CPU far ahead latches: CE is 500
        int lsb = bench.pit.ioRead(COUNTER0, 1, at(301)); // another, behind it, reads the latch
        int msb = bench.pit.ioRead(COUNTER0, 1, at(301));

        assertThat(msb << 8 | lsb).isEqualTo(500);
        assertThat(bench.latchAndRead(0, 301)).as("device time never runs backwards").isEqualTo(500);
    }

    @Test
    void reset_restoresPowerOnStateAndDeschedulesTheTimer() {
        bench.program(0x30, 1000, 0); // mode 0: OUT low, counting
        bench.runUntil(at(100));
        bench.irq0.clear();

        bench.pit.reset();

        assertThat(bench.queue.isEmpty()).isTrue();
        assertThat(bench.irq0).extracting(PitBench.Transition::high).containsExactly(true);
        // As after control word 0x36 with no count: OUT high, null count, LSB then MSB, mode 3.
        assertThat(bench.status(0, 0)).isEqualTo(0xF6);
        assertThat(bench.status(2, 0)).isEqualTo(0xF6);
        assertThat(bench.latchAndRead(0, 0)).isZero();
    }
}
