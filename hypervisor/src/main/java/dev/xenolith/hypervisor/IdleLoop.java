package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenFunction.DEFAULT_IDLE;

import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;

/**
 * A CPU's idle vcpu: Xen 2.0's {@code idle_loop}. Each resume is one turn of the loop: run pending softirqs,
 * or {@code default_idle}: with interrupts off, halt with {@code sti; hlt} unless a softirq slipped in.
 * After the interrupt that wakes it, the loop turns again.
 */
final class IdleLoop implements Context {
    private final Xen xen;
    private final PerCpu pcpu;

    IdleLoop(Xen xen, PerCpu pcpu) {
        this.xen = xen;
        this.pcpu = pcpu;
    }

    @Override
    public void resume(Cpu cpu) {
        xen.beginPath(cpu);
        if (xen.softirqs.pending(pcpu.id) != 0) {
            cpu.sti();
            xen.doSoftirq(pcpu);
            return;
        }
        xen.fn.enter(cpu, DEFAULT_IDLE);
        cpu.cli();
        boolean pending = xen.softirqs.pending(pcpu.id) != 0;
        xen.fn.exit(cpu, DEFAULT_IDLE);
        cpu.sti();
        if (!pending) {
            cpu.halt(); // safe_halt: sti; hlt with no window for a lost wake-up
        }
    }

    @Override
    public void workStopped(Cpu cpu, long remainingCycles) {
    }

    @Override
    public String name() {
        return "idle" + pcpu.id;
    }
}
