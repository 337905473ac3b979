package dev.xenolith.devices.uart;

import static dev.xenolith.devices.uart.ModemLines.MCR_LOOP;
import static dev.xenolith.devices.uart.ModemLines.MCR_OUT2;
import static dev.xenolith.devices.uart.UartRig.CHAR_115200_8N1;
import static dev.xenolith.devices.uart.Uart16550.FCR_TRIGGER_1;
import static dev.xenolith.devices.uart.Uart16550.IER;
import static dev.xenolith.devices.uart.Uart16550.IER_EDSSI;
import static dev.xenolith.devices.uart.Uart16550.IER_ELSI;
import static dev.xenolith.devices.uart.Uart16550.IER_ERBFI;
import static dev.xenolith.devices.uart.Uart16550.IER_ETBEI;
import static dev.xenolith.devices.uart.Uart16550.IIR;
import static dev.xenolith.devices.uart.Uart16550.IIR_LINE_STATUS;
import static dev.xenolith.devices.uart.Uart16550.IIR_MODEM_STATUS;
import static dev.xenolith.devices.uart.Uart16550.IIR_NONE;
import static dev.xenolith.devices.uart.Uart16550.IIR_RX_DATA;
import static dev.xenolith.devices.uart.Uart16550.IIR_THR_EMPTY;
import static dev.xenolith.devices.uart.Uart16550.LSR;
import static dev.xenolith.devices.uart.Uart16550.MCR;
import static dev.xenolith.devices.uart.Uart16550.MSR;
import static dev.xenolith.devices.uart.Uart16550.RBR;
import static dev.xenolith.devices.uart.Uart16550.THR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** IIR priorities, what clears each source, the THRE rules, IER re-evaluation and the OUT2 gate. */
final class InterruptTest {

    /** A 115200 16450-mode UART with OUT2 set, so INTR reaches the IRQ line. */
    private static UartRig wired() {
        UartRig rig = UartRig.at115200();
        rig.out(MCR, MCR_OUT2);
        return rig;
    }

    @Test
    @DisplayName("all four sources pending: IIR reports line status > RX data > THRE > modem status")
    void iir_allSourcesPending_reportsThemInPriorityOrder_eachClearedByItsOwnAccess() {
        UartRig rig = wired();
        rig.out(MCR, MCR_OUT2 | MCR_LOOP);
        rig.out(MCR, MCR_OUT2);
        rig.receive("12");
        rig.runUntil(2 * CHAR_115200_8N1);
        rig.out(IER, IER_ERBFI | IER_ETBEI | IER_ELSI | IER_EDSSI);
        assertThat(rig.irq).isTrue();

        assertThat(rig.in(IIR)).isEqualTo(IIR_LINE_STATUS);
        rig.in(LSR);
        assertThat(rig.in(IIR)).isEqualTo(IIR_RX_DATA);
        rig.in(RBR);
        assertThat(rig.in(IIR)).isEqualTo(IIR_THR_EMPTY);
        assertThat(rig.in(IIR)).as("the THRE read cleared it").isEqualTo(IIR_MODEM_STATUS);
        assertThat(rig.in(IIR)).as("reading IIR does not clear modem status").isEqualTo(IIR_MODEM_STATUS);
        rig.in(MSR);
        assertThat(rig.in(IIR)).isEqualTo(IIR_NONE);
        assertThat(rig.irq).isFalse();
    }

    @Test
    @DisplayName("setting ETBEI while THR is empty raises THRE; reading IIR clears it")
    void thre_enabledWhileEmpty_isPending_untilIirReportsIt() {
        UartRig rig = wired();

        rig.out(IER, IER_ETBEI);

        assertThat(rig.irq).isTrue();
        assertThat(rig.in(IIR)).isEqualTo(IIR_THR_EMPTY);
        assertThat(rig.irq).isFalse();
        assertThat(rig.in(IIR)).isEqualTo(IIR_NONE);
        assertThat(rig.in(LSR) & 0x60).as("THRE the status bit stays set").isEqualTo(0x60);
    }

    @Test
    @DisplayName("writing THR clears THRE; it comes back when the THR empties into the shift register")
    void thre_clearedByThrWrite_raisedAgainWhenThrEmpties() {
        UartRig rig = wired();
        rig.out(IER, IER_ETBEI);
        rig.out(THR, 'a');
        assertThat(rig.in(IIR)).as("'a' went straight into the shift register").isEqualTo(IIR_THR_EMPTY);

        rig.out(THR, 'b');
        assertThat(rig.irq).isFalse();
        assertThat(rig.in(IIR)).isEqualTo(IIR_NONE);
        int risesBefore = rig.irqRises;

        rig.runUntil(CHAR_115200_8N1 - 1);
        assertThat(rig.irq).isFalse();
        rig.runUntil(CHAR_115200_8N1);
        assertThat(rig.irq).isTrue();
        assertThat(rig.irqRises).isEqualTo(risesBefore + 1);
        assertThat(rig.in(IIR)).isEqualTo(IIR_THR_EMPTY);
    }

    @Test
    @DisplayName("an IIR read that reports a higher source leaves a pending THRE alone")
    void thre_iirReadReportingAHigherSource_doesNotClearThre() {
        UartRig rig = wired();
        rig.receive("12");
        rig.runUntil(2 * CHAR_115200_8N1);
        rig.out(IER, IER_ELSI | IER_ETBEI);

        assertThat(rig.in(IIR)).isEqualTo(IIR_LINE_STATUS);
        assertThat(rig.in(IIR)).isEqualTo(IIR_LINE_STATUS);
        rig.in(LSR);
        assertThat(rig.irq).isTrue();
        assertThat(rig.in(IIR)).isEqualTo(IIR_THR_EMPTY);
        assertThat(rig.in(IIR)).isEqualTo(IIR_NONE);
    }

    @Test
    @DisplayName("rewriting IER with ETBEI already set does not re-raise THRE (no interrupt storm)")
    void thre_ierRewrittenWithEtbeiStillSet_staysCleared_butAZeroToOneEdgeRaisesIt() {
        UartRig rig = wired();
        rig.out(IER, IER_ETBEI);
        rig.in(IIR);

        rig.out(IER, IER_ETBEI);
        rig.out(IER, IER_ETBEI | IER_ERBFI);
        assertThat(rig.in(IIR)).isEqualTo(IIR_NONE);

        rig.out(IER, IER_ERBFI);
        rig.out(IER, IER_ERBFI | IER_ETBEI);
        assertThat(rig.in(IIR)).isEqualTo(IIR_THR_EMPTY);
    }

    @Test
    @DisplayName("IER is re-evaluated on every write: masking and unmasking re-asserts pending RX data")
    void ier_maskedThenUnmasked_reassertsPendingRxData() {
        UartRig rig = wired();
        rig.receive("p");
        rig.runUntil(CHAR_115200_8N1);
        assertThat(rig.irq).as("nothing enabled yet").isFalse();

        rig.out(IER, IER_ERBFI);
        assertThat(rig.irq).isTrue();
        rig.out(IER, 0);
        assertThat(rig.irq).isFalse();
        assertThat(rig.in(IIR)).isEqualTo(IIR_NONE);
        rig.out(IER, IER_ERBFI);
        assertThat(rig.irq).isTrue();
        assertThat(rig.irqRises).isEqualTo(2);
        assertThat(rig.in(IIR)).isEqualTo(IIR_RX_DATA);
    }

    @Test
    @DisplayName("the IRQ line is driven only while MCR.OUT2 is set; IIR is not gated")
    void out2_gatesTheIrqLine_notTheInterruptIdentification() {
        UartRig rig = UartRig.at115200();
        rig.out(IER, IER_ERBFI);
        rig.receive("g");
        rig.runUntil(CHAR_115200_8N1);

        assertThat(rig.irq).isFalse();
        assertThat(rig.in(IIR)).isEqualTo(IIR_RX_DATA);
        rig.out(MCR, MCR_OUT2);
        assertThat(rig.irq).isTrue();
        rig.out(MCR, 0);
        assertThat(rig.irq).isFalse();
        rig.out(MCR, MCR_OUT2);
        rig.in(RBR);
        assertThat(rig.irq).isFalse();
    }

    @Test
    @DisplayName("loopback forces the OUT2 pin inactive, so the chip's interrupts stay off the IRQ line")
    void out2_inLoopback_pinIsForcedInactive() {
        UartRig rig = UartRig.at115200WithFifo(FCR_TRIGGER_1);
        rig.out(IER, IER_ERBFI);
        rig.out(MCR, MCR_OUT2 | MCR_LOOP);
        rig.out(THR, 'L');
        rig.runUntil(CHAR_115200_8N1);

        assertThat(rig.in(IIR)).isEqualTo(0xC0 | IIR_RX_DATA);
        assertThat(rig.irq).isFalse();
        rig.out(MCR, MCR_OUT2);
        assertThat(rig.irq).isTrue();
    }
}
