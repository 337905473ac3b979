package dev.xenolith.devices.pic;

import static dev.xenolith.devices.pic.PicBench.ICW4_8086;
import static dev.xenolith.devices.pic.PicBench.ICW4_8086_AEOI;
import static dev.xenolith.devices.pic.PicBench.ICW4_8086_SFNM;
import static dev.xenolith.devices.pic.PicBench.MASTER_CMD;
import static dev.xenolith.devices.pic.PicBench.MASTER_IMR;
import static dev.xenolith.devices.pic.PicBench.NON_SPECIFIC_EOI;
import static dev.xenolith.devices.pic.PicBench.RESET_SPECIAL_MASK;
import static dev.xenolith.devices.pic.PicBench.ROTATE_IN_AEOI_CLEAR;
import static dev.xenolith.devices.pic.PicBench.ROTATE_IN_AEOI_SET;
import static dev.xenolith.devices.pic.PicBench.ROTATE_ON_NON_SPECIFIC_EOI;
import static dev.xenolith.devices.pic.PicBench.ROTATE_ON_SPECIFIC_EOI;
import static dev.xenolith.devices.pic.PicBench.SET_PRIORITY;
import static dev.xenolith.devices.pic.PicBench.SET_SPECIAL_MASK;
import static dev.xenolith.devices.pic.PicBench.SLAVE_CMD;
import static dev.xenolith.devices.pic.PicBench.SPECIFIC_EOI;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** OCW1 and OCW2, fully nested and special fully nested modes, rotation and special mask mode. */
final class I8259PairPriorityTest {

    @Test
    void simultaneousRequests_servedLowestLevelFirst() {
        PicBench bench = PicBench.initialized();
        bench.raise(6);
        bench.raise(3);
        bench.raise(4);

        assertThat(bench.serve(3)).isEqualTo(0x23);
        assertThat(bench.serve(4)).isEqualTo(0x24);
        assertThat(bench.serve(6)).isEqualTo(0x26);
        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("fully nested: a lower level waits for the EOI of the one in service")
    void fullyNested_lowerLevelRequest_waitsForEoi() {
        PicBench bench = PicBench.initialized();
        bench.raise(0);
        bench.inta();

        bench.raise(3);
        assertThat(bench.intHigh()).isFalse();
        assertThat(bench.inta()).as("nothing deliverable: default IR7").isEqualTo(0x27);

        bench.eoi(0);
        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x23);
    }

    @Test
    @DisplayName("fully nested: a higher level interrupts the one in service and both are in ISR")
    void fullyNested_higherLevelRequest_nests() {
        PicBench bench = PicBench.initialized();
        bench.raise(5);
        bench.inta();

        bench.raise(1);

        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x21);
        assertThat(bench.masterIsr()).isEqualTo(0x22);
    }

    @Test
    void sameLevelEdgeWhileInService_deliveredAfterEoi() {
        PicBench bench = PicBench.initialized();
        bench.pulse(4);
        bench.inta();

        bench.pulse(4);
        assertThat(bench.masterIrr()).isEqualTo(0x10);
        assertThat(bench.intHigh()).isFalse();

        bench.eoi(4);
        assertThat(bench.inta()).isEqualTo(0x24);
    }

    @Test
    @DisplayName("OCW1: a masked request stays in IRR and is delivered once unmasked")
    void ocw1_maskedRequest_latchedAndDeliveredOnUnmask() {
        PicBench bench = PicBench.initialized();
        bench.out(MASTER_IMR, 0x08);

        bench.pulse(3);
        assertThat(bench.intHigh()).isFalse();
        assertThat(bench.masterIrr()).isEqualTo(0x08);

        bench.out(MASTER_IMR, 0x00);
        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x23);
    }

    @Test
    void ocw1_maskingHigherRequest_letsLowerOneThrough() {
        PicBench bench = PicBench.initialized();
        bench.out(MASTER_IMR, 0x01);
        bench.raise(0);
        bench.raise(6);

        assertThat(bench.inta()).isEqualTo(0x26);
    }

    @Test
    @DisplayName("OCW1 on the slave masks IRQ8..15 without touching the master")
    void ocw1_slaveMask_blocksSlaveIrqOnly() {
        PicBench bench = PicBench.initialized();
        bench.out(PicBench.SLAVE_IMR, 0x10);

        bench.raise(12);
        assertThat(bench.intHigh()).isFalse();
        bench.raise(4);
        assertThat(bench.inta()).isEqualTo(0x24);
    }

    @Test
    @DisplayName("non-specific EOI clears the highest-priority ISR bit")
    void nonSpecificEoi_twoInService_clearsHighestPriority() {
        PicBench bench = PicBench.initialized();
        bench.raise(5);
        bench.inta();
        bench.raise(1);
        bench.inta();

        bench.out(MASTER_CMD, NON_SPECIFIC_EOI);

        assertThat(bench.masterIsr()).isEqualTo(0x20);
    }

    @Test
    void specificEoi_clearsTheNamedLevelOnly() {
        PicBench bench = PicBench.initialized();
        bench.raise(5);
        bench.inta();
        bench.raise(1);
        bench.inta();

        bench.out(MASTER_CMD, SPECIFIC_EOI | 5);

        assertThat(bench.masterIsr()).isEqualTo(0x02);
    }

    @Test
    void specificEoi_levelNotInService_changesNothing() {
        PicBench bench = PicBench.initialized();
        bench.raise(3);
        bench.inta();

        bench.out(MASTER_CMD, SPECIFIC_EOI | 6);

        assertThat(bench.masterIsr()).isEqualTo(0x08);
    }

    @Test
    @DisplayName("ICW4 AEOI: ISR is cleared at the end of INTA, so a lower level follows at once")
    void autoEoi_isrNeverHeld_lowerLevelDeliveredWithoutEoi() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_AEOI, ICW4_8086);
        bench.raise(0);
        bench.raise(5);

        assertThat(bench.inta()).isEqualTo(0x20);
        assertThat(bench.masterIsr()).isZero();
        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x25);
    }

    @Test
    @DisplayName("AEOI on the master only: the cascade clears itself, the slave still needs its EOI")
    void autoEoiOnMaster_slaveIrq_onlySlaveIsrHeld() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_AEOI, ICW4_8086);
        bench.raise(10);

        assertThat(bench.inta()).isEqualTo(0x2A);
        assertThat(bench.masterIsr()).isZero();
        assertThat(bench.slaveIsr()).isEqualTo(0x04);
    }

    @Test
    @DisplayName("rotate on non-specific EOI: the served level becomes the lowest priority")
    void rotateOnNonSpecificEoi_servedLevelBecomesLowest() {
        PicBench bench = PicBench.initialized();
        bench.raise(3);
        bench.inta();
        bench.out(MASTER_CMD, ROTATE_ON_NON_SPECIFIC_EOI);

        bench.raise(1);
        bench.raise(4);

        assertThat(bench.masterIsr()).isZero();
        assertThat(bench.inta()).as("IR4 is now the highest priority").isEqualTo(0x24);
    }

    @Test
    @DisplayName("automatic rotation shares the CPU among equal-priority devices")
    void rotateOnNonSpecificEoi_repeatedRequests_roundRobin() {
        PicBench bench = PicBench.initialized();
        for (int irq : new int[] {0, 1, 5}) {
            bench.raise(irq);
        }
        int[] order = new int[6];
        for (int i = 0; i < order.length; i++) {
            order[i] = bench.inta() - 0x20;
            bench.out(MASTER_CMD, ROTATE_ON_NON_SPECIFIC_EOI);
            bench.lower(order[i]);
            bench.raise(order[i]);
        }

        assertThat(order).containsExactly(0, 1, 5, 0, 1, 5);
    }

    @Test
    @DisplayName("rotate on specific EOI: the named level becomes the lowest priority")
    void rotateOnSpecificEoi_namedLevelBecomesLowest() {
        PicBench bench = PicBench.initialized();
        bench.raise(6);
        bench.inta();

        bench.out(MASTER_CMD, ROTATE_ON_SPECIFIC_EOI | 6);
        bench.raise(0);
        bench.raise(7);

        assertThat(bench.masterIsr()).isZero();
        assertThat(bench.inta()).as("IR7 is now the highest").isEqualTo(0x27);
    }

    @Test
    @DisplayName("rotate in AEOI mode: each acknowledged level becomes the lowest until the mode is cleared")
    void rotateInAutoEoi_setThenClear() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_AEOI, ICW4_8086);
        bench.out(MASTER_CMD, ROTATE_IN_AEOI_SET);
        bench.raise(3);
        bench.inta();

        bench.raise(1);
        bench.raise(5);
        assertThat(bench.inta()).as("after serving IR3, IR4 leads").isEqualTo(0x25);

        bench.out(MASTER_CMD, ROTATE_IN_AEOI_CLEAR);
        bench.out(MASTER_CMD, SET_PRIORITY | 7);
        bench.raise(6);
        assertThat(bench.inta()).isEqualTo(0x21);
        bench.raise(0);
        assertThat(bench.inta()).as("IR1 did not become the lowest").isEqualTo(0x20);
    }

    @Test
    @DisplayName("set priority: L becomes the lowest and L+1 the highest")
    void setPriority_levelPlusOneIsHighest() {
        PicBench bench = PicBench.initialized();
        bench.out(MASTER_CMD, SET_PRIORITY | 5);
        bench.raise(0);
        bench.raise(5);
        bench.raise(6);

        assertThat(bench.serve(6)).isEqualTo(0x26);
        assertThat(bench.serve(0)).isEqualTo(0x20);
        assertThat(bench.serve(5)).isEqualTo(0x25);
    }

    @Test
    @DisplayName("with rotated priority, a numerically lower level can be the one that waits")
    void setPriority_rotatedOrder_decidesNestingAndNonSpecificEoi() {
        PicBench bench = PicBench.initialized();
        bench.out(MASTER_CMD, SET_PRIORITY | 3); // order 4 5 6 7 0 1 2 3
        bench.raise(6);
        bench.inta();
        bench.raise(0);
        assertThat(bench.intHigh()).as("IR0 ranks below IR6 now").isFalse();

        bench.raise(5);
        bench.inta();
        bench.out(MASTER_CMD, NON_SPECIFIC_EOI);

        assertThat(bench.masterIsr()).as("IR5 was the highest in service").isEqualTo(0x40);
    }

    @Test
    @DisplayName("special mask mode: masking the level in service lets a lower level nest")
    void specialMaskMode_lowerLevelNestsWhileHigherInService() {
        PicBench bench = PicBench.initialized();
        bench.raise(3);
        bench.inta();
        bench.out(MASTER_IMR, 0x08);
        bench.raise(5);
        assertThat(bench.intHigh()).as("plain masking does not lift the ISR block").isFalse();

        bench.out(MASTER_CMD, SET_SPECIAL_MASK);

        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x25);
        assertThat(bench.masterIsr()).isEqualTo(0x28);
    }

    @Test
    void specialMaskMode_reset_isrBlocksAgain() {
        PicBench bench = PicBench.initialized();
        bench.raise(3);
        bench.inta();
        bench.out(MASTER_IMR, 0x08);
        bench.out(MASTER_CMD, SET_SPECIAL_MASK);

        bench.out(MASTER_CMD, RESET_SPECIAL_MASK);
        bench.raise(5);

        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("special mask mode: a non-specific EOI skips in-service levels that are masked")
    void specialMaskMode_nonSpecificEoi_skipsMaskedInService() {
        PicBench bench = PicBench.initialized();
        bench.raise(3);
        bench.inta();
        bench.out(MASTER_IMR, 0x08);
        bench.out(MASTER_CMD, SET_SPECIAL_MASK);
        bench.raise(5);
        bench.inta();

        bench.out(MASTER_CMD, NON_SPECIFIC_EOI);

        assertThat(bench.masterIsr()).isEqualTo(0x08);
    }

    @Test
    @DisplayName("SFNM on the master: a higher slave IRQ nests while the slave is in service")
    void specialFullyNested_higherSlaveIrq_nests() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_SFNM, ICW4_8086);
        bench.raise(12);
        assertThat(bench.inta()).isEqualTo(0x2C);

        bench.raise(9);

        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x29);
        assertThat(bench.slaveIsr()).isEqualTo(0x12);
        assertThat(bench.masterIsr()).isEqualTo(0x04);
    }

    @Test
    @DisplayName("without SFNM the master's IR2 in service holds back every slave IRQ")
    void fullyNested_higherSlaveIrq_waitsForMasterEoi() {
        PicBench bench = PicBench.initialized();
        bench.raise(12);
        bench.inta();

        bench.raise(9);
        assertThat(bench.intHigh()).isFalse();

        bench.eoi(12);
        assertThat(bench.intHigh()).isTrue();
        assertThat(bench.inta()).isEqualTo(0x29);
    }

    @Test
    @DisplayName("SFNM lets the slave nest, not the master's own lower levels")
    void specialFullyNested_lowerMasterLevel_staysBlocked() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_SFNM, ICW4_8086);
        bench.raise(12);
        bench.inta();

        bench.raise(3);

        assertThat(bench.intHigh()).isFalse();
    }

    @Test
    @DisplayName("SFNM: a lower slave IRQ is still held by the slave's own ISR")
    void specialFullyNested_lowerSlaveIrq_heldBySlave() {
        PicBench bench = PicBench.initialized(0x20, 0x28, ICW4_8086_SFNM, ICW4_8086);
        bench.raise(9);
        bench.inta();

        bench.raise(12);

        assertThat(bench.intHigh()).isFalse();
        bench.out(SLAVE_CMD, SPECIFIC_EOI | 1);
        assertThat(bench.intHigh()).as("SFNM: the slave speaks up though IR2 is still in service").isTrue();
        assertThat(bench.inta()).isEqualTo(0x2C);
    }

    @Test
    void cascadeOnIr2_outranksMasterIr7() {
        PicBench bench = PicBench.initialized();
        bench.raise(7);
        bench.raise(8);

        assertThat(bench.inta()).as("the cascade on IR2 outranks IR7").isEqualTo(0x28);
    }
}
