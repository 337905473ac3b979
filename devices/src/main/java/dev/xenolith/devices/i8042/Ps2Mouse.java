package dev.xenolith.devices.i8042;

/**
 * A standard PS/2 mouse's command protocol (device ID 00). Packets come from the scenario as raw bytes.
 * Settings commands are acknowledged; status request (E9), read data (EB) and wrap mode (EE) are not
 * modelled and are answered with RESEND.
 */
final class Ps2Mouse extends Ps2Device {
    static final int CMD_SET_SCALING_1_1 = 0xE6;
    static final int CMD_SET_SCALING_2_1 = 0xE7;
    static final int CMD_SET_RESOLUTION = 0xE8;
    static final int CMD_SET_STREAM_MODE = 0xEA;
    static final int CMD_SET_REMOTE_MODE = 0xF0;
    static final int CMD_GET_ID = 0xF2;
    static final int CMD_SET_SAMPLE_RATE = 0xF3;
    static final int CMD_ENABLE_REPORTING = 0xF4;
    static final int CMD_DISABLE_REPORTING = 0xF5;
    static final int CMD_SET_DEFAULTS = 0xF6;

    static final int DEVICE_ID = 0x00;

    @Override
    void command(int command) {
        switch (command) {
            case CMD_SET_RESOLUTION, CMD_SET_SAMPLE_RATE -> acknowledgeAndAwaitArgument(command);
            case CMD_GET_ID -> {
                send(ACK);
                send(DEVICE_ID);
            }
            case CMD_SET_SCALING_1_1, CMD_SET_SCALING_2_1, CMD_SET_STREAM_MODE, CMD_SET_REMOTE_MODE,
                    CMD_ENABLE_REPORTING, CMD_DISABLE_REPORTING, CMD_SET_DEFAULTS -> send(ACK);
            case CMD_RESET -> {
                resetAndSelfTest();
                send(DEVICE_ID);
            }
            default -> send(RESEND);
        }
    }

    @Override
    void argument(int command, int value) {
        send(ACK);
    }
}
