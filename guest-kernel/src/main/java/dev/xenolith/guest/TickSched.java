package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.GET_NEXT_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.TICK_CHECK_ONESHOT_CHANGE;
import static dev.xenolith.guest.LinuxFunction.TICK_DO_UPDATE_JIFFIES64;
import static dev.xenolith.guest.LinuxFunction.TICK_NOHZ_HANDLER;
import static dev.xenolith.guest.LinuxFunction.TICK_NOHZ_REPROGRAM;
import static dev.xenolith.guest.LinuxFunction.TICK_NOHZ_RESTART_SCHED_TICK;
import static dev.xenolith.guest.LinuxFunction.TICK_NOHZ_STOP_SCHED_TICK;
import static dev.xenolith.guest.LinuxFunction.TICK_NOHZ_SWITCH_TO_NOHZ;
import static dev.xenolith.guest.LinuxFunction.TICK_NOHZ_UPDATE_JIFFIES;
import static dev.xenolith.guest.LinuxFunction.TICK_SCHED_TIMER;
import static dev.xenolith.guest.LinuxFunction.TOUCH_SOFTLOCKUP_WATCHDOG;

import dev.xenolith.guest.irq.Softirq;
import dev.xenolith.guest.time.Hrtimer;
import dev.xenolith.guest.time.HrtimerQueue;
import dev.xenolith.guest.time.HrtimerRestart;
import dev.xenolith.guest.time.Jiffies;
import dev.xenolith.guest.time.TimerWheel;
import dev.xenolith.machine.cpu.Cpu;

/**
 * {@code kernel/time/tick-sched.c} in 2.6.25: the per-CPU {@code struct tick_sched} and the tickless idle.
 * A CPU leaves periodic mode on its first timer softirq after a continuous clocksource is installed: to
 * low-resolution nohz ({@code tick_nohz_handler}) or, through {@code hrtimer_switch_to_hres}, to the
 * high-resolution sched tick ({@code tick_sched_timer}). In idle, {@code tick_nohz_stop_sched_tick} programs
 * the next event for the next pending timer instead of the next jiffy, hands the jiffies duty on, and counts
 * what it did; {@code tick_nohz_restart_sched_tick} puts the tick back when the CPU has work.
 *
 * <p>The first stop asks the scheduler's idle load balancer whether this CPU must keep ticking to balance on
 * behalf of the tickless ones ({@code select_nohz_load_balancer}).
 */
final class TickSched {
    enum NohzMode { INACTIVE, LOWRES, HIGHRES }

    /** {@code struct tick_sched}: its fields are what {@code /proc/timer_list} prints. */
    static final class State {
        Hrtimer schedTimer;
        boolean checkClocks;
        NohzMode nohzMode = NohzMode.INACTIVE;
        long idleTick;
        boolean tickStopped;
        int idleJiffies;
        long idleCalls;
        long idleSleeps;
        long idleEntrytime;
        long idleSleeptime;
        boolean idleActive;
    }

    private final Linux linux;
    final State[] states;
    /** {@code last_jiffies_update}: the jiffy boundary jiffies were last brought up to (ns). */
    private long lastJiffiesUpdate;

    TickSched(Linux linux, int cpus) {
        this.linux = linux;
        this.states = new State[cpus];
        for (int i = 0; i < cpus; i++) {
            State ts = new State();
            ts.schedTimer = new Hrtimer(linux.hrtimers.bases[i], this::tickSchedTimer);
            states[i] = ts;
        }
    }

    /** {@code tick_clock_notify}: a clocksource fit for one-shot ticks was installed; every CPU may switch. */
    void tickClockNotify() {
        for (State ts : states) {
            ts.checkClocks = true;
        }
    }

    /**
     * {@code tick_check_oneshot_change(allow_nohz)}: once per notification, a CPU still in periodic mode with a
     * one-shot tick device either asks its caller for high resolution (true) or, when that is not allowed,
     * switches to low-resolution nohz itself.
     */
    boolean tickCheckOneshotChange(Cpu cpu, boolean allowNohz) {
        State ts = states[linux.smpProcessorId(cpu)];
        if (!ts.checkClocks) {
            return false;
        }
        linux.fn.enter(cpu, TICK_CHECK_ONESHOT_CHANGE);
        ts.checkClocks = false;
        boolean wantHres = false;
        ClockEventDevice dev = linux.tick.devices[linux.smpProcessorId(cpu)];
        if (ts.nohzMode == NohzMode.INACTIVE && dev != null && dev.has(ClockEventDevice.FEAT_ONESHOT)) {
            if (allowNohz) {
                tickNohzSwitchToNohz(cpu);
            } else {
                wantHres = true;
            }
        }
        linux.fn.exit(cpu, TICK_CHECK_ONESHOT_CHANGE);
        return wantHres;
    }

    /** {@code tick_init_jiffy_update}: nohz's jiffies clock starts from the periodic tick's schedule. */
    private long tickInitJiffyUpdate() {
        if (lastJiffiesUpdate == 0) {
            lastJiffiesUpdate = linux.tick.tickNextPeriod;
        }
        return lastJiffiesUpdate;
    }

    /** {@code tick_nohz_switch_to_nohz}: one-shot with {@code tick_nohz_handler}, the first event at the next jiffy. */
    private void tickNohzSwitchToNohz(Cpu cpu) {
        if (!linux.config.nohz()) {
            return;
        }
        linux.fn.enter(cpu, TICK_NOHZ_SWITCH_TO_NOHZ);
        if (linux.tick.tickSwitchToOneshot(cpu, this::tickNohzHandler)) {
            State ts = states[linux.smpProcessorId(cpu)];
            ts.nohzMode = NohzMode.LOWRES;
            long next = tickInitJiffyUpdate();
            while (true) {
                ts.schedTimer.setExpires(next);
                if (linux.tick.tickProgramEvent(cpu, next, false) == 0) {
                    break;
                }
                next += linux.tick.tickPeriodNs();
            }
            linux.printk(cpu, "Switched to NOHz mode on CPU #" + linux.smpProcessorId(cpu));
        }
        linux.fn.exit(cpu, TICK_NOHZ_SWITCH_TO_NOHZ);
    }

    /** {@code tick_setup_sched_timer}: the tick as an hrtimer, staggered over half a period across CPUs. */
    void tickSetupSchedTimer(Cpu cpu) {
        State ts = states[linux.smpProcessorId(cpu)];
        long period = linux.tick.tickPeriodNs();
        long offset = (period >> 1) / states.length * linux.smpProcessorId(cpu);
        ts.schedTimer.setExpires(tickInitJiffyUpdate() + offset);
        HrtimerQueue.hrtimerForward(ts.schedTimer, Tick.ktimeGet(cpu), period);
        linux.hrtimers.start(cpu, ts.schedTimer, ts.schedTimer.expires());
        if (linux.config.nohz()) {
            ts.nohzMode = NohzMode.HIGHRES;
        }
    }

    /** {@code tick_do_update_jiffies64}: bring jiffies up to {@code now}, however many periods that is. */
    void tickDoUpdateJiffies64(Cpu cpu, long now) {
        long period = linux.tick.tickPeriodNs();
        long delta = now - lastJiffiesUpdate;
        if (delta < period) {
            return;
        }
        linux.fn.enter(cpu, TICK_DO_UPDATE_JIFFIES64);
        long ticks = delta / period;
        lastJiffiesUpdate += ticks * period;
        linux.tick.doTimer(cpu, ticks);
        linux.fn.exit(cpu, TICK_DO_UPDATE_JIFFIES64);
    }

    /** The duty of {@code do_timer}: taken by whichever CPU ticks while nobody holds it. */
    private void takeDuty(Cpu cpu, long now) {
        if (linux.tick.tickDoTimerCpu == Tick.TICK_DO_TIMER_NONE) {
            linux.tick.tickDoTimerCpu = linux.smpProcessorId(cpu);
        }
        if (linux.tick.tickDoTimerCpu == linux.smpProcessorId(cpu)) {
            tickDoUpdateJiffies64(cpu, now);
        }
    }

    /** The tick's work in nohz modes, shared by the low- and high-resolution handlers. */
    private void tickWork(Cpu cpu, State ts) {
        if (ts.tickStopped) {
            linux.fn.call(cpu, TOUCH_SOFTLOCKUP_WATCHDOG);
            ts.idleJiffies++;
        }
        linux.tick.updateProcessTimes(cpu);
    }

    /** {@code tick_nohz_handler}: the low-resolution nohz tick; re-armed for the next jiffy unless stopped. */
    private void tickNohzHandler(Cpu cpu, ClockEventDevice dev) {
        linux.fn.enter(cpu, TICK_NOHZ_HANDLER);
        State ts = states[linux.smpProcessorId(cpu)];
        long now = Tick.ktimeGet(cpu);
        dev.nextEvent = HrtimerQueue.KTIME_MAX;
        takeDuty(cpu, now);
        tickWork(cpu, ts);
        if (!ts.tickStopped) {
            while (tickNohzReprogram(cpu, ts, now)) {
                now = Tick.ktimeGet(cpu);
                tickDoUpdateJiffies64(cpu, now);
            }
        }
        linux.fn.exit(cpu, TICK_NOHZ_HANDLER);
    }

    /** {@code tick_nohz_reprogram}: forward the sched timer past now and program it; true if that was too late. */
    private boolean tickNohzReprogram(Cpu cpu, State ts, long now) {
        linux.fn.enter(cpu, TICK_NOHZ_REPROGRAM);
        HrtimerQueue.hrtimerForward(ts.schedTimer, now, linux.tick.tickPeriodNs());
        boolean late = linux.tick.tickProgramEvent(cpu, ts.schedTimer.expires(), false) != 0;
        linux.fn.exit(cpu, TICK_NOHZ_REPROGRAM);
        return late;
    }

    /** {@code tick_sched_timer}: the high-resolution tick, an hrtimer that restarts itself a period on. */
    private HrtimerRestart tickSchedTimer(Hrtimer timer, long now) {
        Cpu cpu = linux.runningCpu();
        linux.fn.enter(cpu, TICK_SCHED_TIMER);
        State ts = states[linux.smpProcessorId(cpu)];
        takeDuty(cpu, now);
        tickWork(cpu, ts);
        HrtimerRestart restart = HrtimerRestart.HRTIMER_NORESTART;
        if (!ts.tickStopped) {
            HrtimerQueue.hrtimerForward(timer, now, linux.tick.tickPeriodNs());
            restart = HrtimerRestart.HRTIMER_RESTART;
        }
        linux.fn.exit(cpu, TICK_SCHED_TIMER);
        return restart;
    }

    /**
     * {@code tick_nohz_stop_sched_tick}, entering idle and after each interrupt in idle: unless a timer is due
     * at the next jiffy, program the tick device for the next pending timer (none: no event at all), giving up
     * the jiffies duty; the first idle CPU while others are busy becomes the idle load balancer and keeps
     * ticking instead.
     */
    void tickNohzStopSchedTick(Cpu cpu) {
        int id = linux.smpProcessorId(cpu);
        State ts = states[id];
        long now = Tick.ktimeGet(cpu);
        if (!ts.idleActive) {
            ts.idleEntrytime = now;
            ts.idleActive = true;
        }
        if (ts.nohzMode == NohzMode.INACTIVE || linux.current(id).needResched() || linux.softirqs.pending(id)) {
            return;
        }
        linux.fn.enter(cpu, TICK_NOHZ_STOP_SCHED_TICK);
        ts.idleCalls++;
        long lastUpdate = lastJiffiesUpdate;
        int lastJiffies = linux.jiffies();
        int nextJiffies = nextTimerInterrupt(cpu, lastJiffies);
        long delta = Integer.toUnsignedLong(nextJiffies - lastJiffies);
        int rtWait = linux.sched.rtNeedsCpu(id);
        if (rtWait > 0) {
            delta = Math.min(delta, rtWait);
        }
        boolean programmed = true;
        if (ts.tickStopped || delta != 1) {
            programmed = stopTick(cpu, ts, lastUpdate, lastJiffies, delta);
        }
        if (!programmed) {
            linux.softirqs.raise(cpu, Softirq.TIMER_SOFTIRQ);
        }
        linux.fn.exit(cpu, TICK_NOHZ_STOP_SCHED_TICK);
    }

    /** The stopping part; false if the next event turned out to be already due (jiffies are then brought up). */
    private boolean stopTick(Cpu cpu, State ts, long lastUpdate, int lastJiffies, long delta) {
        int id = linux.smpProcessorId(cpu);
        if (!ts.tickStopped) {
            if (linux.sched.selectNohzLoadBalancer(cpu, true)) {
                return true;
            }
            ts.idleTick = ts.schedTimer.expires();
            ts.tickStopped = true;
            ts.idleJiffies = lastJiffies;
        }
        if (linux.tick.tickDoTimerCpu == id) {
            linux.tick.tickDoTimerCpu = Tick.TICK_DO_TIMER_NONE;
        }
        ts.idleSleeps++;
        if (delta >= Jiffies.NEXT_TIMER_MAX_DELTA) {
            if (ts.nohzMode == NohzMode.HIGHRES) {
                linux.hrtimers.cancel(cpu, ts.schedTimer);
            }
            return true;
        }
        long expires = lastUpdate + linux.tick.tickPeriodNs() * delta;
        if (ts.nohzMode == NohzMode.HIGHRES) {
            linux.hrtimers.start(cpu, ts.schedTimer, expires);
            if (HrtimerQueue.hrtimerActive(ts.schedTimer)) {
                return true;
            }
        } else if (linux.tick.tickProgramEvent(cpu, expires, false) == 0) {
            return true;
        }
        tickDoUpdateJiffies64(cpu, Tick.ktimeGet(cpu));
        return false;
    }

    /** {@code get_next_timer_interrupt}: the wheel's next timer, or an earlier low-resolution hrtimer. */
    private int nextTimerInterrupt(Cpu cpu, int now) {
        linux.fn.enter(cpu, GET_NEXT_TIMER_INTERRUPT);
        long hrtimerDelta = linux.hrtimers.getNextEvent(cpu);
        long hrtimerJiffies = hrtimerDelta == HrtimerQueue.KTIME_MAX ? TimerWheel.HRTIMER_NONE
                : (hrtimerDelta + linux.tick.tickPeriodNs() - 1) / linux.tick.tickPeriodNs();
        int next = linux.wheels[linux.smpProcessorId(cpu)].getNextTimerInterrupt(now, hrtimerJiffies);
        linux.fn.exit(cpu, GET_NEXT_TIMER_INTERRUPT);
        return next;
    }

    /**
     * {@code tick_nohz_restart_sched_tick}, leaving idle: jiffies brought up to date, the idle jiffies
     * accounted, the sched timer forwarded from its saved expiry past now and re-armed.
     */
    void tickNohzRestartSchedTick(Cpu cpu) {
        int id = linux.smpProcessorId(cpu);
        State ts = states[id];
        long now = Tick.ktimeGet(cpu);
        if (ts.idleActive) {
            ts.idleSleeptime += now - ts.idleEntrytime;
            ts.idleActive = false;
        }
        if (!ts.tickStopped) {
            return;
        }
        linux.fn.enter(cpu, TICK_NOHZ_RESTART_SCHED_TICK);
        linux.sched.selectNohzLoadBalancer(cpu, false);
        tickDoUpdateJiffies64(cpu, now);
        linux.tick.idleTicks[id] += Math.max(0, linux.jiffies() - ts.idleJiffies);
        linux.fn.call(cpu, TOUCH_SOFTLOCKUP_WATCHDOG);
        ts.tickStopped = false;
        linux.hrtimers.cancel(cpu, ts.schedTimer);
        ts.schedTimer.setExpires(ts.idleTick);
        while (true) {
            HrtimerQueue.hrtimerForward(ts.schedTimer, now, linux.tick.tickPeriodNs());
            if (ts.nohzMode == NohzMode.HIGHRES) {
                linux.hrtimers.start(cpu, ts.schedTimer, ts.schedTimer.expires());
                if (HrtimerQueue.hrtimerActive(ts.schedTimer)) {
                    break;
                }
            } else if (linux.tick.tickProgramEvent(cpu, ts.schedTimer.expires(), false) == 0) {
                break;
            }
            tickDoUpdateJiffies64(cpu, now);
            now = Tick.ktimeGet(cpu);
        }
        linux.fn.exit(cpu, TICK_NOHZ_RESTART_SCHED_TICK);
    }

    /** {@code tick_nohz_update_jiffies}, from {@code irq_enter} on an idle CPU: fresh jiffies for the handlers. */
    void tickNohzUpdateJiffies(Cpu cpu) {
        State ts = states[linux.smpProcessorId(cpu)];
        if (!ts.tickStopped) {
            return;
        }
        linux.fn.enter(cpu, TICK_NOHZ_UPDATE_JIFFIES);
        tickDoUpdateJiffies64(cpu, Tick.ktimeGet(cpu));
        linux.fn.call(cpu, TOUCH_SOFTLOCKUP_WATCHDOG);
        linux.fn.exit(cpu, TICK_NOHZ_UPDATE_JIFFIES);
    }
}
