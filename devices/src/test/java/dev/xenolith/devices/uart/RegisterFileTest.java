package dev.xenolith.devices.uart;

import static dev.xenolith.devices.uart.ModemLines.MCR_OUT2;
import static dev.xenolith.devices.uart.Uart16550.DLL;
import static dev.xenolith.devices.uart.Uart16550.DLM;
import static dev.xenolith.devices.uart.Uart16550.FCR;
import static dev.xenolith.devices.uart.Uart16550.FCR_ENABLE;
import static dev.xenolith.devices.uart.Uart16550.IER;
import static dev.xenolith.devices.uart.Uart16550.IER_ERBFI;
import static dev.xenolith.devices.uart.Uart16550.IER_ETBEI;
import static dev.xenolith.devices.uart.Uart16550.IIR;
import static dev.xenolith.devices.uart.Uart16550.LCR;
import static dev.xenolith.devices.uart.Uart16550.LCR_DLAB;
import static dev.xenolith.devices.uart.Uart16550.LCR_WORD_8;
import static dev.xenolith.devices.uart.Uart16550.LSR;
import static dev.xenolith.devices.uart.Uart16550.MCR;
import static dev.xenolith.devices.uart.Uart16550.MSR;
import static dev.xenolith.devices.uart.Uart16550.RBR;
import static dev.xenolith.devices.uart.Uart16550.SCR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Power-on values, the divisor latch behind DLAB, the scratch register and how ports decode. */
final class RegisterFileTest {

    @Test
    @DisplayName("power-on: IER 0, IIR 0x01, LCR 0, MCR 0, LSR 0x60, MSR 0xB0, SCR 0, divisor 12, IRQ low")
    void powerOn_registers_haveDatasheetResetValues() {
        UartRig rig = new UartRig();

        assertThat(rig.in(IER)).isZero();
        assertThat(rig.in(IIR)).isEqualTo(0x01);
        assertThat(rig.in(LCR)).isZero();
        assertThat(rig.in(MCR)).isZero();
        assertThat(rig.in(LSR)).isEqualTo(0x60);
        assertThat(rig.in(MSR)).isEqualTo(0xB0);
        assertThat(rig.in(SCR)).isZero();
        rig.out(LCR, LCR_DLAB);
        assertThat(rig.in(DLL)).isEqualTo(12);
        assertThat(rig.in(DLM)).isZero();
        assertThat(rig.irq).isFalse();
        assertThat(rig.events.isEmpty()).isTrue();
    }

    @Test
    void reset_afterTrafficAndInterrupts_restoresPowerOnStateAndCancelsTimers() {
        UartRig rig = UartRig.at115200WithFifo(0);
        rig.out(IER, IER_ERBFI | IER_ETBEI);
        rig.out(MCR, MCR_OUT2);
        rig.out(SCR, 0x5A);
        rig.write("abc");
        rig.receive("xyz");
        rig.runUntil(UartRig.CHAR_115200_8N1);
        assertThat(rig.irq).isTrue();

        rig.uart.reset();

        assertThat(rig.irq).isFalse();
        assertThat(rig.events.isEmpty()).as("TX, RX line and timeout events descheduled").isTrue();
        assertThat(rig.in(IER)).isZero();
        assertThat(rig.in(IIR)).as("FIFOs off again").isEqualTo(0x01);
        assertThat(rig.in(LSR)).isEqualTo(0x60);
        assertThat(rig.in(MCR)).isZero();
        assertThat(rig.in(MSR)).isEqualTo(0xB0);
        assertThat(rig.in(SCR)).isZero();
        assertThat(rig.uart.characterTime()).as("divisor 12, 5N1: 7 bits x 16 x 12 cycles").isEqualTo(729_166_667L);
        rig.runUntil(rig.now + 100 * UartRig.CHAR_115200_8N1);
        assertThat(rig.sent).as("only the character that finished before the reset").hasSize(1);
    }

    @Test
    void dlab_set_mapsOffsetsZeroAndOneToTheDivisorLatch() {
        UartRig rig = new UartRig();
        rig.out(IER, IER_ERBFI);

        rig.out(LCR, LCR_DLAB | LCR_WORD_8);
        rig.out(DLL, 0x34);
        rig.out(DLM, 0x12);

        assertThat(rig.in(DLL)).isEqualTo(0x34);
        assertThat(rig.in(DLM)).isEqualTo(0x12);
        assertThat(rig.in(LCR)).isEqualTo(LCR_DLAB | LCR_WORD_8);
        assertThat(rig.sent).as("writing DLL is not a transmission").isEmpty();
        assertThat(rig.in(LSR)).as("nothing entered the transmitter").isEqualTo(0x60);
        rig.out(LCR, LCR_WORD_8);
        assertThat(rig.in(IER)).as("IER untouched by the DLM write").isEqualTo(IER_ERBFI);
    }

    @Test
    void dlab_cleared_offsetsZeroAndOneAreDataAndIer() {
        UartRig rig = UartRig.at115200();
        rig.receive("k");
        rig.runUntil(UartRig.CHAR_115200_8N1);

        rig.out(IER, 0xFF);

        assertThat(rig.in(IER)).as("IER[7:4] do not exist").isEqualTo(0x0F);
        assertThat(rig.in(RBR)).isEqualTo('k');
        rig.out(LCR, LCR_DLAB | LCR_WORD_8);
        assertThat(rig.in(DLL)).as("divisor programmed by the rig, 115200 baud").isEqualTo(1);
        assertThat(rig.in(DLM)).isZero();
    }

    @Test
    void scratchRegister_holdsAnyByte_withoutSideEffects() {
        UartRig rig = new UartRig();
        for (int value : new int[] {0x00, 0x55, 0xAA, 0xFF}) {
            rig.out(SCR, value);
            assertThat(rig.in(SCR)).isEqualTo(value);
        }
        assertThat(rig.in(LSR)).isEqualTo(0x60);
        assertThat(rig.in(IIR)).isEqualTo(0x01);
    }

    @Test
    void lsrAndMsr_writes_areIgnored() {
        UartRig rig = new UartRig();
        rig.out(LSR, 0xFF);
        rig.out(MSR, 0x0F);
        assertThat(rig.in(LSR)).isEqualTo(0x60);
        assertThat(rig.in(MSR)).isEqualTo(0xB0);
    }

    @Test
    void mcr_upperBits_readAsZero() {
        UartRig rig = new UartRig();
        rig.out(MCR, 0xEF);
        assertThat(rig.in(MCR)).isEqualTo(0x0F);
    }

    @Test
    void wideAccess_isSplitIntoByteAccessesToConsecutivePorts() {
        UartRig rig = new UartRig();
        rig.out(SCR, 0x42);
        rig.out(LCR, 0x1B);

        int word = rig.uart.ioRead(UartRig.BASE + LCR, 2, rig.now);
        assertThat(word).as("LCR in the low byte, MCR in the high byte").isEqualTo(0x001B);
        int beyond = rig.uart.ioRead(UartRig.BASE + SCR, 2, rig.now);
        assertThat(beyond).as("SCR, then a port this UART does not decode").isEqualTo(0xFF42);

        rig.uart.ioWrite(UartRig.BASE + MCR, 2, 0x0000_0203, rig.now);
        assertThat(rig.in(MCR)).isEqualTo(0x03);
        assertThat(rig.in(LSR)).as("the LSR byte lane is ignored").isEqualTo(0x60);
    }

    @Test
    void fcr_isWriteOnly_offsetTwoReadsIir() {
        UartRig rig = new UartRig();
        rig.out(FCR, FCR_ENABLE);
        assertThat(rig.in(IIR)).as("reads IIR with the FIFO bits, not FCR's value").isEqualTo(0xC1);
    }
}
