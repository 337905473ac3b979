package dev.xenolith.devices.pic;

import static dev.xenolith.devices.pic.PicBench.ELCR1;
import static dev.xenolith.devices.pic.PicBench.ELCR2;
import static dev.xenolith.devices.pic.PicBench.ICW4_8086;
import static dev.xenolith.devices.pic.PicBench.MASTER_CMD;
import static dev.xenolith.devices.pic.PicBench.MASTER_IMR;
import static dev.xenolith.devices.pic.PicBench.SPECIFIC_EOI;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Edge and level triggering (ELCR, ICW1 LTIM) and the default IR7 when a request goes away. */
final class I8259PairTriggerTest {

    @Test
    @DisplayName("edge: an input held high after its EOI does not interrupt again")
    void edge_lineStaysHighAfterEoi_noSecondInterrupt() {
        PicBench bench = PicBench.initialized();
        bench.raise(4);
        bench.serve(4);

        assertThat(bench.intHigh()).isFalse();
        assertThat(bench.masterIrr()).isZero();
    }

    @Test
    @DisplayName("edge: a new low-to-high transition requests again")
    void edge_newRisingEdge_requestsAgain() {
        PicBench bench = PicBench.initialized();
        bench.raise(4);
        bench.serve(4);

        bench.lower(4);
        bench.raise(4);

        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x24);
    }

    @Test
    @DisplayName("edge: raising a line that is already high is no edge")
    void edge_raiseWhileHigh_noNewRequest() {
        PicBench bench = PicBench.initialized();
        bench.raise(6);
        bench.inta();
        bench.eoi(6);

        bench.raise(6);

        assertThat(bench.masterIrr()).isZero();
    }

    @Test
    @DisplayName("edge: a pulse() latches IRR although the line is low again before INTA (deliberate)")
    void edge_pulse_latchedUntilAcknowledged() {
        PicBench bench = PicBench.initialized();
        bench.pulse(1);

        assertThat(bench.masterIrr()).isEqualTo(0x02);
        assertThat(bench.inta()).isEqualTo(0x21);
        assertThat(bench.masterIrr()).isZero();
        assertThat(bench.masterIsr()).isEqualTo(0x02);
    }

    @Test
    @DisplayName("ELCR level: after the EOI the line, still high, interrupts again")
    void level_lineStillHighAfterEoi_retriggers() {
        PicBench bench = PicBench.initialized();
        bench.out(ELCR2, 0x08); // IRQ11 level
        bench.raise(11);
        assertThat(bench.inta()).isEqualTo(0x2B);
        assertThat(bench.intHigh()).isFalse();

        bench.eoi(11);

        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x2B);
    }

    @Test
    @DisplayName("ELCR level: source removed before the EOI, no second interrupt")
    void level_sourceRemovedBeforeEoi_noRetrigger() {
        PicBench bench = PicBench.initialized();
        bench.out(ELCR1, 0x20); // IRQ5 level
        bench.raise(5);
        bench.inta();

        bench.lower(5);
        bench.eoi(5);

        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("ELCR level: IRR mirrors the pin, and INTA does not clear it while the pin is high")
    void level_irrFollowsPin() {
        PicBench bench = PicBench.initialized();
        bench.out(ELCR1, 0x80);
        bench.raise(7);
        bench.inta();
        assertThat(bench.masterIrr()).isEqualTo(0x80);

        bench.lower(7);

        assertThat(bench.masterIrr()).isZero();
    }

    @Test
    @DisplayName("ELCR level: a request that goes away before INTA gives the default IR7 without ISR")
    void level_requestWithdrawnBeforeInta_spuriousIrq7() {
        PicBench bench = PicBench.initialized();
        bench.out(ELCR1, 0x08);
        bench.raise(3);
        assertThat(bench.intHigh()).isTrue();

        bench.lower(3);

        assertThat(bench.intHigh()).isFalse();
        assertThat(bench.inta()).isEqualTo(0x27);
        assertThat(bench.masterIsr()).isZero();
    }

    @Test
    @DisplayName("spurious IRQ15: the slave's request vanished, the master still puts IR2 in service")
    void level_slaveRequestWithdrawn_spuriousIrq15WithMasterIr2InService() {
        PicBench bench = PicBench.initialized();
        bench.out(ELCR2, 0x04); // IRQ10 level
        bench.raise(10);
        bench.lower(10);

        assertThat(bench.inta()).isEqualTo(0x2F);
        assertThat(bench.slaveIsr()).isZero();
        assertThat(bench.masterIsr()).isEqualTo(0x04);

        bench.out(MASTER_CMD, SPECIFIC_EOI | 2); // Linux acks the master only
        assertThat(bench.masterIsr()).isZero();
        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("a real IRQ7 sets ISR7, which is how software tells it from the spurious one")
    void irq7_realRequest_setsIsr7() {
        PicBench bench = PicBench.initialized();
        bench.raise(7);

        assertThat(bench.inta()).isEqualTo(0x27);
        assertThat(bench.masterIsr()).isEqualTo(0x80);
    }

    @Test
    @DisplayName("a request masked between INT and INTA leaves nothing to acknowledge: default IR7")
    void maskedBeforeInta_spuriousIrq7() {
        PicBench bench = PicBench.initialized();
        bench.raise(4);
        bench.out(MASTER_IMR, 0x10);

        assertThat(bench.inta()).isEqualTo(0x27);
        assertThat(bench.masterIsr()).isZero();
    }

    @Test
    void inta_nothingEverRequested_returnsMasterIr7Vector() {
        PicBench bench = PicBench.initialized(0x30, 0x38, ICW4_8086, ICW4_8086);

        assertThat(bench.inta()).isEqualTo(0x37);
        assertThat(bench.masterIsr()).isZero();
    }

    @Test
    @DisplayName("ELCR: IRQ0, 1, 2, 8 and 13 stay edge; the other bits read back")
    void elcr_forcedEdgeBits_readAsZero() {
        PicBench bench = new PicBench();

        bench.out(ELCR1, 0xFF);
        bench.out(ELCR2, 0xFF);

        assertThat(bench.in(ELCR1)).isEqualTo(0xF8);
        assertThat(bench.in(ELCR2)).isEqualTo(0xDE);
    }

    @Test
    @DisplayName("ELCR: setting IRQ0 level is refused, so IRQ0 still wants an edge")
    void elcr_irq0CannotBeLevel_staysEdge() {
        PicBench bench = PicBench.initialized();
        bench.out(ELCR1, 0x01);
        bench.raise(0);
        bench.serve(0);

        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("switching an input to level while its line is high makes it request")
    void elcr_switchToLevelWhileHigh_requests() {
        PicBench bench = PicBench.initialized();
        bench.raise(9);
        bench.serve(9);
        assertThat(bench.intHigh()).isFalse();

        bench.out(ELCR2, 0x02);

        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x29);
    }

    @Test
    @DisplayName("ICW1 LTIM overrides the ELCR: every input of that chip is level, even IRQ0")
    void ltim_allInputsLevel_evenIrq0() {
        PicBench bench = new PicBench();
        bench.out(MASTER_CMD, 0x19); // ICW1: LTIM, cascade, IC4
        bench.out(MASTER_IMR, 0x20);
        bench.out(MASTER_IMR, 0x04);
        bench.out(MASTER_IMR, ICW4_8086);
        bench.out(MASTER_IMR, 0x00);

        bench.raise(0);
        bench.serve(0);

        assertThat(bench.in(ELCR1)).as("ELCR itself is untouched").isZero();
        assertThat(bench.intHigh()).as("level: still high after EOI").isTrue();
        bench.lower(0);
        assertThat(bench.intHigh()).isFalse();
    }
}
