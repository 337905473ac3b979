package dev.xenolith.devices.pic;

import static dev.xenolith.devices.pic.PicBench.ELCR1;
import static dev.xenolith.devices.pic.PicBench.ELCR2;
import static dev.xenolith.devices.pic.PicBench.ICW4_8086;
import static dev.xenolith.devices.pic.PicBench.ICW4_8086_AEOI;
import static dev.xenolith.devices.pic.PicBench.MASTER_CMD;
import static dev.xenolith.devices.pic.PicBench.MASTER_IMR;
import static dev.xenolith.devices.pic.PicBench.POLL;
import static dev.xenolith.devices.pic.PicBench.READ_IRR;
import static dev.xenolith.devices.pic.PicBench.READ_ISR;
import static dev.xenolith.devices.pic.PicBench.SLAVE_CMD;
import static dev.xenolith.devices.pic.PicBench.SLAVE_IMR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.xenolith.machine.bus.IrqLine;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** OCW3 (register reads, poll), the data port, the INT output, the I/O decoding and reset. */
final class I8259PairStatusTest {

    @Test
    @DisplayName("OCW3 RR/RIS: the selection sticks across reads until changed")
    void ocw3_readSelect_persistsAcrossReads() {
        PicBench bench = PicBench.initialized();
        bench.raise(1);
        bench.inta();
        bench.pulse(4);

        bench.out(MASTER_CMD, READ_ISR);
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x02);
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x02);

        bench.out(MASTER_CMD, READ_IRR);
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x10);
        bench.out(MASTER_CMD, 0x08); // OCW3 with RR = 0: no change of selection
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x10);
    }

    @Test
    void dataPort_readsImrOfEachChip() {
        PicBench bench = PicBench.initialized();

        bench.out(MASTER_IMR, 0xB8);
        bench.out(SLAVE_IMR, 0x71);

        assertThat(bench.in(MASTER_IMR)).isEqualTo(0xB8);
        assertThat(bench.in(SLAVE_IMR)).isEqualTo(0x71);
    }

    @Test
    @DisplayName("Linux probe_8259A: 0xFB written to the master IMR reads back")
    void dataPort_linuxProbePattern_readsBack() {
        PicBench bench = new PicBench();

        bench.out(MASTER_IMR, 0xFF);
        bench.out(MASTER_IMR, 0xFB);

        assertThat(bench.in(MASTER_IMR)).isEqualTo(0xFB);
    }

    @Test
    @DisplayName("poll: the next command-port read returns 0x80 | level and puts the level in service")
    void poll_pendingRequest_returnsLevelAndActsAsInta() {
        PicBench bench = PicBench.initialized();
        bench.raise(5);
        bench.raise(3);

        bench.out(MASTER_CMD, POLL);

        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x83);
        assertThat(bench.masterIsr()).isEqualTo(0x08);
        assertThat(bench.masterIrr()).isEqualTo(0x20);
    }

    @Test
    void poll_nothingPending_returnsZero() {
        PicBench bench = PicBench.initialized();

        bench.out(MASTER_CMD, POLL);

        assertThat(bench.in(MASTER_CMD)).isZero();
    }

    @Test
    @DisplayName("poll honours the in-service level: a lower request is not reported")
    void poll_lowerThanInService_returnsZero() {
        PicBench bench = PicBench.initialized();
        bench.raise(0);
        bench.raise(1);
        bench.inta();
        bench.raise(6);

        bench.out(MASTER_CMD, POLL);

        assertThat(bench.in(MASTER_CMD)).isZero();
    }

    @Test
    @DisplayName("poll is one-shot: the read after it returns the selected register again")
    void poll_consumedByOneRead() {
        PicBench bench = PicBench.initialized();
        bench.pulse(6);
        bench.out(MASTER_CMD, READ_ISR);

        bench.out(MASTER_CMD, POLL);
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x86);
        assertThat(bench.in(MASTER_CMD)).as("ISR, still selected").isEqualTo(0x40);
    }

    @Test
    @DisplayName("poll and read-register in one OCW3: poll takes precedence, the selection applies after")
    void poll_withReadRegister_pollFirst() {
        PicBench bench = PicBench.initialized();
        bench.pulse(3);

        bench.out(MASTER_CMD, POLL | READ_ISR);

        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x83);
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x08);
    }

    @Test
    @DisplayName("a data-port read returns the IMR and leaves the poll pending (deliberate)")
    void poll_dataPortRead_returnsImrAndKeepsPoll() {
        PicBench bench = PicBench.initialized();
        bench.out(MASTER_IMR, 0x80);
        bench.pulse(4);
        bench.out(MASTER_CMD, POLL);

        assertThat(bench.in(MASTER_IMR)).isEqualTo(0x80);
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x84);
    }

    @Test
    @DisplayName("polling a slave IRQ: the master reports IR2, then the slave reports its level")
    void poll_slaveIrq_masterThenSlave() {
        PicBench bench = PicBench.initialized();
        bench.raise(13);

        bench.out(MASTER_CMD, POLL);
        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x82);
        bench.out(SLAVE_CMD, POLL);
        assertThat(bench.in(SLAVE_CMD)).isEqualTo(0x85);

        assertThat(bench.masterIsr()).isEqualTo(0x04);
        assertThat(bench.slaveIsr()).isEqualTo(0x20);
    }

    @Test
    void poll_autoEoi_leavesNothingInService() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_AEOI, ICW4_8086);
        bench.pulse(5);

        bench.out(MASTER_CMD, POLL);

        assertThat(bench.in(MASTER_CMD)).isEqualTo(0x85);
        assertThat(bench.masterIsr()).isZero();
    }

    @Test
    @DisplayName("INT follows what is deliverable: request, INTA, masked, unmasked, EOI")
    void intOutput_followsPendingState() {
        PicBench bench = PicBench.initialized();
        assertThat(bench.intHigh()).isFalse();

        bench.raise(3);
        assertThat(bench.intHigh()).as("request").isTrue();
        bench.inta();
        assertThat(bench.intHigh()).as("in service").isFalse();
        bench.pulse(1);
        assertThat(bench.intHigh()).as("higher level nests").isTrue();
        bench.out(MASTER_IMR, 0x02);
        assertThat(bench.intHigh()).as("masked").isFalse();
        bench.out(MASTER_IMR, 0x00);
        assertThat(bench.intHigh()).as("unmasked").isTrue();
        bench.serve(1);
        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("INT is driven only when its level changes, not once per request")
    void intOutput_moreRequestsWhileHigh_noFurtherCalls() {
        PicBench bench = PicBench.initialized();

        bench.raise(4);
        bench.raise(3);
        bench.raise(9);

        assertThat(bench.intPin.calls).isEqualTo(1);
        assertThat(bench.intPin.rises).isEqualTo(1);
    }

    @Test
    @DisplayName("AEOI with more pending: INT falls between the INTA pulses and rises at their end")
    void intOutput_autoEoiWithMorePending_lowPulseDuringInta() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_AEOI, ICW4_8086);
        bench.raise(0);
        bench.raise(5);

        bench.inta();

        assertThat(bench.intPin.falls).isEqualTo(1);
        assertThat(bench.intPin.rises).isEqualTo(2);
        assertThat(bench.intHigh()).isTrue();
    }

    @Test
    @DisplayName("AEOI slave with a second request: its INT pulse gives the master's IR2 a new edge")
    void autoEoiSlave_secondRequest_reachesCpuThroughNewEdge() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_AEOI, ICW4_8086_AEOI);
        bench.raise(11);
        bench.raise(12);

        assertThat(bench.inta()).isEqualTo(0x2B);
        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x2C);
        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("a 16-bit access is two byte accesses on consecutive ports")
    void wordAccess_splitIntoBytes() {
        PicBench bench = PicBench.initialized();
        bench.raise(5);
        bench.out(MASTER_IMR, 0x5A);

        bench.pic.ioWrite(ELCR1, 2, 0x0E60, 0);

        assertThat(bench.in(ELCR1)).isEqualTo(0x60);
        assertThat(bench.in(ELCR2)).isEqualTo(0x0E);
        assertThat(bench.pic.ioRead(MASTER_CMD, 2, 0)).isEqualTo(0x5A20);
    }

    @Test
    void undecodedPort_readsAllOnes_writeIgnored() {
        PicBench bench = PicBench.initialized();

        bench.out(0x22, 0x00);

        assertThat(bench.in(0x22)).isEqualTo(0xFF);
        assertThat(bench.pic.ioRead(MASTER_IMR, 2, 0)).as("0x22 is not ours").isEqualTo(0xFF00);
    }

    @Test
    void irq_outOfRange_rejectedAtWiring() {
        PicBench bench = new PicBench();

        assertThatThrownBy(() -> bench.pic.irq(16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bench.pic.irq(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("IRQ2 is the cascade: its external wire goes nowhere")
    void irq2_externalLine_unconnected() {
        PicBench bench = PicBench.initialized();

        assertThat(bench.pic.irq(2)).isSameAs(IrqLine.UNCONNECTED);
        bench.raise(2);
        assertThat(bench.masterIrr()).isZero();
    }

    @Test
    @DisplayName("reset: registers to the documented power-on state, INT low, data port is OCW1")
    void reset_restoresPowerOnState() {
        PicBench bench = PicBench.initialized();
        bench.out(ELCR1, 0x20);
        bench.out(MASTER_IMR, 0x0F);
        bench.raise(5);
        bench.out(MASTER_CMD, READ_ISR);
        bench.pulse(6);
        bench.out(MASTER_IMR, 0x00);
        bench.inta();
        bench.pulse(4);
        assertThat(bench.intHigh()).isTrue();

        bench.pic.reset();

        assertThat(bench.intHigh()).isFalse();
        assertThat(bench.in(MASTER_CMD)).as("IRR selected and empty").isZero();
        assertThat(bench.masterIsr()).isZero();
        assertThat(bench.in(MASTER_IMR)).isZero();
        assertThat(bench.in(ELCR1)).isZero();
        bench.out(MASTER_IMR, 0x33);
        assertThat(bench.in(MASTER_IMR)).as("not in an init sequence").isEqualTo(0x33);
    }

    @Test
    @DisplayName("after reset, before ICW4, the chip is in MCS-80/85 mode with interval 8")
    void reset_vectorsBeforeInitialization() {
        PicBench bench = PicBench.initialized();
        bench.pic.reset();

        bench.pulse(3);

        assertThat(bench.inta()).isEqualTo(3 << 3);
    }

    @Test
    @DisplayName("register access, raise/lower, INTA and EOI allocate nothing")
    void hotPath_allocatesNothing() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof ThreadMXBean, "this JVM cannot count allocated bytes");
        ThreadMXBean counter = (ThreadMXBean) threads;
        PicBench bench = PicBench.initialized();
        bench.out(ELCR2, 0x08);
        cycle(bench, 1_000); // warm up, and let the allocation counter itself settle

        long before = counter.getCurrentThreadAllocatedBytes();
        cycle(bench, 100_000);
        long allocated = counter.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes for 100k interrupts; one object each would be > 1 MB").isLessThan(4096);
    }

    private static void cycle(PicBench bench, int times) {
        IrqLine timer = bench.pic.irq(0);
        IrqLine disk = bench.pic.irq(11);
        for (int i = 0; i < times; i++) {
            timer.raise();
            disk.raise();
            bench.pic.interruptAcknowledge();
            bench.pic.ioWrite(MASTER_CMD, 1, 0x20, i);
            disk.lower();
            timer.lower();
            bench.pic.interruptAcknowledge();
            bench.pic.ioWrite(SLAVE_CMD, 1, 0x20, i);
            bench.pic.ioWrite(MASTER_CMD, 1, 0x20, i);
            bench.pic.ioRead(MASTER_CMD, 1, i);
        }
    }
}
