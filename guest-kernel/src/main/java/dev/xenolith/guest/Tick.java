package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.ACCOUNT_PROCESS_TICK;
import static dev.xenolith.guest.LinuxFunction.DO_TIMER;
import static dev.xenolith.guest.LinuxFunction.RUN_LOCAL_TIMERS;
import static dev.xenolith.guest.LinuxFunction.RUN_TIMER_SOFTIRQ;
import static dev.xenolith.guest.LinuxFunction.TICK_HANDLE_PERIODIC;
import static dev.xenolith.guest.LinuxFunction.TICK_PERIODIC;
import static dev.xenolith.guest.LinuxFunction.UPDATE_PROCESS_TIMES;
import static dev.xenolith.guest.LinuxFunction.__RUN_TIMERS;

import dev.xenolith.guest.irq.Softirq;
import dev.xenolith.guest.time.Jiffies;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;

/**
 * The tick as {@code kernel/time/tick-common.c} and {@code kernel/timer.c} have it in 2.6.25: each CPU's
 * tick device (the best-rated clockevent that can serve it), {@code tick_do_timer_cpu} (the one CPU that
 * advances jiffies), the periodic handler (emulated in one-shot mode for devices that have no periodic mode),
 * {@code update_process_times} with {@code run_local_timers}, and the timer softirq, which also checks
 * whether a CPU can leave periodic mode for nohz or high resolution.
 */
final class Tick {
    static final int TICK_DO_TIMER_NONE = -1;

    private final Linux linux;
    final ClockEventDevice[] devices;
    /** {@code tick_do_timer_cpu}: the CPU that does {@code do_timer}; {@link #TICK_DO_TIMER_NONE} while nohz frees it. */
    int tickDoTimerCpu = TICK_DO_TIMER_NONE;
    /** {@code tick_next_period}: when the next periodic tick is due (ns). */
    long tickNextPeriod;
    long jiffies64;
    final long[] userTicks;
    final long[] systemTicks;
    final long[] idleTicks;
    /** Ticks of time a hypervisor gave other vcpus while this one was runnable ({@code cpustat->steal}). */
    final long[] stealTicks;

    Tick(Linux linux, int cpus) {
        this.linux = linux;
        this.jiffies64 = Jiffies.initialJiffies(linux.config.hz()) & 0xFFFF_FFFFL;
        this.devices = new ClockEventDevice[cpus];
        this.userTicks = new long[cpus];
        this.systemTicks = new long[cpus];
        this.idleTicks = new long[cpus];
        this.stealTicks = new long[cpus];
    }

    /** {@code tick_period}: NSEC_PER_SEC / HZ. */
    long tickPeriodNs() {
        return 1_000_000_000L / linux.config.hz();
    }

    /** {@code ktime_get()}: monotonic ns since power-on. */
    static long ktimeGet(Cpu cpu) {
        return cpu.now() / Picos.PER_NANOSECOND;
    }

    /**
     * {@code tick_check_new_device} for a CPU-local device: it replaces the current tick device unless that
     * one can do one-shot and the new one cannot, or it is rated no higher. The first tick device of the
     * system takes the jiffies duty. A device that loses its place is shut down.
     */
    void registerDevice(Cpu cpu, ClockEventDevice dev) {
        int id = linux.smpProcessorId(cpu);
        ClockEventDevice current = devices[id];
        if (current != null && (current.rating >= dev.rating
                || (current.has(ClockEventDevice.FEAT_ONESHOT) && !dev.has(ClockEventDevice.FEAT_ONESHOT)))) {
            return;
        }
        if (current != null) {
            current.handler = (c, d) -> { };
            current.setMode(cpu, ClockEventDevice.Mode.SHUTDOWN);
        }
        devices[id] = dev;
        if (tickDoTimerCpu == TICK_DO_TIMER_NONE && current == null) {
            tickDoTimerCpu = id;
            tickNextPeriod = ktimeGet(cpu);
        }
        tickSetupPeriodic(cpu, dev);
    }

    /** {@code tick_setup_periodic}: PERIODIC if the device can, else one-shot at the next period boundary. */
    private void tickSetupPeriodic(Cpu cpu, ClockEventDevice dev) {
        dev.handler = this::tickHandlePeriodic;
        if (dev.has(ClockEventDevice.FEAT_PERIODIC)) {
            dev.setMode(cpu, ClockEventDevice.Mode.PERIODIC);
            return;
        }
        dev.setMode(cpu, ClockEventDevice.Mode.ONESHOT);
        long next = tickNextPeriod;
        while (dev.programEvent(cpu, next, ktimeGet(cpu)) != 0) {
            next += tickPeriodNs();
        }
    }

    /**
     * {@code tick_handle_periodic}: one tick; a device without a periodic mode is re-armed a period after its
     * last event, with a tick for every period already missed.
     */
    void tickHandlePeriodic(Cpu cpu, ClockEventDevice dev) {
        linux.fn.enter(cpu, TICK_HANDLE_PERIODIC);
        tickPeriodic(cpu);
        if (dev.mode != ClockEventDevice.Mode.PERIODIC) {
            long next = dev.nextEvent + tickPeriodNs();
            while (dev.programEvent(cpu, next, ktimeGet(cpu)) != 0) {
                tickPeriodic(cpu);
                next += tickPeriodNs();
            }
        }
        linux.fn.exit(cpu, TICK_HANDLE_PERIODIC);
    }

    private void tickPeriodic(Cpu cpu) {
        linux.fn.enter(cpu, TICK_PERIODIC);
        if (linux.smpProcessorId(cpu) == tickDoTimerCpu) {
            tickNextPeriod += tickPeriodNs();
            doTimer(cpu, 1);
        }
        updateProcessTimes(cpu);
        linux.fn.exit(cpu, TICK_PERIODIC);
    }

    /** {@code do_timer}: jiffies advance; {@code update_wall_time} may install a new clocksource. */
    void doTimer(Cpu cpu, long ticks) {
        linux.fn.enter(cpu, DO_TIMER);
        jiffies64 += ticks;
        linux.changeClocksource(cpu);
        linux.fn.exit(cpu, DO_TIMER);
    }

    /** {@code update_process_times}: tick accounting, {@code run_local_timers}, {@code scheduler_tick}. */
    void updateProcessTimes(Cpu cpu) {
        linux.fn.enter(cpu, UPDATE_PROCESS_TIMES);
        linux.fn.enter(cpu, ACCOUNT_PROCESS_TICK);
        int id = linux.smpProcessorId(cpu);
        if (linux.interruptedUserMode(id)) {
            userTicks[id]++;
        } else if (linux.current(id) == linux.sched.idleTask(id)) {
            idleTicks[id]++;
        } else {
            systemTicks[id]++;
        }
        linux.fn.exit(cpu, ACCOUNT_PROCESS_TICK);
        linux.fn.enter(cpu, RUN_LOCAL_TIMERS);
        linux.hrtimers.runQueues(cpu);
        linux.softirqs.raise(cpu, Softirq.TIMER_SOFTIRQ);
        linux.fn.exit(cpu, RUN_LOCAL_TIMERS);
        linux.sched.schedulerTick(cpu);
        linux.fn.exit(cpu, UPDATE_PROCESS_TIMES);
    }

    /**
     * {@code run_timer_softirq}: first {@code hrtimer_run_pending} (2.6.25), where a CPU still ticking
     * periodically switches to high resolution or nohz once the clock allows it, then {@code __run_timers}.
     */
    void runTimerSoftirq(Cpu cpu) {
        linux.fn.enter(cpu, RUN_TIMER_SOFTIRQ);
        linux.hrtimers.runPending(cpu);
        int jiffies = (int) jiffies64;
        if (Jiffies.timeAfterEq(jiffies, linux.wheels[linux.smpProcessorId(cpu)].timerJiffies())) {
            linux.fn.enter(cpu, __RUN_TIMERS);
            linux.wheels[linux.smpProcessorId(cpu)].runTimers(jiffies);
            linux.fn.exit(cpu, __RUN_TIMERS);
        }
        linux.fn.exit(cpu, RUN_TIMER_SOFTIRQ);
    }

    /**
     * {@code tick_program_event}: program this CPU's tick device for {@code expires}; with {@code force}, an
     * event already past is moved to now plus the device's minimum delta until it takes. Returns 0 or
     * {@link ClockEventDevice#ETIME}.
     */
    int tickProgramEvent(Cpu cpu, long expires, boolean force) {
        ClockEventDevice dev = devices[linux.smpProcessorId(cpu)];
        long when = expires;
        while (true) {
            int result = dev.programEvent(cpu, when, ktimeGet(cpu));
            if (result == 0 || !force) {
                return result;
            }
            when = ktimeGet(cpu) + dev.minDeltaNs;
        }
    }

    /** {@code tick_switch_to_oneshot}: the tick device goes one-shot with a new handler. */
    boolean tickSwitchToOneshot(Cpu cpu, ClockEventDevice.Handler handler) {
        ClockEventDevice dev = devices[linux.smpProcessorId(cpu)];
        if (dev == null || !dev.has(ClockEventDevice.FEAT_ONESHOT)) {
            linux.printk(cpu, "Clockevents: could not switch to one-shot mode: "
                    + (dev == null ? "no tick device" : dev.name + " is not functional."));
            return false;
        }
        dev.handler = handler;
        dev.setMode(cpu, ClockEventDevice.Mode.ONESHOT);
        return true;
    }
}
