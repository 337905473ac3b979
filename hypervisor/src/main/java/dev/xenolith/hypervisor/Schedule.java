package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenFunction.CONTEXT_SWITCH;
import static dev.xenolith.hypervisor.XenFunction.DOMAIN_SLEEP;
import static dev.xenolith.hypervisor.XenFunction.DOMAIN_WAKE;
import static dev.xenolith.hypervisor.XenFunction.DO_BLOCK;
import static dev.xenolith.hypervisor.XenFunction.DO_YIELD;
import static dev.xenolith.hypervisor.XenFunction.ENTER_SCHEDULER;
import static dev.xenolith.hypervisor.XenFunction.SCHEDULE_TAIL;
import static dev.xenolith.hypervisor.XenFunction.S_TIMER_FN;
import static dev.xenolith.hypervisor.XenFunction.T_TIMER_FN;

import dev.xenolith.hypervisor.abi.Virq;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.PluginFunctions;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import dev.xenolith.hypervisor.softirq.Softirq;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * The scheduling framework of Xen 2.0.4's {@code schedule.c}, over vcpus as from 3.0: the per-CPU
 * scheduling timer {@code s_timer} that raises {@code SCHEDULE_SOFTIRQ}, the 10 ms {@code t_timer} that
 * ticks the running domain with VIRQ_TIMER, each vcpu's own timer for {@code set_timer_op}, and
 * {@code __enter_scheduler}: stop {@code s_timer}, settle a blocking vcpu, ask the plug-in, re-arm
 * {@code s_timer} for the slice ("reprogram the timer"), switch, and send the incoming domain its timer
 * event. Plug-ins see the framework only as a {@link SchedulerHost}.
 */
final class Schedule implements SchedulerHost {
    /** The guest tick of 2.0.x: VIRQ_TIMER to whichever domain is running, every 10 ms. */
    static final long T_TIMER_PERIOD_NS = 10_000_000;

    private final Xen xen;
    private final Scheduler scheduler;

    Schedule(Xen xen, Scheduler scheduler) {
        this.xen = xen;
        this.scheduler = scheduler;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** {@code scheduler_init}'s per-CPU part: {@code s_timer} and {@code t_timer} for every CPU. */
    void initCpu(PerCpu pcpu, Vcpu idle) {
        pcpu.idle = idle;
        pcpu.curr = idle;
        idle.setRunning(true);
        pcpu.sTimer = new AcTimer(S_TIMER_FN, pcpu.id, this::sTimerFn);
        pcpu.tTimer = new AcTimer(T_TIMER_FN, pcpu.id, this::tTimerFn);
    }

    /** {@code s_timer_fn}: the slice is over. (Timer functions are traced by {@code ac_timer_softirq_action}.) */
    void sTimerFn(int cpu, long now) {
        xen.raiseSoftirq(xen.percpu(cpu).cpu, Softirq.SCHEDULE_SOFTIRQ);
    }

    /**
     * {@code t_timer_fn}: the 10 ms tick to the running domain, re-armed forever; a vcpu that stopped its
     * periodic timer ({@code VCPUOP_stop_periodic_timer}, as from Xen 3.1) does not get it.
     */
    void tTimerFn(int cpu, long now) {
        PerCpu pcpu = xen.percpu(cpu);
        if (!pcpu.curr.isIdle() && !xen.state(pcpu.curr).periodicTimerStopped) {
            xen.updateDomTime(pcpu.cpu, pcpu.curr);
            xen.events.sendGuestVirq(pcpu.cpu, pcpu.curr, Virq.TIMER);
        }
        xen.timers.add(pcpu.cpu, pcpu.tTimer, xen.now(pcpu.cpu) + T_TIMER_PERIOD_NS);
    }

    /** {@code dom_timer_fn}: the vcpu's {@code set_timer_op} timeout. */
    void domTimerFn(VcpuState state, int cpu) {
        Cpu on = xen.percpu(cpu).cpu;
        xen.updateDomTime(on, state.vcpu);
        xen.events.sendGuestVirq(on, state.vcpu, Virq.TIMER);
    }

    /**
     * {@code __enter_scheduler} on {@code cpu}, the handler of {@code SCHEDULE_SOFTIRQ} and the end of
     * block, yield and shutdown. Returns whether it switched vcpus; if so the running path has become the
     * incoming vcpu's exit path ({@code schedule_tail}) and its callers must unwind.
     */
    boolean enterScheduler(PerCpu pcpu) {
        Cpu cpu = pcpu.cpu;
        xen.fn.enter(cpu, ENTER_SCHEDULER);
        Vcpu prev = pcpu.curr;
        long now = xen.now(cpu);
        xen.timers.remove(cpu, pcpu.sTimer);
        if (prev.isBlocked()) {
            if (xen.events.eventPending(prev)) {
                prev.setBlocked(false); // an event slipped in between the block request and here
            } else {
                scheduler.block(prev);
            }
        }
        prev.addCpuTime(now - prev.lastSchedTime());

        TaskSlice slice = pcpu.slice;
        scheduler.doSchedule(pcpu.id, now, slice);
        Vcpu next = slice.task();
        long time = slice.time() < 0 ? -1 : Math.min(slice.time(), Integer.MAX_VALUE); // r_time is s32 ns
        pcpu.curr = next;
        next.setLastSchedTime(now);
        if (time >= 0) {
            xen.timers.add(cpu, pcpu.sTimer, now + time);
        }
        next.setProcessor(pcpu.id);
        next.setRunning(true);
        xen.runstateChange(cpu, next);
        if (!next.isIdle()) {
            xen.updateDomTime(cpu, next);
        }
        if (prev == next) {
            xen.fn.exit(cpu, ENTER_SCHEDULER);
            return false;
        }
        contextSwitch(pcpu, prev, next);
        if (!next.isIdle() && !xen.state(next).periodicTimerStopped) {
            xen.events.sendGuestVirq(cpu, next, Virq.TIMER); // a tickless guest keeps its own time
        }
        scheduleTail(pcpu, next);
        xen.fn.exit(cpu, ENTER_SCHEDULER);
        pcpu.stackReset = true;
        return true;
    }

    private void contextSwitch(PerCpu pcpu, Vcpu prev, Vcpu next) {
        Cpu cpu = pcpu.cpu;
        xen.fn.enter(cpu, CONTEXT_SWITCH);
        if (cpu.tracing()) {
            xen.fn.event(cpu, new XenEvent.SchedSwitch(prev, next));
        }
        cpu.switchTo(xen.context(next), next.isIdle() ? 0 : Xen.GUEST_KERNEL_RING);
        pcpu.vcpuSwitches++;
        prev.setRunning(false);
        xen.runstateChange(cpu, prev);
        xen.fn.exit(cpu, CONTEXT_SWITCH);
    }

    /**
     * {@code schedule_tail}: a guest resumes through {@code ret_from_intr}, so its pending events (the
     * timer event just sent) are delivered at once; the idle vcpu goes back to its loop.
     */
    private void scheduleTail(PerCpu pcpu, Vcpu next) {
        xen.fn.enter(pcpu.cpu, SCHEDULE_TAIL);
        if (!next.isIdle()) {
            xen.entry.testAllEvents(pcpu);
        }
        xen.fn.exit(pcpu.cpu, SCHEDULE_TAIL);
    }

    /** {@code domain_wake} for one vcpu: if it is runnable now, the plug-in queues it (and may tickle). */
    void wake(Cpu on, Vcpu vcpu) {
        xen.fn.enter(on, DOMAIN_WAKE);
        if (vcpu.isRunnable()) {
            scheduler.wake(vcpu);
        }
        xen.fn.exit(on, DOMAIN_WAKE);
    }

    /** {@code domain_sleep}: an unrunnable vcpu leaves its run queue or makes its CPU reschedule. */
    void sleep(Cpu on, Vcpu vcpu) {
        xen.fn.enter(on, DOMAIN_SLEEP);
        if (!vcpu.isRunnable()) {
            scheduler.sleep(vcpu);
        }
        xen.fn.exit(on, DOMAIN_SLEEP);
    }

    /** {@code do_block}: re-enable event delivery, mark blocked, reschedule. */
    void doBlock(PerCpu pcpu) {
        xen.fn.enter(pcpu.cpu, DO_BLOCK);
        Vcpu vcpu = pcpu.curr;
        xen.events.sharedInfo(vcpu).vcpu(vcpu.id()).setUpcallMask(false);
        vcpu.setBlocked(true);
        enterScheduler(pcpu);
        xen.fn.exit(pcpu.cpu, DO_BLOCK);
    }

    /** {@code do_yield}. */
    void doYield(PerCpu pcpu) {
        xen.fn.enter(pcpu.cpu, DO_YIELD);
        scheduler.yield(pcpu.curr);
        enterScheduler(pcpu);
        xen.fn.exit(pcpu.cpu, DO_YIELD);
    }

    // ---------------------------------------------------------------- SchedulerHost

    @Override
    public int cpuCount() {
        return xen.cpuCount();
    }

    @Override
    public long now() {
        return xen.now(xen.runningCpu());
    }

    @Override
    public Vcpu idleVcpu(int cpu) {
        return xen.percpu(cpu).idle;
    }

    @Override
    public Vcpu current(int cpu) {
        return xen.percpu(cpu).curr;
    }

    @Override
    public void raiseScheduleSoftirq(int cpu) {
        xen.raiseSoftirqOn(xen.runningCpu(), cpu, Softirq.SCHEDULE_SOFTIRQ);
    }

    @Override
    public void addTimer(AcTimer timer, long expires) {
        xen.timers.add(xen.runningCpu(), timer, expires);
    }

    @Override
    public void removeTimer(AcTimer timer) {
        xen.timers.remove(xen.runningCpu(), timer);
    }

    @Override
    public void modifyTimer(AcTimer timer, long expires) {
        xen.timers.modify(xen.runningCpu(), timer, expires);
    }

    @Override
    public AcTimer scheduleTimer(int cpu) {
        return xen.percpu(cpu).sTimer;
    }

    @Override
    public <F extends Enum<F> & TracedFunction> PluginFunctions<F> functions(Class<F> type) {
        Functions<F> functions = new Functions<>(xen.machine(), type, xen.fn.layer());
        // A hook runs on the CPU whose path called it (a wake runs on the waker's CPU, not the woken
        // vcpu's), so that is the CPU charged and traced, whatever CPU the plug-in names.
        return new PluginFunctions<>() {
            @Override
            public void enter(int cpu, F function) {
                functions.enter(xen.runningCpu(), function);
            }

            @Override
            public void exit(int cpu, F function) {
                functions.exit(xen.runningCpu(), function);
            }
        };
    }

    /** The layer of the plug-in's functions, for tests. */
    Layer layer() {
        return xen.fn.layer();
    }
}
