package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.HRTIMER_CANCEL;
import static dev.xenolith.guest.LinuxFunction.HRTIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.HRTIMER_RUN_PENDING;
import static dev.xenolith.guest.LinuxFunction.HRTIMER_RUN_QUEUES;
import static dev.xenolith.guest.LinuxFunction.HRTIMER_START;
import static dev.xenolith.guest.LinuxFunction.HRTIMER_SWITCH_TO_HRES;

import dev.xenolith.guest.time.Hrtimer;
import dev.xenolith.guest.time.HrtimerQueue;
import dev.xenolith.machine.cpu.Cpu;

/**
 * The per-CPU hrtimer bases of {@code kernel/hrtimer.c} (2.6.25; one CLOCK_MONOTONIC base each, which is all
 * the kernel here uses). In low-resolution mode timers expire from the tick ({@code hrtimer_run_queues}),
 * so with jiffy granularity; once {@code hrtimer_switch_to_hres} has put the tick device in one-shot mode,
 * {@code hrtimer_interrupt} expires them and programs the device for the next one, and starting a timer
 * that becomes the first reprograms it. Every timer here runs its function in hardirq context
 * (HRTIMER_CB_IRQSAFE_NO_SOFTIRQ: the sleepers' and the sched tick's), so HRTIMER_SOFTIRQ is never needed.
 */
final class Hrtimers {
    private final Linux linux;
    final HrtimerQueue[] bases;
    final boolean[] hresActive;
    /** {@code expires_next}: what the tick device is programmed for in high-resolution mode. */
    private final long[] expiresNext;

    Hrtimers(Linux linux, int cpus, long lowResolution) {
        this.linux = linux;
        this.bases = new HrtimerQueue[cpus];
        this.hresActive = new boolean[cpus];
        this.expiresNext = new long[cpus];
        for (int i = 0; i < cpus; i++) {
            bases[i] = new HrtimerQueue(lowResolution);
            expiresNext[i] = HrtimerQueue.KTIME_MAX;
        }
    }

    /**
     * {@code hrtimer_start(timer, expires, HRTIMER_MODE_ABS)} on the running CPU; in high-resolution mode a
     * timer that is now the first reprograms the tick device. A timer already due stays queued for the
     * next interrupt, as 2.6.25 does with its IRQSAFE_NO_SOFTIRQ timers.
     */
    void start(Cpu cpu, Hrtimer timer, long expires) {
        linux.fn.enter(cpu, HRTIMER_START);
        int id = linux.smpProcessorId(cpu);
        bases[id].hrtimerStart(timer, expires);
        if (hresActive[id] && bases[id].first() == timer && expires < expiresNext[id]
                && linux.tick.tickProgramEvent(cpu, expires, false) == 0) {
            expiresNext[id] = expires;
        }
        linux.fn.exit(cpu, HRTIMER_START);
    }

    /** {@code hrtimer_cancel}. */
    void cancel(Cpu cpu, Hrtimer timer) {
        linux.fn.enter(cpu, HRTIMER_CANCEL);
        HrtimerQueue.hrtimerCancel(timer);
        linux.fn.exit(cpu, HRTIMER_CANCEL);
    }

    /** {@code hrtimer_run_queues}: low-resolution expiry from the tick (2.6.25: in the hardirq). */
    void runQueues(Cpu cpu) {
        if (hresActive[linux.smpProcessorId(cpu)]) {
            return;
        }
        linux.fn.enter(cpu, HRTIMER_RUN_QUEUES);
        bases[linux.smpProcessorId(cpu)].expireUpTo(Tick.ktimeGet(cpu));
        linux.fn.exit(cpu, HRTIMER_RUN_QUEUES);
    }

    /**
     * {@code hrtimer_run_pending}, from the timer softirq: a CPU still in low-resolution mode checks whether
     * it can switch ({@code tick_check_oneshot_change}, which switches to low-resolution nohz itself when
     * high resolution is off).
     */
    void runPending(Cpu cpu) {
        if (hresActive[linux.smpProcessorId(cpu)]) {
            return;
        }
        linux.fn.enter(cpu, HRTIMER_RUN_PENDING);
        if (linux.tickSched.tickCheckOneshotChange(cpu, !linux.config.highres())) {
            switchToHres(cpu);
        }
        linux.fn.exit(cpu, HRTIMER_RUN_PENDING);
    }

    /** {@code hrtimer_switch_to_hres}: the tick device one-shot with {@code hrtimer_interrupt}, the sched tick an hrtimer. */
    private void switchToHres(Cpu cpu) {
        linux.fn.enter(cpu, HRTIMER_SWITCH_TO_HRES);
        int id = linux.smpProcessorId(cpu);
        if (!linux.tick.tickSwitchToOneshot(cpu, this::hrtimerInterrupt)) {
            linux.printk(cpu, "Could not switch to high resolution mode on CPU " + id);
        } else {
            hresActive[id] = true;
            bases[id].setResolution(1);
            linux.tickSched.tickSetupSchedTimer(cpu);
            retrigger(cpu);
            linux.printkDebug("Switched to high resolution mode on CPU " + id);
        }
        linux.fn.exit(cpu, HRTIMER_SWITCH_TO_HRES);
    }

    /**
     * {@code hrtimer_interrupt}: expire every due timer, then program the device for the first one left,
     * starting over if that is already past.
     */
    void hrtimerInterrupt(Cpu cpu, ClockEventDevice dev) {
        linux.fn.enter(cpu, HRTIMER_INTERRUPT);
        int id = linux.smpProcessorId(cpu);
        dev.nextEvent = HrtimerQueue.KTIME_MAX;
        while (true) {
            long next = bases[id].expireUpTo(Tick.ktimeGet(cpu));
            expiresNext[id] = next;
            if (next == HrtimerQueue.KTIME_MAX || linux.tick.tickProgramEvent(cpu, next, false) == 0) {
                break;
            }
        }
        linux.fn.exit(cpu, HRTIMER_INTERRUPT);
    }

    /** {@code retrigger_next_event}: program the device for the first queued timer. */
    private void retrigger(Cpu cpu) {
        int id = linux.smpProcessorId(cpu);
        expiresNext[id] = HrtimerQueue.KTIME_MAX;
        long first = bases[id].firstExpiry();
        if (first != HrtimerQueue.KTIME_MAX && linux.tick.tickProgramEvent(cpu, first, true) == 0) {
            expiresNext[id] = first;
        }
    }

    /** {@code hrtimer_get_next_event} (low resolution): ns to the first timer, or KTIME_MAX. */
    long getNextEvent(Cpu cpu) {
        return hresActive[linux.smpProcessorId(cpu)] ? HrtimerQueue.KTIME_MAX : bases[linux.smpProcessorId(cpu)].hrtimerGetNextEvent(Tick.ktimeGet(cpu));
    }
}
