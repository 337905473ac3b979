package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.ACCOUNT_PROCESS_TICK;
import static dev.xenolith.guest.LinuxFunction.DO_TIMER;
import static dev.xenolith.guest.LinuxFunction.HRTIMER_RUN_QUEUES;
import static dev.xenolith.guest.LinuxFunction.RUN_LOCAL_TIMERS;
import static dev.xenolith.guest.LinuxFunction.RUN_TIMER_SOFTIRQ;
import static dev.xenolith.guest.LinuxFunction.TICK_HANDLE_PERIODIC;
import static dev.xenolith.guest.LinuxFunction.TICK_PERIODIC;
import static dev.xenolith.guest.LinuxFunction.UPDATE_PROCESS_TIMES;
import static dev.xenolith.guest.LinuxFunction.__RUN_TIMERS;

import dev.xenolith.guest.irq.Softirq;
import dev.xenolith.guest.time.HrtimerQueue;
import dev.xenolith.guest.time.Jiffies;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;

/**
 * The periodic tick ({@code kernel/time/tick-common.c}, {@code kernel/timer.c}) as the lapic clockevent
 * drives it in periodic mode: {@code tick_handle_periodic} → {@code tick_periodic}, which on the CPU that
 * holds {@code tick_do_timer_cpu} advances jiffies ({@code do_timer}) and on every CPU runs
 * {@code update_process_times}: tick accounting, {@code run_local_timers} (2.6.25: low-resolution hrtimers
 * in the hardirq, then TIMER_SOFTIRQ) and {@code scheduler_tick}. The timer softirq runs the CPU's wheel.
 */
final class Tick {
    private final Linux linux;
    final HrtimerQueue[] hrtimers;
    long jiffies64;
    int tickDoTimerCpu;
    final long[] userTicks;
    final long[] systemTicks;
    final long[] idleTicks;

    Tick(Linux linux, int cpus) {
        this.linux = linux;
        this.jiffies64 = Jiffies.initialJiffies(linux.config.hz()) & 0xFFFF_FFFFL;
        this.hrtimers = new HrtimerQueue[cpus];
        for (int i = 0; i < cpus; i++) {
            hrtimers[i] = new HrtimerQueue(tickPeriodNs());
        }
        this.userTicks = new long[cpus];
        this.systemTicks = new long[cpus];
        this.idleTicks = new long[cpus];
    }

    /** {@code tick_period}: NSEC_PER_SEC / HZ. */
    long tickPeriodNs() {
        return 1_000_000_000L / linux.config.hz();
    }

    /** {@code ktime_get()}: monotonic ns since power-on. */
    static long ktimeGet(Cpu cpu) {
        return cpu.now() / Picos.PER_NANOSECOND;
    }

    /** The lapic clockevent's {@code event_handler} in periodic mode. */
    void tickHandlePeriodic(Cpu cpu, boolean userMode) {
        linux.fn.enter(cpu, TICK_HANDLE_PERIODIC);
        linux.fn.enter(cpu, TICK_PERIODIC);
        if (cpu.id() == tickDoTimerCpu) {
            linux.fn.enter(cpu, DO_TIMER);
            jiffies64++;
            linux.fn.exit(cpu, DO_TIMER);
        }
        updateProcessTimes(cpu, userMode);
        linux.fn.exit(cpu, TICK_PERIODIC);
        linux.fn.exit(cpu, TICK_HANDLE_PERIODIC);
    }

    private void updateProcessTimes(Cpu cpu, boolean userMode) {
        linux.fn.enter(cpu, UPDATE_PROCESS_TIMES);
        linux.fn.enter(cpu, ACCOUNT_PROCESS_TICK);
        int id = cpu.id();
        if (userMode) {
            userTicks[id]++;
        } else if (linux.current(id) == linux.sched.idleTask(id)) {
            idleTicks[id]++;
        } else {
            systemTicks[id]++;
        }
        linux.fn.exit(cpu, ACCOUNT_PROCESS_TICK);
        linux.fn.enter(cpu, RUN_LOCAL_TIMERS);
        linux.fn.enter(cpu, HRTIMER_RUN_QUEUES);
        hrtimers[id].expireUpTo(ktimeGet(cpu));
        linux.fn.exit(cpu, HRTIMER_RUN_QUEUES);
        linux.softirqs.raise(cpu, Softirq.TIMER_SOFTIRQ);
        linux.fn.exit(cpu, RUN_LOCAL_TIMERS);
        linux.sched.schedulerTick(cpu);
        linux.fn.exit(cpu, UPDATE_PROCESS_TIMES);
    }

    /** {@code run_timer_softirq} → {@code __run_timers} on this CPU's wheel, if a jiffy has passed. */
    void runTimerSoftirq(Cpu cpu) {
        linux.fn.enter(cpu, RUN_TIMER_SOFTIRQ);
        int jiffies = (int) jiffies64;
        if (Jiffies.timeAfterEq(jiffies, linux.wheels[cpu.id()].timerJiffies())) {
            linux.fn.enter(cpu, __RUN_TIMERS);
            linux.wheels[cpu.id()].runTimers(jiffies);
            linux.fn.exit(cpu, __RUN_TIMERS);
        }
        linux.fn.exit(cpu, RUN_TIMER_SOFTIRQ);
    }
}
