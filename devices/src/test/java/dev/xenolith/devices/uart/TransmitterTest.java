package dev.xenolith.devices.uart;

import static dev.xenolith.devices.uart.UartRig.CHAR_115200_8N1;
import static dev.xenolith.devices.uart.Uart16550.FCR;
import static dev.xenolith.devices.uart.Uart16550.FCR_ENABLE;
import static dev.xenolith.devices.uart.Uart16550.FCR_TX_RESET;
import static dev.xenolith.devices.uart.Uart16550.LCR_EVEN_PARITY;
import static dev.xenolith.devices.uart.Uart16550.LCR_PARITY_ENABLE;
import static dev.xenolith.devices.uart.Uart16550.LCR_TWO_STOP_BITS;
import static dev.xenolith.devices.uart.Uart16550.LCR_WORD_5;
import static dev.xenolith.devices.uart.Uart16550.LCR_WORD_7;
import static dev.xenolith.devices.uart.Uart16550.LCR_WORD_8;
import static dev.xenolith.devices.uart.Uart16550.LSR;
import static dev.xenolith.devices.uart.Uart16550.LSR_TEMT;
import static dev.xenolith.devices.uart.Uart16550.LSR_THRE;
import static dev.xenolith.devices.uart.Uart16550.THR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.devices.uart.UartRig.Sent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Character time from the crystal and the divisor, and the THR/TX FIFO to shift register to line path. */
final class TransmitterTest {

    @Test
    @DisplayName("115200 baud 8N1: a character is 10 bits x 16 x 1 crystal cycles = 86.805556 us")
    void characterTime_115200_8N1_is86point805us() {
        UartRig rig = UartRig.at115200();
        assertThat(rig.uart.characterTime()).isEqualTo(86_805_556L);
    }

    @Test
    @DisplayName("9600 baud 7E2: 11 bits x 16 x 12 crystal cycles = 1.145833 ms")
    void characterTime_9600_7E2_is1point146ms() {
        UartRig rig = new UartRig();
        rig.program(12, LCR_WORD_7 | LCR_PARITY_ENABLE | LCR_EVEN_PARITY | LCR_TWO_STOP_BITS);
        assertThat(rig.uart.characterTime()).isEqualTo(1_145_833_334L);
    }

    @Test
    @DisplayName("5-bit words with LCR[2] set have 1.5 stop bits: 7.5 bits x 16 cycles")
    void characterTime_fiveBitWordsWithStopBitSet_useOneAndAHalfStopBits() {
        UartRig rig = new UartRig();
        rig.program(1, LCR_WORD_5 | LCR_TWO_STOP_BITS);
        assertThat(rig.uart.characterTime()).isEqualTo(65_104_167L);
    }

    @Test
    @DisplayName("a divisor of 0 divides by 65536")
    void characterTime_divisorZero_countsAs65536() {
        UartRig rig = new UartRig();
        rig.program(0, LCR_WORD_8);
        assertThat(rig.uart.characterTime()).isEqualTo(5_688_888_888_889L);
    }

    @Test
    void string_writtenIntoTheFifo_leavesAtOneCharacterTimePerCharacter() {
        UartRig rig = UartRig.at115200WithFifo(0);
        rig.runUntil(1_000_000L);
        long start = rig.now;

        rig.write("Hello, 16550!\n");
        rig.runUntil(start + 100 * CHAR_115200_8N1);

        assertThat(rig.sentText()).isEqualTo("Hello, 16550!\n");
        for (int i = 0; i < rig.sent.size(); i++) {
            assertThat(rig.sent.get(i).time()).as("character %d", i).isEqualTo(start + (i + 1) * CHAR_115200_8N1);
        }
    }

    @Test
    void string_at9600_7E2_isPacedByThatFormat() {
        UartRig rig = new UartRig();
        rig.program(12, LCR_WORD_7 | LCR_PARITY_ENABLE | LCR_EVEN_PARITY | LCR_TWO_STOP_BITS);
        rig.out(FCR, FCR_ENABLE);

        rig.write("ok");
        rig.runUntil(Long.MAX_VALUE / 2);

        assertThat(rig.sent).containsExactly(new Sent('o', 1_145_833_334L), new Sent('k', 2_291_666_668L));
    }

    @Test
    @DisplayName("THRE when the last character enters the shift register, TEMT when it has left it")
    void fifo_threAndTemt_followTheLastCharacter() {
        UartRig rig = UartRig.at115200WithFifo(0);

        rig.write("abc");
        assertThat(rig.in(LSR) & (LSR_THRE | LSR_TEMT)).isZero();

        rig.runUntil(2 * CHAR_115200_8N1 - 1);
        assertThat(rig.in(LSR) & (LSR_THRE | LSR_TEMT)).as("'c' still in the FIFO").isZero();
        rig.runUntil(2 * CHAR_115200_8N1);
        assertThat(rig.in(LSR) & (LSR_THRE | LSR_TEMT)).as("'c' shifting").isEqualTo(LSR_THRE);
        rig.runUntil(3 * CHAR_115200_8N1 - 1);
        assertThat(rig.in(LSR) & LSR_TEMT).isZero();
        rig.runUntil(3 * CHAR_115200_8N1);
        assertThat(rig.in(LSR) & (LSR_THRE | LSR_TEMT)).isEqualTo(LSR_THRE | LSR_TEMT);
        assertThat(rig.sentText()).isEqualTo("abc");
    }

    @Test
    @DisplayName("the FIFO holds 16 behind the shift register; a write to a full FIFO is lost")
    void fifo_depthIsSixteen_writeWhenFullIsDropped() {
        UartRig rig = UartRig.at115200WithFifo(0);

        rig.write("0123456789ABCDEFGH");
        rig.runUntil(16 * CHAR_115200_8N1 - 1);
        assertThat(rig.in(LSR) & LSR_THRE).as("'G' still waits in the FIFO").isZero();
        rig.runUntil(16 * CHAR_115200_8N1);
        assertThat(rig.in(LSR) & LSR_THRE).isEqualTo(LSR_THRE);
        rig.runUntil(100 * CHAR_115200_8N1);

        assertThat(rig.sentText()).isEqualTo("0123456789ABCDEFG");
        assertThat(rig.sent.get(16).time()).isEqualTo(17 * CHAR_115200_8N1);
    }

    @Test
    @DisplayName("16450 mode: one THR behind the shift register; rewriting a full THR replaces it")
    void nonFifoMode_thrIsOneDeep_andOverwritten() {
        UartRig rig = UartRig.at115200();

        rig.out(THR, 'A');
        assertThat(rig.in(LSR) & (LSR_THRE | LSR_TEMT)).as("'A' moved straight to the shift register")
                .isEqualTo(LSR_THRE);
        rig.out(THR, 'B');
        assertThat(rig.in(LSR) & LSR_THRE).isZero();
        rig.out(THR, 'C');
        rig.runUntil(10 * CHAR_115200_8N1);

        assertThat(rig.sent).containsExactly(new Sent('A', CHAR_115200_8N1), new Sent('C', 2 * CHAR_115200_8N1));
    }

    @Test
    void pollingDriver_writingOnThre_keepsTheLineBusyBackToBack() {
        UartRig rig = UartRig.at115200();
        String text = "poll";
        int next = 0;
        while (next < text.length()) {
            if ((rig.in(LSR) & LSR_THRE) != 0) {
                rig.out(THR, text.charAt(next++));
            } else {
                rig.runUntil(rig.now + 1_000_000L);
            }
        }
        rig.runUntil(rig.now + 10 * CHAR_115200_8N1);

        assertThat(rig.sentText()).isEqualTo("poll");
        long gap = rig.sent.get(2).time() - rig.sent.get(1).time();
        assertThat(gap).as("the THR refills while the shift register is busy").isEqualTo(CHAR_115200_8N1);
    }

    @Test
    void shortWords_transmitOnlyTheirDataBits() {
        UartRig rig = new UartRig();
        rig.program(1, LCR_WORD_7);
        rig.out(THR, 0xFF);
        rig.runUntil(10 * CHAR_115200_8N1);
        assertThat(rig.sent).extracting(Sent::b).containsExactly(0x7F);
    }

    @Test
    @DisplayName("TX FIFO reset empties the FIFO at once but lets the shift register finish")
    void fcrTxReset_dropsQueuedCharacters_keepsTheOneShifting() {
        UartRig rig = UartRig.at115200WithFifo(0);
        rig.write("wxyz");

        rig.out(FCR, FCR_ENABLE | FCR_TX_RESET);

        assertThat(rig.in(LSR) & (LSR_THRE | LSR_TEMT)).isEqualTo(LSR_THRE);
        rig.runUntil(10 * CHAR_115200_8N1);
        assertThat(rig.sent).containsExactly(new Sent('w', CHAR_115200_8N1));
        assertThat(rig.in(LSR) & LSR_TEMT).isEqualTo(LSR_TEMT);
    }

    @Test
    @DisplayName("an access at a CPU's later local time sees the characters that finished by then")
    void access_aheadOfTheQueue_catchesUpOnDueEvents() {
        UartRig rig = UartRig.at115200WithFifo(0);
        rig.write("ab");

        int lsr = rig.uart.ioRead(UartRig.BASE + LSR, 1, 2 * CHAR_115200_8N1);

        assertThat(lsr & LSR_TEMT).isEqualTo(LSR_TEMT);
        assertThat(rig.sent).containsExactly(new Sent('a', CHAR_115200_8N1), new Sent('b', 2 * CHAR_115200_8N1));
        assertThat(rig.events.isEmpty()).isTrue();
    }

    @Test
    void instantPacing_sendsAtTheWriteTime() {
        UartRig rig = new UartRig(TransmitPacing.INSTANT);
        rig.program(1, LCR_WORD_8);
        rig.runUntil(5_000L);

        rig.write("go");
        rig.runUntil(5_000L);

        assertThat(rig.sent).containsExactly(new Sent('g', 5_000L), new Sent('o', 5_000L));
        assertThat(rig.in(LSR) & LSR_TEMT).isEqualTo(LSR_TEMT);
    }
}
