package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.INIT_8259A;
import static dev.xenolith.guest.LinuxFunction.MASK_AND_ACK_8259A;
import static dev.xenolith.guest.LinuxFunction.UNMASK_8259A_IRQ;

import dev.xenolith.guest.irq.IrqChip;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;

/**
 * {@code arch/x86/kernel/i8259_32.c}, the "XT-PIC" chip: {@code init_8259A} (vectors 0x20 and 0x28, slave
 * on IR2, everything masked), a cached mask written to the OCW1 ports, and {@code mask_and_ack_8259A}, which
 * masks the line and sends a specific EOI (to the slave and then for IR2 to the master, for IRQs 8..15).
 */
final class Pic8259 implements IrqChip {
    private static final int MASTER_CMD = 0x20;
    private static final int MASTER_DATA = 0x21;
    private static final int SLAVE_CMD = 0xA0;
    private static final int SLAVE_DATA = 0xA1;
    private static final int SPECIFIC_EOI = 0x60;
    private static final int CASCADE_IRQ = 2;

    private final Functions<LinuxFunction> fn;
    private int cachedMask = 0xFFFF;

    Pic8259(Functions<LinuxFunction> fn) {
        this.fn = fn;
    }

    @Override
    public String name() {
        return "XT-PIC";
    }

    void init(Cpu cpu) {
        fn.enter(cpu, INIT_8259A);
        cpu.outb(MASTER_DATA, 0xFF);
        cpu.outb(SLAVE_DATA, 0xFF);
        cpu.outb(MASTER_CMD, 0x11); // ICW1: edge, cascade, ICW4 follows
        cpu.outb(MASTER_DATA, Apic.FIRST_EXTERNAL_VECTOR);
        cpu.outb(MASTER_DATA, 1 << CASCADE_IRQ);
        cpu.outb(MASTER_DATA, 0x01); // ICW4: 8086 mode, normal EOI
        cpu.outb(SLAVE_CMD, 0x11);
        cpu.outb(SLAVE_DATA, Apic.FIRST_EXTERNAL_VECTOR + 8);
        cpu.outb(SLAVE_DATA, CASCADE_IRQ);
        cpu.outb(SLAVE_DATA, 0x01);
        cachedMask = 0xFFFF & ~(1 << CASCADE_IRQ);
        writeMask(cpu);
        fn.exit(cpu, INIT_8259A);
    }

    @Override
    public void maskAck(Cpu cpu, int irq) {
        fn.enter(cpu, MASK_AND_ACK_8259A);
        cachedMask |= 1 << irq;
        if (irq >= 8) {
            cpu.outb(SLAVE_DATA, cachedMask >>> 8);
            cpu.outb(SLAVE_CMD, SPECIFIC_EOI + (irq & 7));
            cpu.outb(MASTER_CMD, SPECIFIC_EOI + CASCADE_IRQ);
        } else {
            cpu.outb(MASTER_DATA, cachedMask & 0xFF);
            cpu.outb(MASTER_CMD, SPECIFIC_EOI + irq);
        }
        fn.exit(cpu, MASK_AND_ACK_8259A);
    }

    @Override
    public void unmask(Cpu cpu, int irq) {
        fn.enter(cpu, UNMASK_8259A_IRQ);
        cachedMask &= ~(1 << irq);
        if (irq >= 8) {
            cpu.outb(SLAVE_DATA, cachedMask >>> 8);
        } else {
            cpu.outb(MASTER_DATA, cachedMask & 0xFF);
        }
        fn.exit(cpu, UNMASK_8259A_IRQ);
    }

    private void writeMask(Cpu cpu) {
        cpu.outb(MASTER_DATA, cachedMask & 0xFF);
        cpu.outb(SLAVE_DATA, cachedMask >>> 8);
    }
}
