package dev.xenolith.guest.irq;

import dev.xenolith.machine.cpu.Cpu;

/** A driver's interrupt handler ({@code irq_handler_t}); returns whether the interrupt was its device's. */
@FunctionalInterface
public interface IrqHandler {
    boolean handle(Cpu cpu, int irq);
}
