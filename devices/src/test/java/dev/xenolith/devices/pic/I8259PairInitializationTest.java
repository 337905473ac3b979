package dev.xenolith.devices.pic;

import static dev.xenolith.devices.pic.PicBench.ICW1_CASCADE_ICW4;
import static dev.xenolith.devices.pic.PicBench.ICW4_8086;
import static dev.xenolith.devices.pic.PicBench.MASTER_CMD;
import static dev.xenolith.devices.pic.PicBench.MASTER_IMR;
import static dev.xenolith.devices.pic.PicBench.READ_ISR;
import static dev.xenolith.devices.pic.PicBench.SET_PRIORITY;
import static dev.xenolith.devices.pic.PicBench.SET_SPECIAL_MASK;
import static dev.xenolith.devices.pic.PicBench.SLAVE_CMD;
import static dev.xenolith.devices.pic.PicBench.SLAVE_IMR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ICW1..ICW4: the initialization sequences and what ICW1 resets (datasheet "Initialization Command Words"). */
final class I8259PairInitializationTest {

    @Test
    @DisplayName("Linux init_8259A with 0x20/0x28: IRQ0 is 0x20, IRQ7 0x27, IRQ8 0x28, IRQ14 0x2E")
    void linuxInit_vectors20And28_eachIrqGetsBasePlusLevel() {
        PicBench bench = PicBench.initialized();

        bench.raise(0);
        assertThat(bench.serve(0)).isEqualTo(0x20);
        bench.raise(7);
        assertThat(bench.serve(7)).isEqualTo(0x27);
        bench.raise(8);
        assertThat(bench.serve(8)).isEqualTo(0x28);
        bench.raise(14);
        assertThat(bench.serve(14)).isEqualTo(0x2E);
    }

    @Test
    @DisplayName("x86-64 Linux vectors 0x30/0x38: IRQ3 is 0x33, IRQ12 is 0x3C")
    void linuxInit_vectors30And38_eachIrqGetsBasePlusLevel() {
        PicBench bench = PicBench.initialized(0x30, 0x38, ICW4_8086, ICW4_8086);

        bench.raise(3);
        assertThat(bench.serve(3)).isEqualTo(0x33);
        bench.raise(12);
        assertThat(bench.serve(12)).isEqualTo(0x3C);
    }

    @Test
    void icw2_lowThreeBitsSet_ignoredBecauseTheLevelGoesThere() {
        PicBench bench = PicBench.initialized(0x27, 0x2D, ICW4_8086, ICW4_8086);

        bench.raise(1);
        assertThat(bench.serve(1)).isEqualTo(0x21);
        bench.raise(9);
        assertThat(bench.serve(9)).isEqualTo(0x29);
    }

    @Test
    void linuxInit_afterSequence_dataPortWritesAreOcw1() {
        PicBench bench = new PicBench();
        bench.linuxInit(0x20, 0x28, ICW4_8086, ICW4_8086);

        bench.out(MASTER_IMR, 0xFB);
        bench.out(SLAVE_IMR, 0xFF);

        assertThat(bench.in(MASTER_IMR)).isEqualTo(0xFB);
        assertThat(bench.in(SLAVE_IMR)).isEqualTo(0xFF);
    }

    @Test
    @DisplayName("ICW1 SNGL: no ICW3, so the word after ICW2 is ICW4 and the master answers IR2 itself")
    void icw1Single_skipsIcw3_andIr2IsAnOrdinaryInput() {
        PicBench bench = new PicBench();
        bench.out(MASTER_CMD, 0x13); // ICW1: SNGL, IC4
        bench.out(MASTER_IMR, 0x40); // ICW2
        bench.out(MASTER_IMR, 0x01); // ICW4, not ICW3
        bench.out(MASTER_IMR, 0x00); // OCW1
        bench.out(SLAVE_CMD, 0x13);
        bench.out(SLAVE_IMR, 0x50);
        bench.out(SLAVE_IMR, 0x01);
        bench.out(SLAVE_IMR, 0x00);

        bench.raise(11);

        assertThat(bench.inta()).isEqualTo(0x42);
        assertThat(bench.masterIsr()).isEqualTo(0x04);
        assertThat(bench.slaveIsr()).isZero();
    }

    @Test
    @DisplayName("ICW1 without IC4: ICW3 is the last word and the chip stays in MCS-80/85 mode")
    void icw1WithoutIc4_noIcw4AndInterval8CallAddress() {
        PicBench bench = new PicBench();
        bench.out(MASTER_CMD, 0xD0); // ICW1: A7..A5 = 110, interval 8, cascade, no ICW4
        bench.out(MASTER_IMR, 0x12); // ICW2: CALL address high byte
        bench.out(MASTER_IMR, 0x04); // ICW3
        bench.out(MASTER_IMR, 0xF7); // OCW1 already: only IR3 unmasked

        assertThat(bench.in(MASTER_IMR)).isEqualTo(0xF7);
        bench.raise(3);
        // An x86 takes the second INTA byte, the CALL address low byte: A7 A6, then the level in A5..A3.
        assertThat(bench.inta()).isEqualTo(0xC0 | 3 << 3);
    }

    @Test
    void icw1WithAdi_mcs80Mode_levelAtInterval4() {
        PicBench bench = new PicBench();
        bench.out(MASTER_CMD, 0xF6); // ICW1: A7..A5 = 111, ADI, SNGL, no ICW4
        bench.out(MASTER_IMR, 0x12);
        bench.out(MASTER_IMR, 0x00);

        bench.raise(3);

        assertThat(bench.inta()).isEqualTo(0xE0 | 3 << 2);
    }

    @Test
    @DisplayName("ICW1 clears IMR and ISR and selects IRR for command-port reads")
    void icw1_clearsImrAndIsr_selectsIrr() {
        PicBench bench = PicBench.initialized();
        bench.raise(4);
        bench.inta();
        bench.out(MASTER_IMR, 0xA5);
        bench.out(MASTER_CMD, READ_ISR);
        bench.raise(6);

        bench.out(MASTER_CMD, ICW1_CASCADE_ICW4);

        assertThat(bench.in(MASTER_IMR)).as("IMR").isZero();
        assertThat(bench.in(MASTER_CMD)).as("read selects IRR; IR4 and IR6 are high but need new edges").isZero();
        assertThat(bench.masterIsr()).isZero();
    }

    @Test
    @DisplayName("ICW1 resets the edge sense: an input already high needs a fresh low-to-high transition")
    void icw1_inputAlreadyHigh_needsNewEdge() {
        PicBench bench = new PicBench();
        bench.raise(5);

        bench.linuxInit(0x20, 0x28, ICW4_8086, ICW4_8086);
        bench.out(MASTER_IMR, 0x00);

        assertThat(bench.masterIrr()).isZero();
        assertThat(bench.intHigh()).isFalse();
        bench.lower(5);
        bench.raise(5);
        assertThat(bench.masterIrr()).isEqualTo(0x20);
        assertThat(bench.intHigh()).isTrue();
    }

    @Test
    void icw1_afterSetPriority_ir7IsLowestAgain() {
        PicBench bench = PicBench.initialized();
        bench.out(MASTER_CMD, SET_PRIORITY | 4); // IR5 highest

        bench.linuxInit(0x20, 0x28, ICW4_8086, ICW4_8086);
        bench.out(MASTER_IMR, 0x00);
        bench.raise(5);
        bench.raise(1);

        assertThat(bench.inta()).isEqualTo(0x21);
    }

    @Test
    void icw1_clearsSpecialMaskMode() {
        PicBench bench = PicBench.initialized();
        bench.out(MASTER_CMD, SET_SPECIAL_MASK);

        bench.linuxInit(0x20, 0x28, ICW4_8086, ICW4_8086);
        bench.out(MASTER_IMR, 0x00);
        bench.raise(1);
        bench.inta();
        bench.out(MASTER_IMR, 0x02); // with special mask mode, masking IR1 would let IR3 nest
        bench.raise(3);

        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("an ICW1 in the middle of a sequence starts it again")
    void icw1_midSequence_restartsSequence() {
        PicBench bench = new PicBench();
        bench.out(MASTER_CMD, ICW1_CASCADE_ICW4);
        bench.out(MASTER_IMR, 0x08);

        bench.out(MASTER_CMD, ICW1_CASCADE_ICW4);
        bench.out(MASTER_IMR, 0x60);
        bench.out(MASTER_IMR, 0x04);
        bench.out(MASTER_IMR, ICW4_8086);
        bench.out(MASTER_IMR, 0x00);
        bench.raise(0);

        assertThat(bench.inta()).isEqualTo(0x60);
    }

    @Test
    @DisplayName("slave ICW3 names another CAS code: no chip drives the bus, the CPU reads 0xFF")
    void icw3_slaveIdentityMismatch_vectorIsFloatingBus() {
        PicBench bench = new PicBench();
        bench.out(MASTER_CMD, ICW1_CASCADE_ICW4);
        bench.out(MASTER_IMR, 0x20);
        bench.out(MASTER_IMR, 0x04);
        bench.out(MASTER_IMR, ICW4_8086);
        bench.out(SLAVE_CMD, ICW1_CASCADE_ICW4);
        bench.out(SLAVE_IMR, 0x28);
        bench.out(SLAVE_IMR, 0x03); // slave ID 3, but it hangs on IR2
        bench.out(SLAVE_IMR, ICW4_8086);

        bench.raise(9);

        assertThat(bench.inta()).isEqualTo(0xFF);
        assertThat(bench.masterIsr()).isEqualTo(0x04);
        assertThat(bench.slaveIsr()).isZero();
    }

    @Test
    @DisplayName("master ICW3 without bit 2: the master supplies IR2's vector itself")
    void icw3_masterWithoutSlaveOnIr2_answersIr2Itself() {
        PicBench bench = new PicBench();
        bench.out(MASTER_CMD, ICW1_CASCADE_ICW4);
        bench.out(MASTER_IMR, 0x20);
        bench.out(MASTER_IMR, 0x00);
        bench.out(MASTER_IMR, ICW4_8086);
        bench.out(SLAVE_CMD, ICW1_CASCADE_ICW4);
        bench.out(SLAVE_IMR, 0x28);
        bench.out(SLAVE_IMR, 0x02);
        bench.out(SLAVE_IMR, ICW4_8086);

        bench.raise(9);

        assertThat(bench.inta()).isEqualTo(0x22);
        assertThat(bench.slaveIsr()).isZero();
    }
}
