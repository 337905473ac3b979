package dev.xenolith.guest.sched;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.guest.irq.LocalCpu;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;

/**
 * What the scheduler needs from the rest of the kernel and its platform: the traced functions, the running
 * CPU's identity and interrupt flag, the CPUs,
 * the tick rate and jiffies, {@code sched_clock}, the reschedule IPI and the SCHED_SOFTIRQ. The native and
 * the Xen PV backends differ only behind this seam.
 */
public interface SchedHost extends LocalCpu {
    Functions<LinuxFunction> functions();

    int hz();

    /** jiffies, as the wrap-safe 32-bit counter the balancer compares. */
    int jiffies();

    /** {@code sched_clock()} on {@code cpu}, in ns. */
    long schedClock(Cpu cpu);

    /** {@code smp_send_reschedule}: the RESCHEDULE_VECTOR IPI (natively) or event channel (Xen). */
    void sendReschedule(Cpu from, int to);

    /**
     * {@code switch_to}'s last act: {@code cpu} continues in {@code next}'s context (natively the machine's
     * CPU switches contexts; under Xen the vcpu does, inside the guest).
     */
    void switchTo(Cpu cpu, Task next);

    /** {@code raise_softirq(SCHED_SOFTIRQ)} on the running CPU. */
    void raiseSchedSoftirq(Cpu cpu);
}
