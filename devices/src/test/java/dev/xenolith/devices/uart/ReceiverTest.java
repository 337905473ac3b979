package dev.xenolith.devices.uart;

import static dev.xenolith.devices.uart.ModemLines.MCR_OUT2;
import static dev.xenolith.devices.uart.UartRig.CHAR_115200_8N1;
import static dev.xenolith.devices.uart.Uart16550.FCR;
import static dev.xenolith.devices.uart.Uart16550.FCR_ENABLE;
import static dev.xenolith.devices.uart.Uart16550.FCR_RX_RESET;
import static dev.xenolith.devices.uart.Uart16550.FCR_TRIGGER_1;
import static dev.xenolith.devices.uart.Uart16550.FCR_TRIGGER_14;
import static dev.xenolith.devices.uart.Uart16550.FCR_TRIGGER_4;
import static dev.xenolith.devices.uart.Uart16550.FCR_TRIGGER_8;
import static dev.xenolith.devices.uart.Uart16550.IER;
import static dev.xenolith.devices.uart.Uart16550.IER_ELSI;
import static dev.xenolith.devices.uart.Uart16550.IER_ERBFI;
import static dev.xenolith.devices.uart.Uart16550.IIR;
import static dev.xenolith.devices.uart.Uart16550.LCR_EVEN_PARITY;
import static dev.xenolith.devices.uart.Uart16550.LCR_PARITY_ENABLE;
import static dev.xenolith.devices.uart.Uart16550.LCR_TWO_STOP_BITS;
import static dev.xenolith.devices.uart.Uart16550.LCR_WORD_7;
import static dev.xenolith.devices.uart.Uart16550.LSR;
import static dev.xenolith.devices.uart.Uart16550.LSR_BI;
import static dev.xenolith.devices.uart.Uart16550.LSR_DR;
import static dev.xenolith.devices.uart.Uart16550.LSR_FE;
import static dev.xenolith.devices.uart.Uart16550.LSR_OE;
import static dev.xenolith.devices.uart.Uart16550.LSR_PE;
import static dev.xenolith.devices.uart.Uart16550.LSR_RX_FIFO_ERROR;
import static dev.xenolith.devices.uart.Uart16550.MCR;
import static dev.xenolith.devices.uart.Uart16550.RBR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Line pacing, the RX FIFO and its trigger level, the character timeout, overrun and error flags. */
final class ReceiverTest {
    /** Four character times at 115200 8N1: 640 crystal cycles, rounded up once. */
    private static final long TIMEOUT_115200_8N1 = 347_222_223L;

    /** A 115200 UART with the FIFOs on, RX interrupts enabled and OUT2 set, so the IRQ line shows them. */
    private static UartRig receiving(int triggerBits, int ier) {
        UartRig rig = UartRig.at115200WithFifo(triggerBits);
        rig.out(IER, ier);
        rig.out(MCR, MCR_OUT2);
        return rig;
    }

    @Test
    void bytesFromTheFarEnd_landOneCharacterTimeApart() {
        UartRig rig = UartRig.at115200WithFifo(FCR_TRIGGER_1);
        rig.receive("hi");

        rig.runUntil(CHAR_115200_8N1 - 1);
        assertThat(rig.in(LSR) & LSR_DR).isZero();
        rig.runUntil(CHAR_115200_8N1);
        assertThat(rig.in(LSR) & LSR_DR).isEqualTo(LSR_DR);
        assertThat(rig.in(RBR)).isEqualTo('h');
        assertThat(rig.in(LSR) & LSR_DR).as("'i' is still on the wire").isZero();
        rig.runUntil(2 * CHAR_115200_8N1);
        assertThat(rig.in(RBR)).isEqualTo('i');
    }

    @Test
    void bytesFromTheFarEnd_at9600_7E2_takeThatFormatsCharacterTime() {
        UartRig rig = new UartRig();
        rig.program(12, LCR_WORD_7 | LCR_PARITY_ENABLE | LCR_EVEN_PARITY | LCR_TWO_STOP_BITS);
        rig.uart.receive(0xC1, 0);

        rig.runUntil(1_145_833_333L);
        assertThat(rig.in(LSR) & LSR_DR).isZero();
        rig.runUntil(1_145_833_334L);
        assertThat(rig.in(RBR)).as("7-bit words: bit 7 reads 0").isEqualTo(0x41);
    }

    @ParameterizedTest(name = "trigger {1}")
    @CsvSource({"0, 1", "64, 4", "128, 8", "192, 14"})
    void rxDataInterrupt_firesAtTheTriggerLevel_andClearsBelowIt(int triggerBits, int level) {
        UartRig rig = receiving(triggerBits, IER_ERBFI);
        rig.receive("ABCDEFGHIJKLMNOP".substring(0, level));

        rig.runUntil(level * CHAR_115200_8N1 - 1);
        assertThat(rig.in(IIR)).as("%d characters in", level - 1).isEqualTo(0xC1);
        assertThat(rig.irq).isFalse();
        rig.runUntil(level * CHAR_115200_8N1);
        assertThat(rig.in(IIR)).isEqualTo(0xC4);
        assertThat(rig.irq).isTrue();

        assertThat(rig.in(RBR)).isEqualTo('A');
        assertThat(rig.in(IIR)).as("one below the trigger").isEqualTo(0xC1);
        assertThat(rig.irq).isFalse();
    }

    @Test
    @DisplayName("character timeout: data below the trigger level for 4 character times gives IIR 0xCC")
    void characterTimeout_afterFourQuietCharacterTimes_isReportedAndClearedByReadingRbr() {
        UartRig rig = receiving(FCR_TRIGGER_4, IER_ERBFI);
        rig.receive("x");
        long arrival = CHAR_115200_8N1;

        rig.runUntil(arrival + TIMEOUT_115200_8N1 - 1);
        assertThat(rig.in(IIR)).isEqualTo(0xC1);
        assertThat(rig.irq).isFalse();
        rig.runUntil(arrival + TIMEOUT_115200_8N1);
        assertThat(rig.irq).isTrue();
        assertThat(rig.in(IIR)).isEqualTo(0xCC);
        assertThat(rig.in(IIR)).as("reading IIR does not clear it").isEqualTo(0xCC);

        assertThat(rig.in(RBR)).isEqualTo('x');
        assertThat(rig.in(IIR)).isEqualTo(0xC1);
        assertThat(rig.irq).isFalse();
    }

    @Test
    void characterTimeout_restartsOnEachArrivalAndEachRead() {
        UartRig rig = receiving(FCR_TRIGGER_8, IER_ERBFI);
        rig.receive("xyz");
        long lastArrival = 3 * CHAR_115200_8N1;
        rig.runUntil(CHAR_115200_8N1 + TIMEOUT_115200_8N1);
        assertThat(rig.in(IIR)).as("later arrivals restarted the timer").isEqualTo(0xC1);

        rig.runUntil(lastArrival + TIMEOUT_115200_8N1 - 1_000L);
        assertThat(rig.in(RBR)).isEqualTo('x');
        long read = rig.now;
        rig.runUntil(lastArrival + TIMEOUT_115200_8N1);
        assertThat(rig.in(IIR)).as("the read restarted the timer").isEqualTo(0xC1);
        rig.runUntil(read + TIMEOUT_115200_8N1);
        assertThat(rig.in(IIR)).isEqualTo(0xCC);
        assertThat(rig.in(RBR)).isEqualTo('y');
        rig.runUntil(rig.now + TIMEOUT_115200_8N1);
        assertThat(rig.in(IIR)).as("'z' left alone again").isEqualTo(0xCC);
    }

    @Test
    void nonFifoMode_everyCharacterIsRxData_andThereIsNoTimeout() {
        UartRig rig = UartRig.at115200();
        rig.out(IER, IER_ERBFI);
        rig.out(MCR, MCR_OUT2);
        rig.receive("q");

        rig.runUntil(CHAR_115200_8N1);
        assertThat(rig.in(IIR)).isEqualTo(0x04);
        rig.runUntil(100 * CHAR_115200_8N1);
        assertThat(rig.in(IIR)).isEqualTo(0x04);
        assertThat(rig.events.isEmpty()).isTrue();
        assertThat(rig.in(RBR)).isEqualTo('q');
        assertThat(rig.in(IIR)).isEqualTo(0x01);
    }

    @Test
    @DisplayName("overrun with a full FIFO: OE is set, the FIFO is kept and the new character is lost")
    void overrun_fullFifo_setsOe_keepsFifo_losesNewCharacter() {
        UartRig rig = receiving(FCR_TRIGGER_14, IER_ERBFI | IER_ELSI);
        rig.receive("ABCDEFGHIJKLMNOPQ");

        rig.runUntil(17 * CHAR_115200_8N1 - 1);
        assertThat(rig.in(IIR)).as("16 in, at or above 14").isEqualTo(0xC4);
        rig.runUntil(17 * CHAR_115200_8N1);
        assertThat(rig.in(IIR)).isEqualTo(0xC6);
        assertThat(rig.in(LSR)).isEqualTo(0x60 | LSR_OE | LSR_DR);
        assertThat(rig.in(LSR) & LSR_OE).as("reading LSR cleared OE").isZero();
        assertThat(rig.in(IIR)).isEqualTo(0xC4);

        StringBuilder drained = new StringBuilder();
        while ((rig.in(LSR) & LSR_DR) != 0) {
            drained.append((char) rig.in(RBR));
        }
        assertThat(drained).hasToString("ABCDEFGHIJKLMNOP");
    }

    @Test
    void overrun_nonFifoMode_newCharacterOverwritesRbr() {
        UartRig rig = UartRig.at115200();
        rig.receive("12");
        rig.runUntil(2 * CHAR_115200_8N1);

        assertThat(rig.in(LSR)).isEqualTo(0x60 | LSR_OE | LSR_DR);
        assertThat(rig.in(RBR)).isEqualTo('2');
        assertThat(rig.in(LSR)).isEqualTo(0x60);
    }

    @Test
    @DisplayName("PE shows when its character is next to be read; LSR[7] lasts until an LSR read finds none")
    void parityError_isRevealedAtTheHeadOfTheFifo_andLatchesLsrBit7() {
        UartRig rig = UartRig.at115200WithFifo(FCR_TRIGGER_1);
        rig.uart.receive('a', 0);
        rig.uart.receiveWithErrors('b', true, false, 0);
        rig.runUntil(2 * CHAR_115200_8N1);

        assertThat(rig.in(LSR)).as("'b' is not at the head yet").isEqualTo(0x60 | LSR_RX_FIFO_ERROR | LSR_DR);
        assertThat(rig.in(LSR)).as("'b' still queued").isEqualTo(0x60 | LSR_RX_FIFO_ERROR | LSR_DR);
        assertThat(rig.in(RBR)).isEqualTo('a');
        assertThat(rig.in(LSR)).isEqualTo(0x60 | LSR_RX_FIFO_ERROR | LSR_PE | LSR_DR);
        assertThat(rig.in(RBR)).isEqualTo('b');
        assertThat(rig.in(LSR)).as("latched until this read").isEqualTo(0x60 | LSR_RX_FIFO_ERROR);
        assertThat(rig.in(LSR)).isEqualTo(0x60);
    }

    @Test
    void framingErrorAndBreak_raiseTheLineStatusInterrupt() {
        UartRig rig = receiving(FCR_TRIGGER_1, IER_ELSI);
        rig.uart.receiveWithErrors('f', false, true, 0);
        rig.uart.receiveBreak(0);

        rig.runUntil(CHAR_115200_8N1);
        assertThat(rig.irq).isTrue();
        assertThat(rig.in(IIR)).isEqualTo(0xC6);
        assertThat(rig.in(LSR) & 0x1F).isEqualTo(LSR_FE | LSR_DR);
        assertThat(rig.in(IIR)).isEqualTo(0xC1);
        assertThat(rig.in(RBR)).isEqualTo('f');

        rig.runUntil(2 * CHAR_115200_8N1);
        assertThat(rig.in(IIR)).isEqualTo(0xC6);
        assertThat(rig.in(LSR) & 0x1F).isEqualTo(LSR_BI | LSR_DR);
        assertThat(rig.in(RBR)).as("a break is received as one zero character").isZero();
    }

    @Test
    void fcrRxReset_emptiesTheFifo_andCancelsTheTimeout() {
        UartRig rig = receiving(FCR_TRIGGER_14, IER_ERBFI);
        rig.receive("abc");
        rig.runUntil(3 * CHAR_115200_8N1);

        rig.out(FCR, FCR_ENABLE | FCR_TRIGGER_14 | FCR_RX_RESET);

        assertThat(rig.in(LSR) & LSR_DR).isZero();
        rig.runUntil(rig.now + 10 * TIMEOUT_115200_8N1);
        assertThat(rig.in(IIR)).isEqualTo(0xC1);
        rig.receive("d");
        rig.runUntil(rig.now + CHAR_115200_8N1);
        assertThat(rig.in(RBR)).as("the receiver works on").isEqualTo('d');
    }

    @Test
    void fifoEnableToggle_flushesBothFifos_andSwitchesIirBits() {
        UartRig rig = UartRig.at115200();
        rig.receive("r");
        rig.runUntil(CHAR_115200_8N1);
        assertThat(rig.in(IIR) & 0xC0).isZero();

        rig.out(FCR, FCR_ENABLE);
        assertThat(rig.in(LSR) & LSR_DR).as("enabling flushed RBR").isZero();
        assertThat(rig.in(IIR) & 0xC0).isEqualTo(0xC0);

        rig.receive("s");
        rig.runUntil(rig.now + CHAR_115200_8N1);
        rig.out(FCR, FCR_TRIGGER_14);
        assertThat(rig.in(LSR) & LSR_DR).as("disabling flushed the FIFO").isZero();
        assertThat(rig.in(IIR) & 0xC0).as("without FCR[0] the trigger bits are not taken").isZero();
    }

    @Test
    void emptyRbr_readsTheLastCharacterAgain() {
        UartRig rig = UartRig.at115200WithFifo(FCR_TRIGGER_1);
        rig.receive("z");
        rig.runUntil(CHAR_115200_8N1);
        assertThat(rig.in(RBR)).isEqualTo('z');
        assertThat(rig.in(RBR)).isEqualTo('z');
        assertThat(rig.in(LSR) & LSR_DR).isZero();
    }
}
