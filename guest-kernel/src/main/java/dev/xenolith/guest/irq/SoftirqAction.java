package dev.xenolith.guest.irq;

import dev.xenolith.machine.cpu.Cpu;

/** A softirq's action ({@code softirq_vec[nr].action}), run on the CPU that raised it. */
@FunctionalInterface
public interface SoftirqAction {
    void run(Cpu cpu);
}
