package dev.xenolith.guest.irq;

import dev.xenolith.machine.cpu.Cpu;

/**
 * {@code struct irq_chip}: how the flow handler masks, acknowledges and unmasks a line on the interrupt
 * controller behind it (the 8259 pair natively; event channels under Xen).
 */
public interface IrqChip {
    String name();

    /** {@code mask_ack}: mask the line and acknowledge the interrupt. */
    void maskAck(Cpu cpu, int irq);

    void unmask(Cpu cpu, int irq);
}
