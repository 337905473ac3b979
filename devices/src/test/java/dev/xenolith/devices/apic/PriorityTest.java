package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Acceptance, priority and completion of fixed interrupts: IRR, ISR, TMR, TPR, PPR, APR, EOI (SDM §10.8). */
final class PriorityTest {
    private final ApicRig rig = ApicRig.enabled();

    @Test
    @DisplayName("an accepted fixed interrupt waits in IRR, edge-triggered in TMR, and asks for the CPU")
    void fixedInterrupt_setsIrrClearsTmrAndSignalsCpu() {
        rig.deliverFixed(0x41);

        assertThat(rig.bit(IRR_BANK, 0x41)).isTrue();
        assertThat(rig.bit(TMR_BANK, 0x41)).isFalse();
        assertThat(rig.cpu().interruptRequests).isEqualTo(1);
        assertThat(rig.apic().hasInterrupt()).isTrue();
    }

    @Test
    void acknowledge_movesVectorFromIrrToIsr() {
        rig.deliverFixed(0x41);

        assertThat(rig.take()).isEqualTo(0x41);

        assertThat(rig.bit(IRR_BANK, 0x41)).isFalse();
        assertThat(rig.bit(ISR_BANK, 0x41)).isTrue();
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    void acknowledge_takesHighestVectorFirst() {
        rig.deliverFixed(0x40);
        rig.deliverFixed(0x80);
        rig.deliverFixed(0x7F);

        assertThat(rig.take()).isEqualTo(0x80);
    }

    @Test
    @DisplayName("a second request for a vector already in IRR merges with it")
    void sameVectorTwice_mergesInIrr() {
        rig.deliverFixed(0x41);
        rig.deliverFixed(0x41);

        rig.take();

        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @ParameterizedTest(name = "TPR 0x{0}, in service 0x{1} -> PPR 0x{2}")
    @CsvSource({"00, none, 00", "35, 41, 40", "45, 41, 45", "4F, 41, 4F", "4F, 51, 50", "00, 51, 50"})
    @DisplayName("PPR is TPR when its class is at least the in-service class, else the in-service class")
    void ppr_followsSdmRule(String tpr, String inService, String ppr) {
        if (!inService.equals("none")) {
            rig.deliverFixed(Integer.parseInt(inService, 16));
            rig.take();
        }
        rig.write(TPR, Integer.parseInt(tpr, 16));

        assertThat(rig.read(PPR)).isEqualTo(Integer.parseInt(ppr, 16));
    }

    @ParameterizedTest(name = "PPR 0x{0}: vector 0x{1} deliverable={2}")
    @CsvSource({"40, 4F, false", "40, 50, true", "4F, 50, true", "40, 3F, false", "00, 10, true", "00, 0F, false"})
    @DisplayName("a vector is deliverable only when its class is above PPR's class")
    void deliverability_comparesClasses(String tpr, String vector, boolean deliverable) {
        rig.write(TPR, Integer.parseInt(tpr, 16));

        rig.deliverFixed(Integer.parseInt(vector, 16));

        assertThat(rig.apic().hasInterrupt()).isEqualTo(deliverable);
    }

    @Test
    @DisplayName("kvm-unit-tests TPR masking: TPR 0xF0 blocks 32 and 62; lowering it to 0x20 releases only 62")
    void tprMasking_likeEventinj() {
        rig.write(TPR, 0xF0);
        rig.deliverFixed(32);
        rig.deliverFixed(62);
        assertThat(rig.apic().hasInterrupt()).isFalse();
        assertThat(rig.cpu().interruptRequests).isZero();

        rig.write(TPR, 0x20);

        assertThat(rig.cpu().interruptRequests).isEqualTo(1);
        assertThat(rig.take()).isEqualTo(62);
        rig.write(EOI, 0);
        assertThat(rig.apic().hasInterrupt()).isFalse();
        assertThat(rig.bit(IRR_BANK, 32)).isTrue();
    }

    @Test
    @DisplayName("an interrupt in service blocks its own class and below but not a higher class")
    void inService_blocksSameClassNotHigher() {
        rig.deliverFixed(0x55);
        rig.take();

        rig.deliverFixed(0x5F);
        assertThat(rig.apic().hasInterrupt()).isFalse();
        rig.deliverFixed(0x60);

        assertThat(rig.take()).isEqualTo(0x60);
        assertThat(rig.bit(ISR_BANK, 0x55)).isTrue();
    }

    @Test
    @DisplayName("EOI clears the highest in-service vector and lets the blocked one through")
    void eoi_clearsHighestIsrAndSignalsNextVector() {
        rig.deliverFixed(0x55);
        rig.take();
        rig.deliverFixed(0x60);
        rig.take();
        rig.deliverFixed(0x51);
        int requests = rig.cpu().interruptRequests;

        rig.write(EOI, 0);
        assertThat(rig.bit(ISR_BANK, 0x60)).isFalse();
        assertThat(rig.bit(ISR_BANK, 0x55)).isTrue();
        assertThat(rig.apic().hasInterrupt()).as("0x51 is still below 0x55's class").isFalse();
        rig.write(EOI, 0);

        assertThat(rig.cpu().interruptRequests).isEqualTo(requests + 1);
        assertThat(rig.take()).isEqualTo(0x51);
    }

    @Test
    void eoi_withNothingInService_changesNothing() {
        rig.deliverFixed(0x41);

        rig.write(EOI, 0);

        assertThat(rig.bit(IRR_BANK, 0x41)).isTrue();
        assertThat(rig.read(PPR)).isZero();
    }

    @Test
    @DisplayName("if the request went away before the acknowledge, the APIC answers the spurious vector")
    void acknowledge_afterTprRaised_returnsSpuriousVectorWithoutIsr() {
        rig.write(SVR, 0x1EF);
        rig.deliverFixed(0x41);
        rig.write(TPR, 0x50);

        assertThat(rig.apic().acknowledge()).isEqualTo(0xEF);

        assertThat(rig.bit(ISR_BANK, 0x41)).isFalse();
        assertThat(rig.bit(ISR_BANK, 0xEF)).isFalse();
        assertThat(rig.bit(IRR_BANK, 0x41)).isTrue();
    }

    @Test
    @DisplayName("vectors 0-15 are refused and set ESR[6] (receive illegal vector)")
    void illegalVector_isRefused() {
        rig.deliverFixed(15);

        assertThat(rig.bit(IRR_BANK, 15)).isFalse();
        assertThat(rig.apic().hasInterrupt()).isFalse();
        rig.write(ESR, 0);
        assertThat(rig.read(ESR)).isEqualTo(ESR_RECEIVE_ILLEGAL_VECTOR);
    }

    @Test
    @DisplayName("software-disabled: new fixed interrupts are refused")
    void softwareDisabled_refusesFixedInterrupts() {
        rig.write(SVR, 0xFF);

        rig.deliverFixed(0x41);

        assertThat(rig.bit(IRR_BANK, 0x41)).isFalse();
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @Test
    @DisplayName("software-disabled: what IRR already holds is kept and still handed to the CPU")
    void softwareDisabled_keepsAndDeliversPendingIrr() {
        rig.deliverFixed(0x41);

        rig.write(SVR, 0xFF);

        assertThat(rig.bit(IRR_BANK, 0x41)).isTrue();
        assertThat(rig.take()).isEqualTo(0x41);
    }

    @Test
    void acknowledge_withNothingPending_returnsSpuriousVector() {
        assertThat(rig.apic().acknowledge()).isEqualTo(0xFF);
    }

    @Test
    @DisplayName("APR is TPR when TPR's class is at least IRR's and above ISR's, else IRR's class")
    void apr_followsSdmFormula() {
        rig.write(TPR, 0x25);
        assertThat(rig.read(APR)).isEqualTo(0x25);

        rig.write(TPR, 0x50);
        rig.deliverFixed(0x45);
        assertThat(rig.read(APR)).isEqualTo(0x50);

        rig.write(TPR, 0x20);
        rig.deliverFixed(0x67);
        assertThat(rig.read(APR)).isEqualTo(0x60);
    }

    @Test
    @DisplayName("every detected error raises the error LVT")
    void error_raisesErrorLvt() {
        rig.write(LVT_ERROR, 0xFE);

        rig.read(0x010);

        assertThat(rig.take()).isEqualTo(0xFE);
        rig.write(EOI, 0);
        rig.read(0x010);
        assertThat(rig.take()).isEqualTo(0xFE);
    }

    @Test
    @DisplayName("an illegal vector in the error LVT is recorded in ESR without raising anything")
    void error_withIllegalErrorVector_recordsReceiveIllegalVector() {
        rig.write(LVT_ERROR, 0x05);

        rig.read(0x010);

        assertThat(rig.apic().hasInterrupt()).isFalse();
        rig.write(ESR, 0);
        assertThat(rig.read(ESR)).isEqualTo(ESR_ILLEGAL_REGISTER_ADDRESS | ESR_RECEIVE_ILLEGAL_VECTOR);
    }

    @Test
    void maskedErrorLvt_recordsErrorWithoutInterrupt() {
        rig.write(LVT_ERROR, LVT_MASKED | 0xFE);

        rig.read(0x010);

        assertThat(rig.apic().hasInterrupt()).isFalse();
        rig.write(ESR, 0);
        assertThat(rig.read(ESR)).isEqualTo(ESR_ILLEGAL_REGISTER_ADDRESS);
    }
}
