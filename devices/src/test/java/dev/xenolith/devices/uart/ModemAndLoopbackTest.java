package dev.xenolith.devices.uart;

import static dev.xenolith.devices.uart.ModemLines.MCR_DTR;
import static dev.xenolith.devices.uart.ModemLines.MCR_LOOP;
import static dev.xenolith.devices.uart.ModemLines.MCR_OUT1;
import static dev.xenolith.devices.uart.ModemLines.MCR_OUT2;
import static dev.xenolith.devices.uart.ModemLines.MCR_RTS;
import static dev.xenolith.devices.uart.ModemLines.MSR_CTS;
import static dev.xenolith.devices.uart.ModemLines.MSR_DCD;
import static dev.xenolith.devices.uart.ModemLines.MSR_DELTA_CTS;
import static dev.xenolith.devices.uart.ModemLines.MSR_DELTA_DCD;
import static dev.xenolith.devices.uart.ModemLines.MSR_DELTA_DSR;
import static dev.xenolith.devices.uart.ModemLines.MSR_DSR;
import static dev.xenolith.devices.uart.ModemLines.MSR_RI;
import static dev.xenolith.devices.uart.ModemLines.MSR_TRAILING_EDGE_RI;
import static dev.xenolith.devices.uart.UartRig.CHAR_115200_8N1;
import static dev.xenolith.devices.uart.Uart16550.FCR_TRIGGER_1;
import static dev.xenolith.devices.uart.Uart16550.IER;
import static dev.xenolith.devices.uart.Uart16550.IER_EDSSI;
import static dev.xenolith.devices.uart.Uart16550.IIR;
import static dev.xenolith.devices.uart.Uart16550.LSR;
import static dev.xenolith.devices.uart.Uart16550.LSR_DR;
import static dev.xenolith.devices.uart.Uart16550.LSR_TEMT;
import static dev.xenolith.devices.uart.Uart16550.MCR;
import static dev.xenolith.devices.uart.Uart16550.MSR;
import static dev.xenolith.devices.uart.Uart16550.RBR;
import static dev.xenolith.devices.uart.Uart16550.THR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MCR outputs, MSR states and delta bits, and the internal loopback of data and modem lines. */
final class ModemAndLoopbackTest {

    @Test
    void loopback_transmittedCharacter_isReceivedOneCharacterTimeLater_andNotSent() {
        UartRig rig = UartRig.at115200WithFifo(FCR_TRIGGER_1);
        rig.out(MCR, MCR_LOOP);

        rig.out(THR, 'Q');
        rig.runUntil(CHAR_115200_8N1 - 1);
        assertThat(rig.in(LSR) & (LSR_DR | LSR_TEMT)).isZero();
        rig.runUntil(CHAR_115200_8N1);

        assertThat(rig.in(LSR) & (LSR_DR | LSR_TEMT)).isEqualTo(LSR_DR | LSR_TEMT);
        assertThat(rig.in(RBR)).isEqualTo('Q');
        assertThat(rig.sent).as("the serial output idles in loopback").isEmpty();
    }

    @Test
    void loopback_farEndInput_isDisconnected() {
        UartRig rig = UartRig.at115200WithFifo(FCR_TRIGGER_1);
        rig.out(MCR, MCR_LOOP);
        rig.receive("lost");
        rig.runUntil(10 * CHAR_115200_8N1);
        assertThat(rig.in(LSR) & LSR_DR).isZero();

        rig.out(MCR, 0);
        rig.receive("k");
        rig.runUntil(rig.now + CHAR_115200_8N1);
        assertThat(rig.in(RBR)).isEqualTo('k');
    }

    @ParameterizedTest(name = "MCR {0} drives MSR {1}")
    @CsvSource({"RTS, CTS", "DTR, DSR", "OUT1, RI", "OUT2, DCD"})
    @DisplayName("loopback mirrors RTS to CTS, DTR to DSR, OUT1 to RI and OUT2 to DCD")
    void loopback_modemOutputs_driveTheMatchingInput(String output, String input) {
        int mcrBit = switch (output) {
            case "RTS" -> MCR_RTS;
            case "DTR" -> MCR_DTR;
            case "OUT1" -> MCR_OUT1;
            default -> MCR_OUT2;
        };
        int msrBit = switch (input) {
            case "CTS" -> MSR_CTS;
            case "DSR" -> MSR_DSR;
            case "RI" -> MSR_RI;
            default -> MSR_DCD;
        };
        UartRig rig = new UartRig();
        rig.out(MCR, MCR_LOOP);
        rig.in(MSR);

        rig.out(MCR, MCR_LOOP | mcrBit);

        assertThat(rig.in(MSR) & 0xF0).isEqualTo(msrBit);
    }

    @Test
    @DisplayName("entering loopback swaps the terminal's CTS/DSR/DCD for the MCR outputs and latches deltas")
    void loopback_entering_latchesTheInputChanges() {
        UartRig rig = new UartRig();

        rig.out(MCR, MCR_LOOP | MCR_OUT2 | MCR_RTS);

        assertThat(rig.in(MSR)).as("CTS and DCD stay, DSR drops").isEqualTo(MSR_DCD | MSR_CTS | MSR_DELTA_DSR);
        assertThat(rig.in(MSR)).as("reading MSR cleared the deltas").isEqualTo(MSR_DCD | MSR_CTS);
        rig.out(MCR, 0);
        assertThat(rig.in(MSR)).isEqualTo(MSR_DCD | MSR_DSR | MSR_CTS | MSR_DELTA_DSR);
    }

    @Test
    void deltaBits_setOnEveryChangeOfCtsDsrDcd() {
        UartRig rig = new UartRig();
        rig.out(MCR, MCR_LOOP | MCR_RTS | MCR_DTR | MCR_OUT2);
        rig.in(MSR);

        rig.out(MCR, MCR_LOOP);
        assertThat(rig.in(MSR)).isEqualTo(MSR_DELTA_CTS | MSR_DELTA_DSR | MSR_DELTA_DCD);
        rig.out(MCR, MCR_LOOP | MCR_RTS);
        assertThat(rig.in(MSR)).isEqualTo(MSR_CTS | MSR_DELTA_CTS);
    }

    @Test
    @DisplayName("TERI is set when RI goes from on to off, not when it comes on")
    void trailingEdgeRi_onlyOnTheFallingEdge() {
        UartRig rig = new UartRig();
        rig.out(MCR, MCR_LOOP);
        rig.in(MSR);

        rig.out(MCR, MCR_LOOP | MCR_OUT1);
        assertThat(rig.in(MSR)).isEqualTo(MSR_RI);
        rig.out(MCR, MCR_LOOP);
        assertThat(rig.in(MSR)).isEqualTo(MSR_TRAILING_EDGE_RI);
        assertThat(rig.in(MSR)).isZero();
    }

    @Test
    void modemStatusInterrupt_pendingWhileDeltasAreSet_clearedByReadingMsr() {
        UartRig rig = new UartRig();
        rig.out(IER, IER_EDSSI);
        rig.out(MCR, MCR_OUT2);
        assertThat(rig.irq).isFalse();

        rig.out(MCR, MCR_OUT2 | MCR_LOOP);
        rig.out(MCR, MCR_OUT2);

        assertThat(rig.irq).isTrue();
        assertThat(rig.in(IIR)).isEqualTo(0x00);
        assertThat(rig.in(MSR) & 0x0F).isEqualTo(MSR_DELTA_CTS | MSR_DELTA_DSR);
        assertThat(rig.in(IIR)).isEqualTo(0x01);
        assertThat(rig.irq).isFalse();
    }

    @Test
    @DisplayName("Linux 8250 autoconfig: loopback with OUT2|RTS reads back DCD|CTS in MSR[7:4]")
    void linuxLoopbackProbe_seesDcdAndCts() {
        UartRig rig = new UartRig();
        rig.out(MCR, MCR_LOOP | MCR_OUT2 | MCR_RTS);
        assertThat(rig.in(MSR) & 0xF0).isEqualTo(0x90);
    }
}
