package dev.xenolith.devices.i8042;

import dev.xenolith.machine.bus.IoDevice;
import dev.xenolith.machine.bus.IrqLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PC's 8042 keyboard controller (PS/2 generation, as Linux's {@code i8042} driver sees it): data
 * port 0x60, status (read) and command (write) port 0x64, a keyboard port raising IRQ1 and an auxiliary
 * (mouse) port raising IRQ12, with a PS/2 keyboard and a PS/2 mouse attached.
 *
 * <p>One output buffer holds the byte the host reads next. It is refilled, whenever it is empty, from
 * (in this order) the controller's own reply to a command, the keyboard's transmit buffer unless the
 * keyboard interface is disabled, and the mouse's unless the aux interface is disabled. So bytes arrive
 * one at a time, each after the previous one has been read, and a disabled interface holds its device's
 * bytes until it is enabled again. Bytes from the devices come from the scenario through
 * {@link #receiveKeyboard} and {@link #receiveAux}, and replies to device commands written through port
 * 0x60 (keyboard) or command D4 (aux) join the same buffers.
 *
 * <p>Interrupts: IRQ1 is high while the output buffer holds a keyboard-side byte (a keyboard byte, a
 * controller reply, a D2 echo) and the command byte enables it (bit 0); IRQ12 likewise for aux-side
 * bytes (AUXB set) and bit 1. Reading port 0x60 lowers the line; if another byte is waiting it is loaded
 * and the line rises again at once, so an edge-triggered PIC sees one edge per byte. Unlike QEMU, a
 * disabled keyboard interface (command byte bit 4) does not mask IRQ1 for a byte that is already in the
 * buffer, because the 8042 gates IRQ1 with bit 0 only.
 *
 * <p>Simplifications, each deliberate:
 * <ul>
 *   <li>Commands complete instantly, so IBF always reads 0, and there is no PS/2 wire timing.</li>
 *   <li>Scan code translation (command byte bit 6) is remembered but not performed: bytes reach the
 *       host exactly as given, which is what Linux's serio_raw reads.</li>
 *   <li>Both devices are always present and never err, so the timeout and parity bits stay 0; there is
 *       no keylock, so the status "not inhibited" bit is always 1.</li>
 *   <li>Status bit 2 (SYS) mirrors command byte bit 2; the self-test command sets it, as a passed
 *       power-on self-test does.</li>
 *   <li>A controller reply produced while an earlier one still waits for the output buffer replaces it
 *       (the controller has one reply register, as in QEMU).</li>
 *   <li>Sending a byte to a device re-enables its interface, as the 8042 firmware (and QEMU) does.</li>
 *   <li>A reset request (pulse command with bit 0 low, or an output port write with bit 0 low) and the
 *       A20 gate are recorded for the board; nothing is reset here. Unknown commands are ignored.</li>
 * </ul>
 *
 * <p>Power-on state (the QEMU choice, so that a guest that never programs the controller still gets
 * IRQ1): command byte 0x03 (both interrupts enabled, both interfaces enabled, no translation, SYS
 * clear), output buffer empty, status 0x18 (last write a command, not inhibited), output port 0xCF
 * (not in reset, A20 enabled).
 */
public final class I8042 implements IoDevice {
    private static final Logger log = LoggerFactory.getLogger(I8042.class);

    public static final int DATA_PORT = 0x60;
    /** Status register on read, command register on write. */
    public static final int STATUS_PORT = 0x64;

    static final int STATUS_OUTPUT_FULL = 0x01;
    static final int STATUS_INPUT_FULL = 0x02;
    static final int STATUS_SYSTEM_FLAG = 0x04;
    static final int STATUS_LAST_WRITE_COMMAND = 0x08;
    static final int STATUS_NOT_INHIBITED = 0x10;
    static final int STATUS_AUX_DATA = 0x20;
    static final int STATUS_TIMEOUT = 0x40;
    static final int STATUS_PARITY_ERROR = 0x80;

    static final int CTR_KBD_INTERRUPT = 0x01;
    static final int CTR_AUX_INTERRUPT = 0x02;
    static final int CTR_SYSTEM_FLAG = 0x04;
    static final int CTR_KBD_DISABLED = 0x10;
    static final int CTR_AUX_DISABLED = 0x20;
    static final int CTR_TRANSLATE = 0x40;

    static final int CMD_READ_COMMAND_BYTE = 0x20;
    static final int CMD_WRITE_COMMAND_BYTE = 0x60;
    static final int CMD_AUX_DISABLE = 0xA7;
    static final int CMD_AUX_ENABLE = 0xA8;
    static final int CMD_AUX_TEST = 0xA9;
    static final int CMD_SELF_TEST = 0xAA;
    static final int CMD_KBD_TEST = 0xAB;
    static final int CMD_KBD_DISABLE = 0xAD;
    static final int CMD_KBD_ENABLE = 0xAE;
    static final int CMD_READ_OUTPUT_PORT = 0xD0;
    static final int CMD_WRITE_OUTPUT_PORT = 0xD1;
    static final int CMD_WRITE_KBD_BUFFER = 0xD2;
    static final int CMD_WRITE_AUX_BUFFER = 0xD3;
    static final int CMD_WRITE_AUX = 0xD4;
    /** F0-FF pulse output port bits 3:0 low where the command's bit is 0; FE pulses the reset line. */
    static final int CMD_PULSE_OUTPUT_PORT = 0xF0;

    static final int SELF_TEST_PASSED = 0x55;
    static final int INTERFACE_TEST_PASSED = 0x00;

    static final int OUTPUT_PORT_NOT_RESET = 0x01;
    static final int OUTPUT_PORT_A20 = 0x02;
    static final int OUTPUT_PORT_KBD_IRQ = 0x10;
    static final int OUTPUT_PORT_AUX_IRQ = 0x20;

    static final int POWER_ON_COMMAND_BYTE = CTR_KBD_INTERRUPT | CTR_AUX_INTERRUPT;
    static final int POWER_ON_OUTPUT_PORT = 0xCF;

    private static final int NO_COMMAND = -1;

    private final IrqLine irq1;
    private final IrqLine irq12;
    private final Ps2Keyboard keyboard = new Ps2Keyboard();
    private final Ps2Mouse mouse = new Ps2Mouse();

    private int commandByte;
    private int outputPort;
    private boolean lastWriteWasCommand;
    /** The command whose data byte the next write to port 0x60 is, or NO_COMMAND. */
    private int awaitingData;

    private int outputBuffer;
    private boolean outputFull;
    private boolean outputFromAux;

    private int reply;
    private boolean replyPending;
    private boolean replyFromAux;

    private boolean irq1Level;
    private boolean irq12Level;
    private long resetRequests;

    /**
     * @param irq1  the keyboard interrupt wire (PIC IR1)
     * @param irq12 the aux interrupt wire (slave PIC IR4)
     */
    public I8042(IrqLine irq1, IrqLine irq12) {
        this.irq1 = irq1;
        this.irq12 = irq12;
        reset();
    }

    /** Power-on state (see the class comment); both devices reset, both lines driven low. */
    public void reset() {
        commandByte = POWER_ON_COMMAND_BYTE;
        outputPort = POWER_ON_OUTPUT_PORT;
        lastWriteWasCommand = true;
        awaitingData = NO_COMMAND;
        outputBuffer = 0;
        outputFull = false;
        outputFromAux = false;
        replyPending = false;
        keyboard.reset();
        mouse.reset();
        irq1Level = false;
        irq12Level = false;
        irq1.lower();
        irq12.lower();
    }

    /** A byte from the keyboard (scenario input), arriving at {@code now}; the controller reacts at once. */
    public void receiveKeyboard(int value, long now) {
        keyboard.send(value & 0xFF);
        update();
    }

    /** A byte from the aux device (scenario input), arriving at {@code now}. */
    public void receiveAux(int value, long now) {
        mouse.send(value & 0xFF);
        update();
    }

    /** Whether the output port's A20 gate bit is set. */
    public boolean a20Enabled() {
        return (outputPort & OUTPUT_PORT_A20) != 0;
    }

    /** How many times software has asked the controller to reset the CPU, since construction. */
    public long resetRequests() {
        return resetRequests;
    }

    @Override
    public int ioRead(int port, int size, long now) {
        int value = switch (port) {
            case DATA_PORT -> readData();
            case STATUS_PORT -> status();
            default -> 0xFF;
        };
        return size == 1 ? value : value | (int) ((1L << size * 8) - 1) & ~0xFF;
    }

    @Override
    public void ioWrite(int port, int size, int value, long now) {
        switch (port) {
            case DATA_PORT -> writeData(value & 0xFF);
            case STATUS_PORT -> writeCommand(value & 0xFF);
            default -> {
                // Not one of ours: the board maps only 0x60 and 0x64 here.
            }
        }
        update();
    }

    // ---------------------------------------------------------------- registers

    private int status() {
        return (outputFull ? STATUS_OUTPUT_FULL : 0)
                | (outputFull && outputFromAux ? STATUS_AUX_DATA : 0)
                | ((commandByte & CTR_SYSTEM_FLAG) != 0 ? STATUS_SYSTEM_FLAG : 0)
                | (lastWriteWasCommand ? STATUS_LAST_WRITE_COMMAND : 0)
                | STATUS_NOT_INHIBITED;
    }

    /** Reading an empty buffer returns the last byte again, as the 8042's output register does. */
    private int readData() {
        int value = outputBuffer;
        if (outputFull) {
            outputFull = false;
            update();
        }
        return value;
    }

    private void writeCommand(int command) {
        lastWriteWasCommand = true;
        awaitingData = NO_COMMAND;
        switch (command) {
            case CMD_READ_COMMAND_BYTE -> reply(commandByte, false);
            case CMD_WRITE_COMMAND_BYTE, CMD_WRITE_OUTPUT_PORT, CMD_WRITE_KBD_BUFFER, CMD_WRITE_AUX_BUFFER,
                    CMD_WRITE_AUX -> awaitingData = command;
            case CMD_AUX_DISABLE -> commandByte |= CTR_AUX_DISABLED;
            case CMD_AUX_ENABLE -> commandByte &= ~CTR_AUX_DISABLED;
            case CMD_AUX_TEST, CMD_KBD_TEST -> reply(INTERFACE_TEST_PASSED, false);
            case CMD_SELF_TEST -> {
                commandByte |= CTR_SYSTEM_FLAG;
                reply(SELF_TEST_PASSED, false);
            }
            case CMD_KBD_DISABLE -> commandByte |= CTR_KBD_DISABLED;
            case CMD_KBD_ENABLE -> commandByte &= ~CTR_KBD_DISABLED;
            case CMD_READ_OUTPUT_PORT -> reply(outputPort & ~(OUTPUT_PORT_KBD_IRQ | OUTPUT_PORT_AUX_IRQ)
                    | (irq1Level ? OUTPUT_PORT_KBD_IRQ : 0) | (irq12Level ? OUTPUT_PORT_AUX_IRQ : 0), false);
            default -> {
                if (command >= CMD_PULSE_OUTPUT_PORT) {
                    pulseOutputPort(command);
                } else {
                    log.debug("i8042: ignoring unsupported command 0x{}", Integer.toHexString(command));
                }
            }
        }
    }

    private void writeData(int value) {
        lastWriteWasCommand = false;
        int command = awaitingData;
        awaitingData = NO_COMMAND;
        switch (command) {
            case CMD_WRITE_COMMAND_BYTE -> commandByte = value;
            case CMD_WRITE_OUTPUT_PORT -> writeOutputPort(value);
            case CMD_WRITE_KBD_BUFFER -> reply(value, false);
            case CMD_WRITE_AUX_BUFFER -> reply(value, true);
            case CMD_WRITE_AUX -> {
                commandByte &= ~CTR_AUX_DISABLED;
                mouse.fromHost(value);
            }
            default -> {
                commandByte &= ~CTR_KBD_DISABLED;
                keyboard.fromHost(value);
            }
        }
    }

    private void writeOutputPort(int value) {
        outputPort = value;
        if ((value & OUTPUT_PORT_NOT_RESET) == 0) {
            resetRequests++;
        }
    }

    private void pulseOutputPort(int command) {
        if ((command & OUTPUT_PORT_NOT_RESET) == 0) {
            resetRequests++;
        }
    }

    private void reply(int value, boolean fromAux) {
        reply = value;
        replyFromAux = fromAux;
        replyPending = true;
    }

    // ---------------------------------------------------------------- output buffer and interrupts

    /**
     * Brings the interrupt lines up to date, then refills an empty output buffer and raises the line for
     * the new byte. Lowering first is what gives the PIC a fresh edge for each byte.
     */
    private void update() {
        driveLines();
        if (!outputFull && refill()) {
            driveLines();
        }
    }

    private boolean refill() {
        if (replyPending) {
            replyPending = false;
            load(reply, replyFromAux);
        } else if ((commandByte & CTR_KBD_DISABLED) == 0 && keyboard.hasData()) {
            load(keyboard.take(), false);
        } else if ((commandByte & CTR_AUX_DISABLED) == 0 && mouse.hasData()) {
            load(mouse.take(), true);
        } else {
            return false;
        }
        return true;
    }

    private void load(int value, boolean fromAux) {
        outputBuffer = value;
        outputFromAux = fromAux;
        outputFull = true;
    }

    private void driveLines() {
        boolean kbd = outputFull && !outputFromAux && (commandByte & CTR_KBD_INTERRUPT) != 0;
        boolean aux = outputFull && outputFromAux && (commandByte & CTR_AUX_INTERRUPT) != 0;
        if (kbd != irq1Level) {
            irq1Level = kbd;
            irq1.set(kbd);
        }
        if (aux != irq12Level) {
            irq12Level = aux;
            irq12.set(aux);
        }
    }

    // ---------------------------------------------------------------- for tests

    long droppedKeyboardBytes() {
        return keyboard.dropped();
    }

    long droppedAuxBytes() {
        return mouse.dropped();
    }
}
