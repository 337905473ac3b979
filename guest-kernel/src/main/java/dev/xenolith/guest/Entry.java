package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.ACK_APIC_IRQ;
import static dev.xenolith.guest.LinuxFunction.IRQ_ENTER;
import static dev.xenolith.guest.LinuxFunction.IRQ_EXIT;
import static dev.xenolith.guest.LinuxFunction.RESTORE_ALL;
import static dev.xenolith.guest.LinuxFunction.RESUME_KERNEL;
import static dev.xenolith.guest.LinuxFunction.RESUME_USERSPACE;
import static dev.xenolith.guest.LinuxFunction.RET_FROM_INTR;
import static dev.xenolith.guest.LinuxFunction.SYSCALL_EXIT;
import static dev.xenolith.guest.LinuxFunction.WORK_PENDING;
import static dev.xenolith.guest.LinuxFunction.WORK_RESCHED;

import dev.xenolith.devices.apic.ApicRegisters;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Cpu;

/**
 * What every interrupt and system call ends in on either platform ({@code entry_32.S}, {@code softirq.c}):
 * {@code irq_enter}/{@code irq_exit} and the return paths. To user mode: {@code resume_userspace} →
 * {@code work_pending} → {@code work_resched} → {@code schedule} while TIF_NEED_RESCHED; to kernel mode with
 * CONFIG_PREEMPT: {@code resume_kernel} → {@code preempt_schedule_irq} when the preempt count is zero and the
 * interrupted code had interrupts on. A return path that switches tasks ends the path there.
 */
final class Entry {
    private final Linux linux;

    Entry(Linux linux) {
        this.linux = linux;
    }

    /** {@code irq_enter}: hardirq context; an idle CPU whose tick is stopped brings jiffies up to date first. */
    void irqEnter(Cpu cpu) {
        linux.fn.enter(cpu, IRQ_ENTER);
        int id = linux.smpProcessorId(cpu);
        Linux.PerCpu pcpu = linux.percpu(id);
        if (pcpu.hardirqCount == 0 && !linux.softirqs.inSoftirq(id) && isIdle(cpu)) {
            linux.tickSched.tickNohzUpdateJiffies(cpu);
        }
        pcpu.hardirqCount++;
        linux.fn.exit(cpu, IRQ_ENTER);
    }

    private boolean isIdle(Cpu cpu) {
        int id = linux.smpProcessorId(cpu);
        return linux.current(id) == linux.sched.idleTask(id);
    }

    /**
     * {@code irq_exit}: leave hardirq context and run pending softirqs unless still inside an interrupt; an
     * idle CPU re-evaluates its tick.
     */
    void irqExit(Cpu cpu) {
        linux.fn.enter(cpu, IRQ_EXIT);
        int id = linux.smpProcessorId(cpu);
        Linux.PerCpu pcpu = linux.percpu(id);
        pcpu.hardirqCount--;
        boolean inInterrupt = pcpu.hardirqCount != 0 || linux.softirqs.inSoftirq(id);
        if (!inInterrupt && linux.softirqs.pending(id)) {
            linux.softirqs.doSoftirq(cpu);
        }
        if (!inInterrupt && isIdle(cpu) && !linux.current(id).needResched()) {
            linux.tickSched.tickNohzStopSchedTick(cpu); // the interrupt may have queued a timer: look again
        }
        linux.fn.exit(cpu, IRQ_EXIT);
    }

    void ackApicIrq(Cpu cpu) {
        linux.fn.enter(cpu, ACK_APIC_IRQ);
        ApicRegisters.write(cpu, ApicRegisters.EOI, 0);
        linux.fn.exit(cpu, ACK_APIC_IRQ);
    }

    /**
     * {@code ret_from_intr}: the interrupted mode (the saved CS's RPL natively; under Xen what the upcall
     * interrupted) picks the way back; {@code irqsWereOn} is the interrupted code's interrupt flag.
     */
    void retFromIntr(Cpu cpu, boolean userMode, boolean irqsWereOn) {
        linux.fn.enter(cpu, RET_FROM_INTR);
        if (userMode) {
            linux.fn.enter(cpu, RESUME_USERSPACE);
            if (!workPending(cpu)) {
                linux.fn.call(cpu, RESTORE_ALL);
            }
            linux.fn.exit(cpu, RESUME_USERSPACE);
        } else {
            resumeKernel(cpu, irqsWereOn);
        }
        linux.fn.exit(cpu, RET_FROM_INTR);
    }

    /**
     * {@code resume_kernel}: with CONFIG_PREEMPT, preempt the interrupted kernel code if a reschedule is due,
     * its preempt count is zero and it ran with interrupts on; without, it is {@code restore_nocheck}.
     */
    private void resumeKernel(Cpu cpu, boolean irqsWereOn) {
        linux.fn.enter(cpu, RESUME_KERNEL);
        linux.localIrqDisable(cpu);
        Task curr = linux.current(linux.smpProcessorId(cpu));
        boolean switched = false;
        if (linux.config.preempt() && curr.preemptCount() == 0 && curr.needResched() && irqsWereOn) {
            switched = linux.sched.preemptScheduleIrq(cpu);
        }
        if (!switched) {
            linux.fn.call(cpu, RESTORE_ALL);
        }
        linux.fn.exit(cpu, RESUME_KERNEL);
    }

    /**
     * {@code syscall_exit}: interrupts off, then the same work checks as a return to user mode. Returns
     * true if the task was switched out (its path is over; it goes back to user mode when it is resumed).
     */
    boolean syscallExit(Cpu cpu) {
        linux.fn.enter(cpu, SYSCALL_EXIT);
        linux.localIrqDisable(cpu);
        boolean switched = workPending(cpu);
        if (!switched) {
            linux.fn.call(cpu, RESTORE_ALL);
            linux.localIrqEnable(cpu); // iret pops the user EFLAGS, IF set
        }
        linux.fn.exit(cpu, SYSCALL_EXIT);
        return switched;
    }

    /**
     * {@code work_pending} → {@code work_resched}: {@code schedule()} while TIF_NEED_RESCHED; a pending signal
     * is delivered ({@code do_notify_resume}: with no handler installed it only clears the flag). Returns
     * true if the task was switched out.
     */
    private boolean workPending(Cpu cpu) {
        linux.localIrqDisable(cpu);
        Task curr = linux.current(linux.smpProcessorId(cpu));
        if (!curr.needResched() && !curr.signalPending()) {
            return false;
        }
        linux.fn.enter(cpu, WORK_PENDING);
        boolean switched = false;
        if (curr.needResched()) {
            linux.fn.enter(cpu, WORK_RESCHED);
            while (curr.needResched()) {
                if (linux.sched.schedule(cpu)) {
                    switched = true;
                    break;
                }
                linux.localIrqDisable(cpu);
            }
            linux.fn.exit(cpu, WORK_RESCHED);
        }
        if (!switched) {
            curr.clearSignal();
        }
        linux.fn.exit(cpu, WORK_PENDING);
        return switched;
    }
}
