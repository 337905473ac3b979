package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xenolith.machine.MachineFault;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IA32_APIC_BASE (MSR 0x1B, SDM §10.4.4): base, BSP flag, global enable, reserved bits. */
final class ApicBaseMsrTest {
    private final ApicRig rig = new ApicRig(2);
    private final LocalApic bsp = rig.apics.get(0);

    private void writeBase(LocalApic apic, long value) {
        apic.writeMsr(IA32_APIC_BASE, value, rig.now);
    }

    @Test
    @DisplayName("power-on value: base 0xFEE00000, enabled, BSP flag only on the boot processor")
    void powerOn_valueAndBspFlag() {
        assertThat(bsp.readMsr(IA32_APIC_BASE, 0)).isEqualTo(0xFEE0_0900L);
        assertThat(rig.apics.get(1).readMsr(IA32_APIC_BASE, 0)).isEqualTo(0xFEE0_0800L);
        assertThat(bsp.baseAddress()).isEqualTo(DEFAULT_BASE);
    }

    @ParameterizedTest(name = "bit {0}")
    @ValueSource(ints = {0, 7, 9, 10, 36, 51, 63})
    @DisplayName("setting a reserved bit (including EXTD: no x2APIC, and bits at or above MAXPHYADDR 36) is a #GP")
    void reservedBit_isGeneralProtection(int bit) {
        assertThatThrownBy(() -> writeBase(bsp, 0xFEE0_0900L | 1L << bit))
                .isInstanceOf(MachineFault.class).hasMessageContaining("#GP");
        assertThat(bsp.readMsr(IA32_APIC_BASE, 0)).isEqualTo(0xFEE0_0900L);
    }

    @Test
    @DisplayName("the BSP flag belongs to the hardware: writes do not change it")
    void bspFlag_ignoresWrites() {
        writeBase(bsp, 0xFEE0_0800L);
        writeBase(rig.apics.get(1), 0xFEE0_0900L);

        assertThat(bsp.readMsr(IA32_APIC_BASE, 0)).isEqualTo(0xFEE0_0900L);
        assertThat(rig.apics.get(1).readMsr(IA32_APIC_BASE, 0)).isEqualTo(0xFEE0_0800L);
    }

    @Test
    @DisplayName("a new base is recorded (kvm-unit-tests relocates to 0xFED40000)")
    void relocate_recordsNewBase() {
        writeBase(bsp, 0xFED4_0900L);

        assertThat(bsp.baseAddress()).isEqualTo(0xFED4_0000L);
        assertThat(bsp.readMsr(IA32_APIC_BASE, 0)).isEqualTo(0xFED4_0900L);
    }

    @Test
    @DisplayName("globally disabled, the window reads all ones and drops writes, like nothing at that address")
    void globallyDisabled_windowReadsAllOnes() {
        writeBase(bsp, 0xFEE0_0100L);

        rig.write(TPR, 0x20);

        assertThat(bsp.mmioRead(VERSION, 4, 0)).isEqualTo(0xFFFF_FFFFL);
        assertThat(bsp.mmioRead(TPR, 1, 0)).isEqualTo(0xFFL);
        writeBase(bsp, 0xFEE0_0900L);
        assertThat(rig.read(TPR)).isZero();
    }

    @Test
    @DisplayName("global disable loses the APIC's programming and stops its timer; re-enabling works")
    void disableThenEnable_returnsToPowerOnStateExceptId() {
        rig.write(ID, 0x0600_0000);
        rig.write(SVR, ApicRig.SVR_ENABLED);
        rig.write(TPR, 0x20);
        rig.write(LVT_TIMER, 0x40);
        rig.write(TIMER_INITIAL_COUNT, 1000);
        rig.deliverFixed(0x50);

        writeBase(bsp, 0xFEE0_0100L);
        writeBase(bsp, 0xFEE0_0900L);

        assertThat(rig.events.isEmpty()).isTrue();
        assertThat(rig.read(VERSION)).isEqualTo(VERSION_VALUE);
        assertThat(rig.read(ID)).isEqualTo(0x0600_0000);
        assertThat(rig.read(SVR)).isEqualTo(0xFF);
        assertThat(rig.read(TPR)).isZero();
        assertThat(rig.read(LVT_TIMER)).isEqualTo(LVT_MASKED);
        assertThat(rig.bit(IRR_BANK, 0x50)).isFalse();
    }

    @Test
    @DisplayName("power-on reset restores the base, the enable bit and the initial APIC ID")
    void reset_restoresBaseAndId() {
        writeBase(rig.apics.get(1), 0xFED4_0800L);
        rig.write(1, ID, 0x0900_0000);

        rig.apics.get(1).reset();

        assertThat(rig.apics.get(1).readMsr(IA32_APIC_BASE, 0)).isEqualTo(0xFEE0_0800L);
        assertThat(rig.read(1, ID)).isEqualTo(0x0100_0000);
    }
}
