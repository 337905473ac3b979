package dev.xenolith.devices.i8042;

/**
 * An MF2 keyboard's command protocol. Key bytes come from the scenario, already encoded (scan code set
 * 2, or whatever the image provides): this class neither generates nor translates scan codes, so the
 * scan code set it reports is only remembered, and the enable/disable commands are acknowledged without
 * holding back the scenario's bytes.
 */
final class Ps2Keyboard extends Ps2Device {
    static final int CMD_SET_LEDS = 0xED;
    static final int CMD_ECHO = 0xEE;
    static final int CMD_SCAN_CODE_SET = 0xF0;
    static final int CMD_IDENTIFY = 0xF2;
    static final int CMD_SET_TYPEMATIC = 0xF3;
    static final int CMD_ENABLE = 0xF4;
    static final int CMD_DISABLE = 0xF5;
    static final int CMD_SET_DEFAULTS = 0xF6;

    /** Identify: an MF2 keyboard answers AB 83 (83 untranslated). */
    static final int ID_FIRST = 0xAB;
    static final int ID_SECOND = 0x83;

    private static final int DEFAULT_SCAN_CODE_SET = 2;
    private static final int GET_SCAN_CODE_SET = 0;

    private int scanCodeSet = DEFAULT_SCAN_CODE_SET;

    @Override
    void reset() {
        super.reset();
        scanCodeSet = DEFAULT_SCAN_CODE_SET;
    }

    @Override
    void command(int command) {
        switch (command) {
            case CMD_SET_LEDS, CMD_SET_TYPEMATIC, CMD_SCAN_CODE_SET -> acknowledgeAndAwaitArgument(command);
            case CMD_ECHO -> send(CMD_ECHO);
            case CMD_IDENTIFY -> {
                send(ACK);
                send(ID_FIRST);
                send(ID_SECOND);
            }
            case CMD_ENABLE, CMD_DISABLE, CMD_SET_DEFAULTS -> send(ACK);
            case CMD_RESET -> resetAndSelfTest();
            default -> send(RESEND);
        }
    }

    @Override
    void argument(int command, int value) {
        if (command != CMD_SCAN_CODE_SET) {
            send(ACK); // LED state and typematic rate are accepted but have no visible effect here
            return;
        }
        if (value == GET_SCAN_CODE_SET) {
            send(ACK);
            send(scanCodeSet);
        } else if (value >= 1 && value <= 3) {
            scanCodeSet = value;
            send(ACK);
        } else {
            send(RESEND);
        }
    }
}
