package dev.xenolith.devices.i8042;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 8042 controller's registers and commands, as the PS/2 controller reference and Linux use them. */
final class I8042Test {
    private final I8042Bench kbc = new I8042Bench();

    @Test
    void powerOn_statusAndCommandByte() {
        // Last write a command, not inhibited; nothing to read; SYS clear (cold boot).
        assertThat(kbc.status()).isEqualTo(I8042.STATUS_LAST_WRITE_COMMAND | I8042.STATUS_NOT_INHIBITED);
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);
        assertThat(kbc.readData()).isEqualTo(I8042.CTR_KBD_INTERRUPT | I8042.CTR_AUX_INTERRUPT);
        assertThat(kbc.controller.a20Enabled()).isTrue();
    }

    @Test
    void selfTest_answers55_andSetsTheSystemFlag() {
        kbc.command(I8042.CMD_SELF_TEST);

        assertThat(kbc.status() & I8042.STATUS_SYSTEM_FLAG).isNotZero();
        assertThat(kbc.drain()).containsExactly(0x55);
    }

    @Test
    void interfaceTests_answer00() {
        kbc.command(I8042.CMD_KBD_TEST);
        assertThat(kbc.drain()).containsExactly(0x00);
        kbc.command(I8042.CMD_AUX_TEST);
        assertThat(kbc.drain()).containsExactly(0x00);
    }

    @Test
    void commandByte_writtenThroughCommand60_readsBackThroughCommand20() {
        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE, 0x65);
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);

        assertThat(kbc.drain()).containsExactly(0x65);
        assertThat(kbc.status() & I8042.STATUS_SYSTEM_FLAG).as("SYS mirrors command byte bit 2").isNotZero();
    }

    @Test
    void statusBit3_tellsWhichPortWasWrittenLast() {
        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE);
        assertThat(kbc.status() & I8042.STATUS_LAST_WRITE_COMMAND).isNotZero();
        kbc.writeData(0x03);
        assertThat(kbc.status() & I8042.STATUS_LAST_WRITE_COMMAND).isZero();
    }

    @Test
    void statusErrorAndInputBufferBits_stayClear() {
        kbc.command(I8042.CMD_WRITE_AUX, 0xFF);
        kbc.writeData(0xF2);

        int status = kbc.status();
        assertThat(status & (I8042.STATUS_INPUT_FULL | I8042.STATUS_TIMEOUT | I8042.STATUS_PARITY_ERROR)).isZero();
        assertThat(status & I8042.STATUS_NOT_INHIBITED).isNotZero();
    }

    @Test
    void keyboardByte_setsObfNotAuxb_andRaisesIrq1() {
        kbc.controller.receiveKeyboard(0x1C, 0);

        assertThat(kbc.outputFull()).isTrue();
        assertThat(kbc.auxData()).isFalse();
        assertThat(kbc.irq1.high).isTrue();
        assertThat(kbc.irq12.high).isFalse();
        assertThat(kbc.readData()).isEqualTo(0x1C);
        assertThat(kbc.irq1.high).as("lowered when read").isFalse();
        assertThat(kbc.outputFull()).isFalse();
    }

    @Test
    void auxByte_setsObfAndAuxb_andRaisesIrq12() {
        kbc.controller.receiveAux(0x08, 0);

        assertThat(kbc.outputFull()).isTrue();
        assertThat(kbc.auxData()).isTrue();
        assertThat(kbc.irq12.high).isTrue();
        assertThat(kbc.irq1.high).isFalse();
        assertThat(kbc.readData()).isEqualTo(0x08);
        assertThat(kbc.irq12.high).isFalse();
        assertThat(kbc.auxData()).isFalse();
    }

    @Test
    void irq1_raisedOnlyWhileItsEnableBitIsSet() {
        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE, 0x00);
        kbc.controller.receiveKeyboard(0x1C, 0);

        assertThat(kbc.outputFull()).isTrue();
        assertThat(kbc.irq1.risingEdges).isZero();

        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE, I8042.CTR_KBD_INTERRUPT);
        assertThat(kbc.irq1.high).as("enabling with a byte waiting raises the line").isTrue();
        assertThat(kbc.irq1.risingEdges).isEqualTo(1);
        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE, 0x00);
        assertThat(kbc.irq1.high).isFalse();
    }

    @Test
    void irq12_raisedOnlyWhileItsEnableBitIsSet() {
        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE, I8042.CTR_KBD_INTERRUPT);
        kbc.controller.receiveAux(0x09, 0);

        assertThat(kbc.auxData()).isTrue();
        assertThat(kbc.irq12.risingEdges).isZero();
        assertThat(kbc.irq1.risingEdges).as("an aux byte never raises IRQ1").isZero();
    }

    @Test
    void queuedBytes_arePresentedOneAtATime_withAnEdgePerByte() {
        kbc.controller.receiveKeyboard(0xE0, 0);
        kbc.controller.receiveKeyboard(0x74, 0);
        kbc.controller.receiveKeyboard(0xE0, 0);

        assertThat(kbc.irq1.risingEdges).isEqualTo(1);
        assertThat(kbc.readData()).isEqualTo(0xE0);
        assertThat(kbc.outputFull()).as("the next byte is loaded as soon as the previous is read").isTrue();
        assertThat(kbc.readData()).isEqualTo(0x74);
        assertThat(kbc.readData()).isEqualTo(0xE0);
        assertThat(kbc.outputFull()).isFalse();
        assertThat(kbc.irq1.risingEdges).isEqualTo(3);
        assertThat(kbc.irq1.high).isFalse();
    }

    @Test
    void keyboardAndAuxBytes_interleave_keyboardFirst_eachOnItsOwnLine() {
        kbc.controller.receiveAux(0x08, 0);
        kbc.controller.receiveKeyboard(0x1C, 0);
        kbc.controller.receiveAux(0x01, 0);

        assertThat(kbc.auxData()).isTrue();
        assertThat(kbc.readData()).isEqualTo(0x08);
        assertThat(kbc.auxData()).isFalse();
        assertThat(kbc.irq1.high).isTrue();
        assertThat(kbc.readData()).isEqualTo(0x1C);
        assertThat(kbc.auxData()).isTrue();
        assertThat(kbc.readData()).isEqualTo(0x01);
        assertThat(kbc.irq12.risingEdges).isEqualTo(2);
        assertThat(kbc.irq1.risingEdges).isEqualTo(1);
    }

    @Test
    void readingAnEmptyBuffer_returnsTheLastByteAgain() {
        kbc.controller.receiveKeyboard(0x5A, 0);
        kbc.readData();

        assertThat(kbc.readData()).isEqualTo(0x5A);
        assertThat(kbc.outputFull()).isFalse();
        assertThat(kbc.irq1.risingEdges).isEqualTo(1);
    }

    @Test
    void disabledKeyboard_holdsItsBytesUntilEnabled() {
        kbc.command(I8042.CMD_KBD_DISABLE);
        kbc.controller.receiveKeyboard(0x1C, 0);
        kbc.controller.receiveKeyboard(0xF0, 0);

        assertThat(kbc.outputFull()).isFalse();
        assertThat(kbc.irq1.risingEdges).isZero();
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);
        assertThat(kbc.drain()).containsExactly(0x13); // 0x03 | keyboard disabled

        kbc.command(I8042.CMD_KBD_ENABLE);
        assertThat(kbc.irq1.high).isTrue();
        assertThat(kbc.drain()).containsExactly(0x1C, 0xF0);
    }

    @Test
    void disabledAux_holdsItsBytes_a7SetsAndA8ClearsTheCommandByteBit() {
        kbc.command(I8042.CMD_AUX_DISABLE);
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);
        assertThat(kbc.drain()).containsExactly(0x23);

        kbc.controller.receiveAux(0x08, 0);
        assertThat(kbc.outputFull()).isFalse();

        kbc.command(I8042.CMD_AUX_ENABLE);
        assertThat(kbc.auxData()).isTrue();
        assertThat(kbc.drain()).containsExactly(0x08);
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);
        assertThat(kbc.drain()).containsExactly(0x03);
    }

    @Test
    void writingToTheKeyboard_reenablesTheKeyboardInterface() {
        kbc.command(I8042.CMD_KBD_DISABLE);
        kbc.writeData(Ps2Keyboard.CMD_ENABLE);

        assertThat(kbc.drain()).containsExactly(0xFA);
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);
        assertThat(kbc.drain()).containsExactly(0x03);
    }

    @Test
    void auxCommandsThroughD4_answerOnTheAuxSide() {
        kbc.command(I8042.CMD_WRITE_AUX, 0xFF);
        assertThat(kbc.auxData()).isTrue();
        assertThat(kbc.irq12.high).isTrue();
        assertThat(kbc.drain()).containsExactly(0xFA, 0xAA, 0x00);
        assertThat(kbc.irq12.risingEdges).isEqualTo(3);

        kbc.command(I8042.CMD_WRITE_AUX, 0xF2);
        assertThat(kbc.drain()).containsExactly(0xFA, 0x00);
        kbc.command(I8042.CMD_WRITE_AUX, 0xF4);
        assertThat(kbc.drain()).containsExactly(0xFA);
        kbc.command(I8042.CMD_WRITE_AUX, 0xF3);
        kbc.command(I8042.CMD_WRITE_AUX, 100);
        assertThat(kbc.drain()).containsExactly(0xFA, 0xFA);
        assertThat(kbc.irq1.risingEdges).isZero();
    }

    @Test
    void withoutD4_aByteOnPort60GoesToTheKeyboard() {
        kbc.writeData(0xF2);

        assertThat(kbc.auxData()).isFalse();
        assertThat(kbc.drain()).containsExactly(0xFA, 0xAB, 0x83);
    }

    @Test
    void keyboardCommands_resetEnableDisableAndArguments() {
        kbc.writeData(0xFF);
        assertThat(kbc.drain()).containsExactly(0xFA, 0xAA);
        kbc.writeData(0xF4);
        assertThat(kbc.drain()).containsExactly(0xFA);
        kbc.writeData(0xF5);
        assertThat(kbc.drain()).containsExactly(0xFA);
        kbc.writeData(0xED);
        kbc.writeData(0x07);
        assertThat(kbc.drain()).containsExactly(0xFA, 0xFA);
        kbc.writeData(0xF3);
        kbc.writeData(0x20);
        assertThat(kbc.drain()).containsExactly(0xFA, 0xFA);
        kbc.writeData(0xEE);
        assertThat(kbc.drain()).containsExactly(0xEE);
        kbc.writeData(0x42);
        assertThat(kbc.drain()).as("unknown command").containsExactly(0xFE);
    }

    @Test
    void keyboardScanCodeSet_isRememberedAndReported() {
        kbc.writeData(0xF0);
        kbc.writeData(0x00);
        assertThat(kbc.drain()).containsExactly(0xFA, 0xFA, 0x02);
        kbc.writeData(0xF0);
        kbc.writeData(0x03);
        kbc.writeData(0xF0);
        kbc.writeData(0x00);
        assertThat(kbc.drain()).containsExactly(0xFA, 0xFA, 0xFA, 0xFA, 0x03);
    }

    @Test
    void keyboardReset_discardsBytesTheKeyboardStillHeld() {
        kbc.command(I8042.CMD_KBD_DISABLE);
        kbc.controller.receiveKeyboard(0x1C, 0);
        kbc.writeData(0xFF);

        assertThat(kbc.drain()).containsExactly(0xFA, 0xAA);
    }

    @Test
    void d2AndD3_echoAsIfFromTheKeyboardAndTheAuxDevice() {
        kbc.command(I8042.CMD_WRITE_KBD_BUFFER, 0x5A);
        assertThat(kbc.auxData()).isFalse();
        assertThat(kbc.irq1.high).isTrue();
        assertThat(kbc.readData()).isEqualTo(0x5A);

        // Linux's AUX loop test: D3 5A must come back with AUXB set and IRQ12.
        kbc.command(I8042.CMD_WRITE_AUX_BUFFER, 0x5A);
        assertThat(kbc.auxData()).isTrue();
        assertThat(kbc.irq12.high).isTrue();
        assertThat(kbc.readData()).isEqualTo(0x5A);
        assertThat(kbc.irq12.high).isFalse();
    }

    @Test
    void controllerReply_goesBeforeBytesTheDevicesHaveQueued() {
        kbc.controller.receiveKeyboard(0x1C, 0);
        kbc.controller.receiveKeyboard(0x32, 0);
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);

        // 0x1C was already in the buffer; the reply overtakes 0x32.
        assertThat(kbc.drain()).containsExactly(0x1C, 0x03, 0x32);
    }

    @Test
    void outputPort_d1WritesA20_d0ReadsItBack() {
        kbc.command(I8042.CMD_WRITE_OUTPUT_PORT, 0xDD);
        assertThat(kbc.controller.a20Enabled()).isFalse();
        kbc.command(I8042.CMD_WRITE_OUTPUT_PORT, 0xDF);
        assertThat(kbc.controller.a20Enabled()).isTrue();

        kbc.command(I8042.CMD_READ_OUTPUT_PORT);
        assertThat(kbc.drain()).containsExactly(0xDF & ~0x30);
        assertThat(kbc.controller.resetRequests()).isZero();
    }

    @Test
    void pulseFE_andOutputPortBit0Low_areRecordedAsResetRequests() {
        kbc.command(0xFF); // pulses nothing
        assertThat(kbc.controller.resetRequests()).isZero();
        kbc.command(0xFE);
        assertThat(kbc.controller.resetRequests()).isEqualTo(1);
        kbc.command(I8042.CMD_WRITE_OUTPUT_PORT, 0xDE);
        assertThat(kbc.controller.resetRequests()).isEqualTo(2);
    }

    @Test
    void translationBit_isKeptButBytesPassUnchanged() {
        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE, I8042.CTR_TRANSLATE | I8042.CTR_KBD_INTERRUPT);
        kbc.controller.receiveKeyboard(0x1C, 0); // set 2 'A'; translated it would read 0x1E

        assertThat(kbc.drain()).containsExactly(0x1C);
    }

    @Test
    void deviceBuffer_overflowDropsTheNewestBytes() {
        kbc.command(I8042.CMD_KBD_DISABLE);
        for (int i = 0; i < Ps2Device.BUFFER_BYTES + 3; i++) {
            kbc.controller.receiveKeyboard(i, 0);
        }
        kbc.command(I8042.CMD_KBD_ENABLE);

        assertThat(kbc.drain()).hasSize(Ps2Device.BUFFER_BYTES).endsWith(Ps2Device.BUFFER_BYTES - 1);
        assertThat(kbc.controller.droppedKeyboardBytes()).isEqualTo(3);
        assertThat(kbc.controller.droppedAuxBytes()).isZero();
    }

    @Test
    void reset_restoresPowerOnState_andLowersTheLines() {
        kbc.command(I8042.CMD_WRITE_COMMAND_BYTE, 0x77);
        kbc.controller.receiveAux(0x08, 0);
        kbc.command(I8042.CMD_WRITE_AUX_BUFFER);

        kbc.controller.reset();

        assertThat(kbc.status()).isEqualTo(0x18);
        assertThat(kbc.irq1.high).isFalse();
        assertThat(kbc.irq12.high).isFalse();
        kbc.writeData(0xF4); // goes to the keyboard: the pending D3 was forgotten
        assertThat(kbc.drain()).containsExactly(0xFA);
        kbc.command(I8042.CMD_READ_COMMAND_BYTE);
        assertThat(kbc.drain()).containsExactly(0x03);
    }

    @Test
    void wideAccess_usesTheLowByteLane() {
        kbc.controller.receiveKeyboard(0x1C, 0);

        assertThat(kbc.controller.ioRead(I8042.STATUS_PORT, 2, 0) & 0xFF00).isEqualTo(0xFF00);
        assertThat(kbc.controller.ioRead(I8042.DATA_PORT, 4, 0)).isEqualTo(0xFFFFFF1C);
    }
}
