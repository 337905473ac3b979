package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The xAPIC register window: reset values, writable bits, read-only and unimplemented registers. */
final class RegisterMapTest {

    @ParameterizedTest(name = "{0} (0x{1}) resets to 0x{2}")
    @CsvSource({
        "ID, 020, 01000000", "VERSION, 030, 00050014", "TPR, 080, 0", "APR, 090, 0", "PPR, 0A0, 0",
        "LDR, 0D0, 0", "DFR, 0E0, FFFFFFFF", "SVR, 0F0, FF", "ISR0, 100, 0", "ISR7, 170, 0", "TMR0, 180, 0",
        "TMR7, 1F0, 0", "IRR0, 200, 0", "IRR7, 270, 0", "ESR, 280, 0", "ICR low, 300, 0", "ICR high, 310, 0",
        "LVT timer, 320, 10000", "LVT thermal, 330, 10000", "LVT perfmon, 340, 10000", "LVT LINT0, 350, 10000",
        "LVT LINT1, 360, 10000", "LVT error, 370, 10000", "TMICT, 380, 0", "TMCCT, 390, 0", "TDCR, 3E0, 0"})
    void powerOn_register_hasSdmResetValue(String name, String offset, String value) {
        ApicRig rig = new ApicRig(2);

        assertThat(rig.read(1, Integer.parseInt(offset, 16))).isEqualTo(Integer.parseUnsignedInt(value, 16));
    }

    @Test
    @DisplayName("the version is an integrated APIC's (0x10..0x15) with six LVT entries and no EOI suppression")
    void version_describesIntegratedApicWithSixLvts() {
        int version = new ApicRig(1).read(VERSION);

        assertThat(version & 0xFF).isBetween(0x10, 0x15);
        assertThat(version >>> 16 & 0xFF).isEqualTo(5);
        assertThat(version & 1 << 24).isZero();
    }

    @ParameterizedTest(name = "{0} (0x{1}) keeps 0x{2} of 0xFFFFFFFF")
    @CsvSource({
        "TPR, 080, 000000FF", "LDR, 0D0, FF000000", "SVR, 0F0, 000003FF", "ICR high, 310, FF000000",
        "TDCR, 3E0, 0000000B", "LVT timer, 320, 000700FF", "LVT thermal, 330, 000107FF",
        "LVT perfmon, 340, 000107FF", "LVT LINT0, 350, 0001A7FF", "LVT LINT1, 360, 0001A7FF",
        "LVT error, 370, 000100FF", "TMICT, 380, FFFFFFFF", "ID, 020, FF000000"})
    void writeAllOnes_register_keepsOnlyWritableBits(String name, String offset, String writable) {
        ApicRig rig = ApicRig.enabled();
        int register = Integer.parseInt(offset, 16);

        rig.write(register, 0xFFFF_FFFF);

        assertThat(rig.read(register)).isEqualTo(Integer.parseUnsignedInt(writable, 16));
    }

    @Test
    void writeDfr_reservedBits_readAsOnes() {
        ApicRig rig = new ApicRig(1);

        rig.write(DFR, 0);

        assertThat(rig.read(DFR)).isEqualTo(0x0FFF_FFFF);
    }

    @Test
    void writeLvtTimer_withoutTscDeadline_cannotSelectDeadlineMode() {
        ApicRig rig = new ApicRig(1, false);
        rig.write(SVR, ApicRig.SVR_ENABLED);

        rig.write(LVT_TIMER, 0xFFFF_FFFF);

        assertThat(rig.read(LVT_TIMER)).isEqualTo(0x0003_00FF);
    }

    @Test
    @DisplayName("writing the ICR low word keeps vector, mode, destination mode, level, trigger and shorthand")
    void writeIcrLow_keepsCommandBits() {
        ApicRig rig = ApicRig.enabled();

        rig.write(ICR_LOW, 0xFFFF_FFFF); // ExtINT is no IPI mode: stored, not sent

        assertThat(rig.read(ICR_LOW)).isEqualTo(0x000C_CFFF);
        assertThat(rig.events.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "{0} (0x{1}) ignores writes")
    @CsvSource({"VERSION, 030", "APR, 090", "PPR, 0A0", "RRD, 0C0", "ISR0, 100", "TMR3, 1B0", "IRR7, 270",
        "TMCCT, 390"})
    void writeReadOnly_register_isIgnoredWithoutError(String name, String offset) {
        ApicRig rig = ApicRig.enabled();
        int register = Integer.parseInt(offset, 16);
        int before = rig.read(register);

        rig.write(register, 0xFFFF_FFFF);
        rig.write(ESR, 0);

        assertThat(rig.read(register)).isEqualTo(before);
        assertThat(rig.read(ESR)).isZero();
    }

    @ParameterizedTest(name = "offset 0x{0}")
    @ValueSource(strings = {"000", "010", "040", "070", "290", "2E0", "2F0", "3A0", "3D0", "3F0", "400", "FF0"})
    @DisplayName("an unimplemented offset reads 0 and sets ESR[7] (illegal register address)")
    void readUnimplemented_offset_readsZeroAndSetsIllegalAddress(String offset) {
        ApicRig rig = new ApicRig(1);

        assertThat(rig.read(Integer.parseInt(offset, 16))).isZero();
        rig.write(ESR, 0);

        assertThat(rig.read(ESR)).isEqualTo(ESR_ILLEGAL_REGISTER_ADDRESS);
    }

    @Test
    void writeUnimplemented_offset_setsIllegalAddress() {
        ApicRig rig = new ApicRig(1);

        rig.write(0x3F0, 0x40); // SELF IPI exists only in x2APIC mode
        rig.write(ESR, 0);

        assertThat(rig.read(ESR)).isEqualTo(ESR_ILLEGAL_REGISTER_ADDRESS);
    }

    @Test
    void readEoi_returnsZeroWithoutError() {
        ApicRig rig = new ApicRig(1);

        assertThat(rig.read(EOI)).isZero();
        rig.write(ESR, 0);
        assertThat(rig.read(ESR)).isZero();
    }

    @Test
    @DisplayName("ESR shows the errors detected before the last ESR write; the next write clears them")
    void esr_latchesOnWrite() {
        ApicRig rig = new ApicRig(1);
        rig.read(0x010);

        assertThat(rig.read(ESR)).as("before the latching write").isZero();
        rig.write(ESR, 0);
        assertThat(rig.read(ESR)).isEqualTo(ESR_ILLEGAL_REGISTER_ADDRESS);
        rig.write(ESR, 0);
        assertThat(rig.read(ESR)).as("nothing new since").isZero();
    }

    @Test
    void narrowRead_returnsAddressedBytes() {
        ApicRig rig = new ApicRig(2);
        LocalApic apic = rig.apics.get(1);

        assertThat(apic.mmioRead(ID + 3, 1, 0)).isEqualTo(0x01);
        assertThat(apic.mmioRead(VERSION, 2, 0)).isEqualTo(0x0014);
        assertThat(apic.mmioRead(VERSION + 2, 2, 0)).isEqualTo(0x0005);
        assertThat(apic.mmioRead(VERSION + 4, 4, 0)).as("past the register in its 16-byte slot").isZero();
    }

    @Test
    @DisplayName("only aligned 32-bit writes take effect")
    void narrowOrMisalignedWrite_isIgnored() {
        ApicRig rig = new ApicRig(1);
        LocalApic apic = rig.apic();

        apic.mmioWrite(TPR, 1, 0x20, 0);
        apic.mmioWrite(TPR + 1, 4, 0x20, 0);
        apic.mmioWrite(TPR, 8, 0x20, 0);

        assertThat(rig.read(TPR)).isZero();
    }

    @Test
    @DisplayName("software disable masks every LVT entry, which then cannot be unmasked")
    void softwareDisable_masksAllLvtsAndKeepsThemMasked() {
        ApicRig rig = ApicRig.enabled();
        for (int lvt = LVT_TIMER; lvt <= LVT_ERROR; lvt += 0x10) {
            rig.write(lvt, 0x40);
        }

        rig.write(SVR, 0xFF);
        rig.write(LVT_LINT0, 0x700);

        for (int lvt = LVT_TIMER; lvt <= LVT_ERROR; lvt += 0x10) {
            assertThat(rig.read(lvt) & LVT_MASKED).as("LVT 0x%x", lvt).isNotZero();
        }
        assertThat(rig.read(LVT_LINT0)).isEqualTo(0x10700);
    }

    @Test
    void softwareReenable_leavesLvtsMaskedUntilWritten() {
        ApicRig rig = ApicRig.enabled();
        rig.write(LVT_TIMER, 0x40);
        rig.write(SVR, 0xFF);

        rig.write(SVR, ApicRig.SVR_ENABLED);

        assertThat(rig.read(LVT_TIMER)).isEqualTo(0x10040);
        rig.write(LVT_TIMER, 0x40);
        assertThat(rig.read(LVT_TIMER)).isEqualTo(0x40);
    }
}
