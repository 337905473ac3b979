package dev.xenolith.devices.pic;

import dev.xenolith.machine.bus.IrqLine;

/**
 * A PC's view of the PIC pair for tests: port I/O as software does it, the IRQ wires, the INTA cycles,
 * and a recorder on the master's INT pin. The command bytes are spelled out from the datasheet here
 * rather than taken from the model, so that a wrong constant in the model fails a test.
 */
final class PicBench {
    // Command bytes as software writes them (datasheet 231468, OCW2 and OCW3 formats).
    static final int NON_SPECIFIC_EOI = 0x20;
    static final int SPECIFIC_EOI = 0x60;
    static final int ROTATE_ON_NON_SPECIFIC_EOI = 0xA0;
    static final int ROTATE_ON_SPECIFIC_EOI = 0xE0;
    static final int SET_PRIORITY = 0xC0;
    static final int ROTATE_IN_AEOI_SET = 0x80;
    static final int ROTATE_IN_AEOI_CLEAR = 0x00;
    static final int READ_IRR = 0x0A;
    static final int READ_ISR = 0x0B;
    static final int POLL = 0x0C;
    static final int SET_SPECIAL_MASK = 0x68;
    static final int RESET_SPECIAL_MASK = 0x48;

    // Initialization words of Linux's init_8259A.
    static final int ICW1_CASCADE_ICW4 = 0x11;
    static final int ICW3_MASTER_SLAVE_ON_IR2 = 0x04;
    static final int ICW3_SLAVE_ID_2 = 0x02;
    static final int ICW4_8086 = 0x01;
    static final int ICW4_8086_AEOI = 0x03;
    static final int ICW4_8086_SFNM = 0x11;

    static final int MASTER_CMD = 0x20;
    static final int MASTER_IMR = 0x21;
    static final int SLAVE_CMD = 0xA0;
    static final int SLAVE_IMR = 0xA1;
    static final int ELCR1 = 0x4D0;
    static final int ELCR2 = 0x4D1;

    final IntPin intPin = new IntPin();
    final I8259Pair pic = new I8259Pair(intPin);
    private long now;

    /** Linux's init_8259A with vectors 0x20/0x28, every IRQ then unmasked. */
    static PicBench initialized() {
        return initialized(0x20, 0x28, ICW4_8086, ICW4_8086);
    }

    static PicBench initialized(int masterBase, int slaveBase, int masterIcw4, int slaveIcw4) {
        PicBench bench = new PicBench();
        bench.linuxInit(masterBase, slaveBase, masterIcw4, slaveIcw4);
        bench.out(MASTER_IMR, 0x00);
        bench.out(SLAVE_IMR, 0x00);
        return bench;
    }

    /** The sequence of Linux's init_8259A: mask both, ICW1..ICW4 to each chip. */
    void linuxInit(int masterBase, int slaveBase, int masterIcw4, int slaveIcw4) {
        out(MASTER_IMR, 0xFF);
        out(SLAVE_IMR, 0xFF);
        out(MASTER_CMD, ICW1_CASCADE_ICW4);
        out(MASTER_IMR, masterBase);
        out(MASTER_IMR, ICW3_MASTER_SLAVE_ON_IR2);
        out(MASTER_IMR, masterIcw4);
        out(SLAVE_CMD, ICW1_CASCADE_ICW4);
        out(SLAVE_IMR, slaveBase);
        out(SLAVE_IMR, ICW3_SLAVE_ID_2);
        out(SLAVE_IMR, slaveIcw4);
    }

    void out(int port, int value) {
        pic.ioWrite(port, 1, value, now++);
    }

    int in(int port) {
        return pic.ioRead(port, 1, now++);
    }

    int masterIrr() {
        out(MASTER_CMD, READ_IRR);
        return in(MASTER_CMD);
    }

    int masterIsr() {
        out(MASTER_CMD, READ_ISR);
        return in(MASTER_CMD);
    }

    int slaveIrr() {
        out(SLAVE_CMD, READ_IRR);
        return in(SLAVE_CMD);
    }

    int slaveIsr() {
        out(SLAVE_CMD, READ_ISR);
        return in(SLAVE_CMD);
    }

    void raise(int irq) {
        pic.irq(irq).raise();
    }

    void lower(int irq) {
        pic.irq(irq).lower();
    }

    void pulse(int irq) {
        pic.irq(irq).pulse();
    }

    int inta() {
        return pic.interruptAcknowledge();
    }

    /** Linux's mask_and_ack order without the mask: specific EOI to the slave, then IR2 on the master. */
    void eoi(int irq) {
        if (irq >= 8) {
            out(SLAVE_CMD, SPECIFIC_EOI | (irq & 7));
            out(MASTER_CMD, SPECIFIC_EOI | 2);
        } else {
            out(MASTER_CMD, SPECIFIC_EOI | irq);
        }
    }

    /** Takes the pending interrupt and ends it, returning its vector. */
    int serve(int irq) {
        int vector = inta();
        eoi(irq);
        return vector;
    }

    boolean intHigh() {
        return intPin.high;
    }

    /** The master's INT pin: its level and every call the PIC made on it. */
    static final class IntPin implements IrqLine {
        boolean high;
        int rises;
        int falls;
        int calls;

        @Override
        public void set(boolean level) {
            calls++;
            if (level && !high) {
                rises++;
            } else if (!level && high) {
                falls++;
            }
            high = level;
        }
    }
}
