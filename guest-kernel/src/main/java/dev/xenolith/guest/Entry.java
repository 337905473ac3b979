package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.ACK_APIC_IRQ;
import static dev.xenolith.guest.LinuxFunction.APIC_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.COMMON_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.IRQ_ENTER;
import static dev.xenolith.guest.LinuxFunction.IRQ_EXIT;
import static dev.xenolith.guest.LinuxFunction.LOCAL_APIC_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.RESCHEDULE_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.RESTORE_ALL;
import static dev.xenolith.guest.LinuxFunction.RESUME_KERNEL;
import static dev.xenolith.guest.LinuxFunction.RESUME_USERSPACE;
import static dev.xenolith.guest.LinuxFunction.RET_FROM_INTR;
import static dev.xenolith.guest.LinuxFunction.SMP_APIC_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.SMP_RESCHEDULE_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.SYSCALL_EXIT;
import static dev.xenolith.guest.LinuxFunction.WORK_PENDING;
import static dev.xenolith.guest.LinuxFunction.WORK_RESCHED;

import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.cpu.InterruptFrame;

/**
 * {@code arch/x86/kernel/entry_32.S} and the interrupt stubs natively: {@code common_interrupt} →
 * {@code do_IRQ} for the 8259's lines, the APIC timer and reschedule vectors, and the return paths every
 * one of them and every system call ends in. To user mode: {@code resume_userspace} → {@code work_pending}
 * → {@code work_resched} → {@code schedule} while TIF_NEED_RESCHED; to kernel mode with CONFIG_PREEMPT:
 * {@code resume_kernel} → {@code preempt_schedule_irq} when the preempt count is zero and the interrupted
 * code had interrupts on. A return path that switches tasks ends the path there.
 */
final class Entry {
    private static final int USER_RPL = 3;

    private final Linux linux;

    Entry(Linux linux) {
        this.linux = linux;
    }

    /** {@code init_IRQ}'s and {@code apic_intr_init}'s gates (one IDT, shared by every CPU). */
    void installGates(Cpu cpu) {
        for (int irq = 0; irq < 16; irq++) {
            cpu.setGate(Apic.FIRST_EXTERNAL_VECTOR + irq,
                    new Gate("IRQ0x" + Integer.toHexString(Apic.FIRST_EXTERNAL_VECTOR + irq) + "_interrupt",
                            GateType.INTERRUPT, this::commonInterrupt));
        }
        cpu.setGate(Apic.LOCAL_TIMER_VECTOR, new Gate("apic_timer_interrupt", GateType.INTERRUPT, this::apicTimerInterrupt));
        cpu.setGate(Apic.RESCHEDULE_VECTOR, new Gate("reschedule_interrupt", GateType.INTERRUPT, this::rescheduleInterrupt));
        cpu.setGate(Apic.ERROR_APIC_VECTOR, new Gate("error_interrupt", GateType.INTERRUPT, this::ackOnly));
        cpu.setGate(Apic.SPURIOUS_APIC_VECTOR, new Gate("spurious_interrupt", GateType.INTERRUPT, this::retFromIntr));
    }

    /** {@code common_interrupt} → {@code do_IRQ(~orig_eax)} inside {@code irq_enter}/{@code irq_exit}. */
    private void commonInterrupt(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        linux.fn.enter(cpu, COMMON_INTERRUPT);
        irqEnter(cpu);
        linux.irqs.doIrq(cpu, frame.vector() - Apic.FIRST_EXTERNAL_VECTOR);
        irqExit(cpu);
        retFromIntr(cpu, frame);
        linux.fn.exit(cpu, COMMON_INTERRUPT);
    }

    /** {@code smp_apic_timer_interrupt}: ack first, then the clockevent's handler in hardirq context. */
    private void apicTimerInterrupt(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        linux.fn.enter(cpu, APIC_TIMER_INTERRUPT);
        linux.fn.enter(cpu, SMP_APIC_TIMER_INTERRUPT);
        ackApicIrq(cpu);
        irqEnter(cpu);
        linux.fn.enter(cpu, LOCAL_APIC_TIMER_INTERRUPT);
        linux.percpu(cpu.id()).apicTimerIrqs++;
        linux.timers.lapicEvent(cpu);
        linux.fn.exit(cpu, LOCAL_APIC_TIMER_INTERRUPT);
        irqExit(cpu);
        linux.fn.exit(cpu, SMP_APIC_TIMER_INTERRUPT);
        retFromIntr(cpu, frame);
        linux.fn.exit(cpu, APIC_TIMER_INTERRUPT);
    }

    /** {@code smp_reschedule_interrupt}: only an ack and a count; the point is the return path. */
    private void rescheduleInterrupt(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        linux.fn.enter(cpu, RESCHEDULE_INTERRUPT);
        linux.fn.enter(cpu, SMP_RESCHEDULE_INTERRUPT);
        ackApicIrq(cpu);
        linux.percpu(cpu.id()).reschedIrqs++;
        linux.fn.exit(cpu, SMP_RESCHEDULE_INTERRUPT);
        retFromIntr(cpu, frame);
        linux.fn.exit(cpu, RESCHEDULE_INTERRUPT);
    }

    private void ackOnly(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        ackApicIrq(cpu);
        retFromIntr(cpu, frame);
    }

    /** A new kernel path for an interrupt; its saved CS says whether it came from user mode. */
    private void beginInterrupt(Cpu cpu, InterruptFrame frame) {
        linux.beginPath(cpu);
        linux.percpu(cpu.id()).irqFromUser = frame.interruptedPrivilege() == USER_RPL;
    }

    /** {@code irq_enter}: hardirq context; an idle CPU whose tick is stopped brings jiffies up to date first. */
    private void irqEnter(Cpu cpu) {
        linux.fn.enter(cpu, IRQ_ENTER);
        Linux.PerCpu pcpu = linux.percpu(cpu.id());
        if (pcpu.hardirqCount == 0 && !linux.softirqs.inSoftirq(cpu.id()) && isIdle(cpu)) {
            linux.tickSched.tickNohzUpdateJiffies(cpu);
        }
        pcpu.hardirqCount++;
        linux.fn.exit(cpu, IRQ_ENTER);
    }

    private boolean isIdle(Cpu cpu) {
        return linux.current(cpu.id()) == linux.sched.idleTask(cpu.id());
    }

    /**
     * {@code irq_exit}: leave hardirq context and run pending softirqs unless still inside an interrupt; an
     * idle CPU re-evaluates its tick.
     */
    private void irqExit(Cpu cpu) {
        linux.fn.enter(cpu, IRQ_EXIT);
        Linux.PerCpu pcpu = linux.percpu(cpu.id());
        pcpu.hardirqCount--;
        boolean inInterrupt = pcpu.hardirqCount != 0 || linux.softirqs.inSoftirq(cpu.id());
        if (!inInterrupt && linux.softirqs.pending(cpu.id())) {
            linux.softirqs.doSoftirq(cpu);
        }
        if (!inInterrupt && isIdle(cpu) && !linux.current(cpu.id()).needResched()) {
            linux.tickSched.tickNohzStopSchedTick(cpu); // the interrupt may have queued a timer: look again
        }
        linux.fn.exit(cpu, IRQ_EXIT);
    }

    private void ackApicIrq(Cpu cpu) {
        linux.fn.enter(cpu, ACK_APIC_IRQ);
        Apic.write(cpu, Apic.EOI, 0);
        linux.fn.exit(cpu, ACK_APIC_IRQ);
    }

    /** {@code ret_from_intr}: the saved CS's RPL picks the way back. */
    void retFromIntr(Cpu cpu, InterruptFrame frame) {
        linux.fn.enter(cpu, RET_FROM_INTR);
        if (frame.interruptedPrivilege() == USER_RPL) {
            linux.fn.enter(cpu, RESUME_USERSPACE);
            if (!workPending(cpu)) {
                linux.fn.call(cpu, RESTORE_ALL);
            }
            linux.fn.exit(cpu, RESUME_USERSPACE);
        } else {
            resumeKernel(cpu, frame);
        }
        linux.fn.exit(cpu, RET_FROM_INTR);
    }

    /**
     * {@code resume_kernel}: with CONFIG_PREEMPT, preempt the interrupted kernel code if a reschedule is due,
     * its preempt count is zero and it ran with interrupts on; without, it is {@code restore_nocheck}.
     */
    private void resumeKernel(Cpu cpu, InterruptFrame frame) {
        linux.fn.enter(cpu, RESUME_KERNEL);
        cpu.cli();
        Task curr = linux.current(cpu.id());
        boolean switched = false;
        if (linux.config.preempt() && curr.preemptCount() == 0 && curr.needResched() && frame.savedInterruptFlag()) {
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
        cpu.cli();
        boolean switched = workPending(cpu);
        if (!switched) {
            linux.fn.call(cpu, RESTORE_ALL);
            cpu.sti(); // iret pops the user EFLAGS, IF set
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
        cpu.cli();
        Task curr = linux.current(cpu.id());
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
                cpu.cli();
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
