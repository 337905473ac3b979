package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.cpu.InterruptController;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The LINT0/LINT1 pins and their LVT entries (SDM §10.5.1), including ExtINT virtual-wire mode. */
final class LintPinTest {
    private static final int PIC_VECTOR = 0x20;
    private static final int EXTINT = 0x700;
    private static final int NMI = 0x400;
    private static final int INIT = 0x500;
    private static final int VECTOR = 0x50;

    /** The master 8259 as the APIC sees it: its INT wire on LINT0 and its acknowledge cycle. */
    private static final class FakePic implements InterruptController {
        final LocalApic apic;
        boolean requesting;
        int acknowledges;

        FakePic(LocalApic apic) {
            this.apic = apic;
            apic.connectExtInt(this);
        }

        void request() {
            requesting = true;
            apic.lint0().raise();
        }

        @Override
        public boolean hasInterrupt() {
            return requesting;
        }

        @Override
        public int acknowledge() {
            acknowledges++;
            requesting = false;
            apic.lint0().lower();
            return PIC_VECTOR;
        }
    }

    private final ApicRig rig = ApicRig.enabled();
    private final FakePic pic = new FakePic(rig.apic());

    @Test
    @DisplayName("virtual wire: the 8259's request reaches the CPU and its INTA supplies the vector")
    void extInt_deliversPicVectorThroughApic() {
        rig.write(LVT_LINT0, EXTINT);

        pic.request();

        assertThat(rig.cpu().interruptRequests).isEqualTo(1);
        assertThat(rig.take()).isEqualTo(PIC_VECTOR);
        assertThat(pic.acknowledges).isEqualTo(1);
        assertThat(rig.bit(ISR_BANK, PIC_VECTOR)).as("ExtINT bypasses ISR").isFalse();
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    @DisplayName("ExtINT bypasses TPR and PPR")
    void extInt_ignoresTaskPriority() {
        rig.write(LVT_LINT0, EXTINT);
        rig.write(TPR, 0xF0);

        pic.request();

        assertThat(rig.take()).isEqualTo(PIC_VECTOR);
    }

    @Test
    @DisplayName("ExtINT is level-sensitive: a request withdrawn before the acknowledge is gone")
    void extInt_lineLowered_noInterrupt() {
        rig.write(LVT_LINT0, EXTINT);
        pic.request();

        rig.apic().lint0().lower();

        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    void extInt_masked_blocksUntilUnmasked() {
        rig.write(LVT_LINT0, EXTINT | LVT_MASKED);
        pic.request();
        assertThat(rig.apic().hasInterrupt()).isFalse();

        rig.write(LVT_LINT0, EXTINT);

        assertThat(rig.cpu().interruptRequests).isEqualTo(1);
        assertThat(rig.take()).isEqualTo(PIC_VECTOR);
    }

    @Test
    @DisplayName("after reset (software-disabled, LINT0 masked) the 8259 does not get through")
    void powerOnState_blocksPic() {
        ApicRig fresh = new ApicRig(1);
        FakePic freshPic = new FakePic(fresh.apic());

        freshPic.request();

        assertThat(fresh.apic().hasInterrupt()).isFalse();
    }

    @Test
    @DisplayName("an IRR vector goes before a simultaneous ExtINT request")
    void irrVector_beforeExtInt() {
        rig.write(LVT_LINT0, EXTINT);
        pic.request();
        rig.deliverFixed(0x41);

        assertThat(rig.take()).isEqualTo(0x41);
        assertThat(rig.take()).isEqualTo(PIC_VECTOR);
    }

    @Test
    @DisplayName("globally disabled: LINT0 is the CPU's INTR pin, whatever the LVT says")
    void globallyDisabled_lint0IsIntr() {
        rig.apic().writeMsr(IA32_APIC_BASE, DEFAULT_BASE | APIC_BASE_BSP, 0);

        pic.request();

        assertThat(rig.cpu().interruptRequests).isEqualTo(1);
        assertThat(rig.apic().hasInterrupt()).isTrue();
        assertThat(rig.apic().acknowledge()).isEqualTo(PIC_VECTOR);
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    @DisplayName("globally disabled: LINT1 is the CPU's NMI pin, on its rising edge")
    void globallyDisabled_lint1IsNmi() {
        rig.apic().writeMsr(IA32_APIC_BASE, DEFAULT_BASE | APIC_BASE_BSP, 0);

        rig.apic().lint1().raise();
        rig.apic().lint1().raise();

        assertThat(rig.cpu().nmis).isEqualTo(1);
    }

    @Test
    @DisplayName("LINT1 in NMI mode: one NMI per rising edge")
    void nmiMode_onePerRisingEdge() {
        rig.write(LVT_LINT1, NMI);

        rig.apic().lint1().raise();
        rig.apic().lint1().raise();
        rig.apic().lint1().lower();
        rig.apic().lint1().pulse();

        assertThat(rig.cpu().nmis).isEqualTo(2);
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    void nmiMode_masked_noNmi() {
        rig.write(LVT_LINT1, NMI | LVT_MASKED);

        rig.apic().lint1().pulse();

        assertThat(rig.cpu().nmis).isZero();
    }

    @Test
    @DisplayName("fixed, edge-triggered: one interrupt per rising edge; a line held high does not repeat")
    void fixedEdge_onePerRisingEdge() {
        rig.write(LVT_LINT0, VECTOR);

        rig.apic().lint0().raise();
        assertThat(rig.take()).isEqualTo(VECTOR);
        assertThat(rig.bit(TMR_BANK, VECTOR)).isFalse();
        rig.write(EOI, 0);

        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    @DisplayName("fixed, level-triggered: remote IRR holds the line off until the EOI, which re-raises it if still high")
    void fixedLevel_remoteIrrUntilEoi() {
        rig.write(LVT_LINT0, LVT_LEVEL_TRIGGERED | VECTOR);

        rig.apic().lint0().raise();
        assertThat(rig.read(LVT_LINT0) & LVT_REMOTE_IRR).isNotZero();
        assertThat(rig.take()).isEqualTo(VECTOR);
        assertThat(rig.bit(TMR_BANK, VECTOR)).isTrue();
        rig.write(EOI, 0);

        assertThat(rig.take()).as("still asserted after the EOI").isEqualTo(VECTOR);
        rig.apic().lint0().lower();
        rig.write(EOI, 0);
        assertThat(rig.read(LVT_LINT0) & LVT_REMOTE_IRR).isZero();
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    @DisplayName("an unmasked level-triggered entry raises a line that is already asserted")
    void fixedLevel_unmaskedWhileAsserted_raises() {
        rig.apic().lint0().raise();

        rig.write(LVT_LINT0, LVT_LEVEL_TRIGGERED | VECTOR);

        assertThat(rig.take()).isEqualTo(VECTOR);
    }

    @Test
    @DisplayName("polarity: an active-low pin is asserted by a falling line")
    void activeLow_fallingLineAsserts() {
        rig.apic().lint0().raise();
        rig.write(LVT_LINT0, LVT_ACTIVE_LOW | VECTOR);
        assertThat(rig.apic().hasInterrupt()).isFalse();

        rig.apic().lint0().lower();

        assertThat(rig.take()).isEqualTo(VECTOR);
    }

    @Test
    @DisplayName("LINT1 does not support level triggering: it behaves as edge-triggered")
    void lint1_levelBit_isEdgeTriggered() {
        rig.write(LVT_LINT1, LVT_LEVEL_TRIGGERED | VECTOR);

        rig.apic().lint1().raise();
        assertThat(rig.take()).isEqualTo(VECTOR);
        rig.write(EOI, 0);

        assertThat(rig.bit(TMR_BANK, VECTOR)).isFalse();
        assertThat(rig.read(LVT_LINT1) & LVT_REMOTE_IRR).isZero();
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    void initMode_initsCpuAndResetsApic() {
        rig.write(LVT_LINT1, INIT);
        rig.write(TPR, 0x30);

        rig.apic().lint1().raise();

        assertThat(rig.cpu().inits).isEqualTo(1);
        assertThat(rig.read(TPR)).isZero();
        assertThat(rig.read(SVR)).isEqualTo(0xFF);
    }
}
