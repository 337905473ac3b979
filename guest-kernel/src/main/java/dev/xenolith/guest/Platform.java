package dev.xenolith.guest;

import dev.xenolith.guest.drivers.CharDevice;
import dev.xenolith.guest.irq.LocalCpu;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Cpu;

/**
 * What differs between booting on the bare PC and as a Xen PV guest, in the manner of Linux's paravirt ops:
 * which CPU the code runs on and its interrupt flag, the reschedule IPI, how a task's context takes over,
 * how work spans start and the idle loop halts, where the console goes, and which devices exist. The
 * scheduler, timers, wait queues, drivers and system calls are the same either way.
 */
interface Platform extends LocalCpu {
    /** {@code smp_send_reschedule}. */
    void sendReschedule(Cpu from, int to);

    /** The end of {@code switch_to}: {@code next}'s context continues on this CPU. */
    void switchTo(Cpu cpu, Task next);

    /** The ring kernel code runs in: 0 natively, 1 for a PV guest kernel on x86_32. */
    int kernelRing();

    /**
     * Ends the path with {@code cycles} of work at {@code cpl}, owned by the context now running; under Xen,
     * not if a hypercall in this path has switched the vcpu out (it starts the work when resumed).
     */
    void startWork(Cpu cpu, long cycles, int cpl);

    /**
     * {@code safe_halt}, with local interrupts off: re-enable them and sleep until an interrupt
     * ({@code sti; hlt} natively, {@code SCHEDOP_block} under Xen).
     */
    void safeHalt(Cpu cpu);

    /** Where {@code printk} writes. */
    void consoleWrite(Cpu cpu, String text);

    /** The device file {@code name}, or null if this platform has none. */
    CharDevice device(String name);

    /** {@code sched_clock()}: ns (natively the TSC; under Xen the time the vcpu ran or blocked, not stolen). */
    long schedClock(Cpu cpu);
}
