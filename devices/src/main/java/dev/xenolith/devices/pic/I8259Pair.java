package dev.xenolith.devices.pic;

import dev.xenolith.machine.bus.IoDevice;
import dev.xenolith.machine.bus.IrqLine;
import java.util.Objects;

/**
 * The PC/AT's two cascaded Intel 8259A interrupt controllers, with the edge/level control registers
 * (ELCR) that PIIX-class chipsets put beside them. The master answers at 0x20/0x21 and drives the CPU's
 * interrupt input (the board wires it to LINT0 of the bootstrap processor's local APIC); the slave
 * answers at 0xA0/0xA1 and its INT drives the master's IR2. IRQ n is master input n for n &lt; 8 and
 * slave input n - 8 otherwise.
 *
 * <p>Invariants: every public entry point leaves both INT outputs consistent with the chips' registers,
 * settling the slave first and the master last, so a command never glitches the CPU's INT. The one
 * intended low pulse is the chip's own: INT falls while an acknowledged level is in service between the
 * INTA pulses and, with AEOI, rises again at the end if more is pending. Nothing here allocates after
 * construction.
 *
 * <p>Deliberate choices where references differ (devices.md B.1, B.6), each explained where it lives:
 * <ul>
 *   <li>ICW1 LTIM is honoured as a global override on its chip; otherwise the ELCR selects edge or level
 *       per input (QEMU ignores LTIM). IRQ0, 1, 2, 8 and 13 cannot be made level, as on PIIX.</li>
 *   <li>An edge latched in IRR survives the input falling before INTA (QEMU; the datasheet wants the
 *       input held), because {@link IrqLine#pulse()} is how Xenolith devices signal an edge. A level
 *       request that vanishes gives the default IR7: base + 7 on the master, and on the slave base + 7
 *       (IRQ15) with the master's IR2 still put in service, since the master's edge latch on IR2 holds.</li>
 *   <li>The poll word is read at the command port; a data-port read returns the IMR and leaves the poll
 *       pending (QEMU answers a poll on either port).</li>
 *   <li>Special fully nested mode lets only the cascaded input nest, not lower master levels.</li>
 *   <li>A 16- or 32-bit access is split into byte accesses on consecutive ports, as the ISA/LPC bridge
 *       does; a byte that falls on a port this device does not decode reads 0xFF and ignores writes.</li>
 * </ul>
 */
public final class I8259Pair implements IoDevice {
    public static final int MASTER_COMMAND = 0x20;
    public static final int MASTER_DATA = 0x21;
    public static final int SLAVE_COMMAND = 0xA0;
    public static final int SLAVE_DATA = 0xA1;
    public static final int ELCR_MASTER = 0x4D0;
    public static final int ELCR_SLAVE = 0x4D1;

    /** The number of IRQ inputs, 0..15. */
    public static final int IRQ_COUNT = 16;
    /** The master input that carries the slave's INT. */
    static final int CASCADE_INPUT = 2;
    /** PIIX keeps IRQ0 (timer), IRQ1 (keyboard) and IRQ2 (cascade) edge-triggered. */
    static final int MASTER_ELCR_WRITABLE = 0xF8;
    /** PIIX keeps IRQ8 (RTC) and IRQ13 (FPU error) edge-triggered. */
    static final int SLAVE_ELCR_WRITABLE = 0xDE;
    /** What the CPU reads when no chip drives the data bus during INTA: the pull-ups. */
    static final int FLOATING_BUS = 0xFF;
    private static final int BYTE = 0xFF;

    private final I8259 master;
    private final I8259 slave;
    private final IrqLine[] inputs = new IrqLine[IRQ_COUNT];

    /**
     * @param interruptOutput the master's INT pin; the board connects it to the local APIC's LINT0,
     *                        which must treat it as a level (ExtINT is level-sensitive, SDM 10.5.1)
     */
    public I8259Pair(IrqLine interruptOutput) {
        master = new I8259("pic.master", true, MASTER_ELCR_WRITABLE, Objects.requireNonNull(interruptOutput));
        slave = new I8259("pic.slave", false, SLAVE_ELCR_WRITABLE, high -> master.setPin(CASCADE_INPUT, high));
        for (int irq = 0; irq < IRQ_COUNT; irq++) {
            inputs[irq] = irq == CASCADE_INPUT ? IrqLine.UNCONNECTED : new Input(chipOf(irq), irq & 7);
        }
    }

    /**
     * The wire into IRQ {@code irq}. IRQ2 is a line to nowhere: the master's IR2 carries the slave's INT,
     * and the AT routes the ISA bus's IRQ2 pin to IRQ9, which is the board's business.
     */
    public IrqLine irq(int irq) {
        if (irq < 0 || irq >= IRQ_COUNT) {
            throw new IllegalArgumentException("the PIC pair has IRQ 0..15, not " + irq);
        }
        return inputs[irq];
    }

    /**
     * The CPU's interrupt-acknowledge cycles: returns the vector and puts the level in service. When the
     * master picks a cascaded input, the slave whose identity is on the CAS lines supplies the vector and
     * both chips set their ISR bits. When the request has gone, the chip answers with its IR7 vector and
     * sets no ISR bit of its own.
     */
    public int interruptAcknowledge() {
        int vector = acknowledgeCycles();
        settle();
        return vector;
    }

    /**
     * Power-on. The 8259A has no reset pin and powers up undefined, so Xenolith defines it: on both chips
     * every register is zero (IRR, ISR, IMR, ICW1..ICW4, so vectors are meaningless until software runs
     * the ICW sequence), no initialization sequence is under way, IR7 is the lowest priority, IRR is
     * selected for reads, no poll is pending, special mask and rotate-in-AEOI are off, and both ELCRs are
     * 0 (all edge, as PIIX resets them). The IRQ wires keep their levels, and an input already high needs
     * a new edge. INT goes low. The pair has no timed behaviour, so there are no events to deschedule.
     */
    public void reset() {
        master.reset();
        slave.reset();
        settle();
    }

    @Override
    public int ioRead(int port, int size, long now) {
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= readByte(port + i) << (8 * i);
        }
        settle();
        return value;
    }

    @Override
    public void ioWrite(int port, int size, int value, long now) {
        for (int i = 0; i < size; i++) {
            writeByte(port + i, (value >>> (8 * i)) & BYTE);
        }
        settle();
    }

    private int readByte(int port) {
        return switch (port) {
            case MASTER_COMMAND -> master.readCommand();
            case MASTER_DATA -> master.readData();
            case SLAVE_COMMAND -> slave.readCommand();
            case SLAVE_DATA -> slave.readData();
            case ELCR_MASTER -> master.elcr();
            case ELCR_SLAVE -> slave.elcr();
            default -> BYTE;
        };
    }

    private void writeByte(int port, int value) {
        switch (port) {
            case MASTER_COMMAND -> master.writeCommand(value);
            case MASTER_DATA -> master.writeData(value);
            case SLAVE_COMMAND -> slave.writeCommand(value);
            case SLAVE_DATA -> slave.writeData(value);
            case ELCR_MASTER -> master.writeElcr(value);
            case ELCR_SLAVE -> slave.writeElcr(value);
            default -> { } // not decoded here: the byte goes nowhere
        }
    }

    private int acknowledgeCycles() {
        int level = master.pendingLevel();
        if (level == I8259.NONE) {
            return master.spuriousVector();
        }
        master.acknowledge(level);
        if (!master.cascades(level)) {
            return master.vector(level);
        }
        if (!slave.answersCascade(level)) {
            return FLOATING_BUS;
        }
        int slaveLevel = slave.pendingLevel();
        if (slaveLevel == I8259.NONE) {
            return slave.spuriousVector();
        }
        slave.acknowledge(slaveLevel);
        return slave.vector(slaveLevel);
    }

    /** The slave's INT feeds the master's IR2, so the slave settles first. */
    private void settle() {
        slave.update();
        master.update();
    }

    private I8259 chipOf(int irq) {
        return irq < 8 ? master : slave;
    }

    /** One IRQ wire: records the pin on its chip and lets the outputs settle. */
    private final class Input implements IrqLine {
        private final I8259 chip;
        private final int level;

        Input(I8259 chip, int level) {
            this.chip = chip;
            this.level = level;
        }

        @Override
        public void set(boolean high) {
            chip.setPin(level, high);
            settle();
        }
    }
}
