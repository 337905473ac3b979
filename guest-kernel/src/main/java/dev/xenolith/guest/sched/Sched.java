package dev.xenolith.guest.sched;

import static dev.xenolith.guest.LinuxFunction.ACTIVATE_TASK;
import static dev.xenolith.guest.LinuxFunction.CHECK_PREEMPT_CURR;
import static dev.xenolith.guest.LinuxFunction.CONTEXT_SWITCH;
import static dev.xenolith.guest.LinuxFunction.DEACTIVATE_TASK;
import static dev.xenolith.guest.LinuxFunction.ENQUEUE_TASK;
import static dev.xenolith.guest.LinuxFunction.DEQUEUE_TASK;
import static dev.xenolith.guest.LinuxFunction.FINISH_TASK_SWITCH;
import static dev.xenolith.guest.LinuxFunction.PICK_NEXT_TASK;
import static dev.xenolith.guest.LinuxFunction.PREEMPT_SCHEDULE;
import static dev.xenolith.guest.LinuxFunction.PREEMPT_SCHEDULE_IRQ;
import static dev.xenolith.guest.LinuxFunction.PUT_PREV_TASK;
import static dev.xenolith.guest.LinuxFunction.RESCHED_TASK;
import static dev.xenolith.guest.LinuxFunction.SCHEDULE;
import static dev.xenolith.guest.LinuxFunction.SCHEDULER_TICK;
import static dev.xenolith.guest.LinuxFunction.SCHED_SETSCHEDULER;
import static dev.xenolith.guest.LinuxFunction.SET_USER_NICE;
import static dev.xenolith.guest.LinuxFunction.SWITCH_TO;
import static dev.xenolith.guest.LinuxFunction.TRIGGER_LOAD_BALANCE;
import static dev.xenolith.guest.LinuxFunction.TRY_TO_WAKE_UP;
import static dev.xenolith.guest.LinuxFunction.UPDATE_CPU_LOAD;
import static dev.xenolith.guest.LinuxFunction.WAKE_UP_NEW_TASK;
import static dev.xenolith.guest.LinuxFunction.WAKE_UP_PROCESS;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.time.Jiffies;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Functions;
import java.util.List;

/**
 * The scheduler core of {@code kernel/sched.c} in 2.6.25: per-CPU run queues, {@code schedule()} with
 * its voluntary/involuntary accounting and PREEMPT_ACTIVE rule, {@code pick_next_task} over the class chain
 * rt → fair → idle with the all-CFS fast path, {@code context_switch}, {@code try_to_wake_up} with
 * {@code check_preempt_curr} after {@code out_running}, {@code resched_task} with its IPI, and
 * {@code scheduler_tick}.
 *
 * <p>Continuation: a {@code schedule()} that switches ends the running path ({@link #schedule} returns
 * true and every caller unwinds at once). The task switched out continues later from
 * {@link #finishTaskSwitch}, which is the tail of the same {@code schedule()} on its own stack: it
 * releases the preempt count and, if TIF_NEED_RESCHED is set again, schedules once more.
 */
public final class Sched {
    final SchedHost host;
    final Functions<LinuxFunction> fn;
    final SchedTunables tunables;
    final Rq[] rqs;
    final RtSchedClass rt;
    final FairSchedClass fair;
    final IdleSchedClass idle;
    final LoadBalancer balancer;
    final NohzBalancer nohz;
    private int lastPid;

    /** {@code sched_init}: a run queue and an idle task (pid 0, {@code swapper}) per CPU. */
    public Sched(SchedHost host, int cpus) {
        this.host = host;
        this.fn = host.functions();
        this.tunables = new SchedTunables(cpus, host.hz());
        this.rqs = new Rq[cpus];
        this.rt = new RtSchedClass(this);
        this.fair = new FairSchedClass(this);
        this.idle = new IdleSchedClass(this);
        this.balancer = new LoadBalancer(this);
        this.nohz = new NohzBalancer(this);
        for (int i = 0; i < cpus; i++) {
            Rq rq = new Rq(i);
            Task swapper = new Task(0, "swapper/" + i);
            swapper.schedClass = idle;
            swapper.staticPrio = PrioTables.MAX_PRIO;
            swapper.normalPrio = PrioTables.MAX_PRIO;
            swapper.prio = PrioTables.MAX_PRIO;
            swapper.cpu = i;
            swapper.cpusAllowed.set(i);
            swapper.nrCpusAllowed = 1;
            swapper.oncpu = true;
            swapper.preemptCount = 1; // the idle loop runs with preemption off
            rq.idle = swapper;
            rq.curr = swapper;
            rq.nextBalance = host.jiffies();
            rq.lastBalance = host.jiffies(); // SD_CPU_INIT's .last_balance = jiffies
            rqs[i] = rq;
        }
    }

    public int cpuCount() {
        return rqs.length;
    }

    public Task idleTask(int cpu) {
        return rqs[cpu].idle;
    }

    /** {@code cpu_curr(cpu)}. */
    public Task current(int cpu) {
        return rqs[cpu].curr;
    }

    /** {@code nr_running} of a CPU's queue. */
    public int nrRunning(int cpu) {
        return rqs[cpu].nrRunning;
    }

    /** {@code rq->nr_switches}. */
    public long nrSwitches(int cpu) {
        return rqs[cpu].nrSwitches;
    }

    /** x86's {@code TICK_NSEC}: the length of a tick the PIT can produce, in ns. */
    public long tickNsec() {
        return tunables.tickNsec;
    }

    /**
     * {@code rt_needs_cpu}: while a CPU's RT queue is throttled, the jiffies until its period ends (nohz must
     * wake it then); 0 otherwise.
     */
    public int rtNeedsCpu(int cpu) {
        Rq rq = rqs[cpu];
        if (!rq.rtThrottled) {
            return 0;
        }
        long ns = Math.max(0, rq.rtPeriodExpire - rq.clock);
        return (int) Math.max(1, ns * host.hz() / 1_000_000_000L);
    }

    /** {@code sched_clock_cpu}-based rq clock of a CPU, in ns. */
    public long rqClock(int cpu) {
        return rqs[cpu].clock;
    }

    // ---------------------------------------------------------------- fork

    /**
     * {@code copy_process} and {@code sched_fork}: a new task in TASK_RUNNING, not queued yet, with its
     * policy, priorities and weight set, on the first CPU it may use at or after {@code parentCpu}. With
     * CONFIG_PREEMPT its preempt count starts at one, released by its first {@code finish_task_switch}.
     */
    public Task forkTask(String comm, Policy policy, int rtPriority, int nice, List<Integer> cpus, int parentCpu) {
        Task p = new Task(++lastPid, comm);
        if (cpus.isEmpty()) {
            p.cpusAllowed.set(0, rqs.length);
        } else {
            cpus.forEach(p.cpusAllowed::set);
        }
        p.nrCpusAllowed = p.cpusAllowed.cardinality();
        p.staticPrio = PrioTables.niceToPrio(nice);
        setPolicy(p, policy, rtPriority);
        p.rtTimeSlice = host.hz(); // inherited from init_task, whose counter starts at HZ
        int cpu = p.cpusAllowed.nextSetBit(parentCpu);
        p.cpu = cpu >= 0 ? cpu : p.cpusAllowed.nextSetBit(0);
        p.preemptCount = 1;
        p.se.vruntime = rqs[p.cpu].cfs.minVruntime;
        return p;
    }

    /**
     * {@code wake_up_new_task}: queue the child. A CFS child (only the fair class has {@code task_new}) whose
     * parent is queued, in whatever class, goes through {@code task_new_fair} (start debit, child runs first);
     * otherwise, as when the idle task forks, it is activated plainly.
     */
    public void wakeUpNewTask(Cpu cpu, Task p) {
        fn.enter(cpu, WAKE_UP_NEW_TASK);
        Rq rq = rqs[p.cpu];
        updateRqClock(cpu, rq);
        Task parent = current(host.smpProcessorId(cpu));
        if (p.schedClass == fair && parent.se.onRq) {
            fair.taskNew(cpu, rq, p);
            incNrRunning(rq, p);
        } else {
            activateTask(cpu, rq, p, false);
        }
        if (cpu.tracing()) {
            fn.event(cpu, SchedEvent.Wakeup.of(true, p, true));
        }
        checkPreemptCurr(cpu, rq, p);
        p.schedClass.taskWakeUp(cpu, rq, p);
        fn.exit(cpu, WAKE_UP_NEW_TASK);
    }

    // ---------------------------------------------------------------- schedule()

    /**
     * {@code schedule()} on {@code cpu} for its current task. Returns true if it switched to another task,
     * in which case the caller's path is over.
     */
    public boolean schedule(Cpu cpu) {
        Rq rq = rqs[host.smpProcessorId(cpu)];
        Task prev = rq.curr;
        fn.enter(cpu, SCHEDULE);
        prev.preemptCount++;
        host.localIrqDisable(cpu);
        updateRqClock(cpu, rq);
        prev.needResched = false;
        boolean voluntary = false;
        if (prev.state != Task.TASK_RUNNING && (prev.preemptCount & Task.PREEMPT_ACTIVE) == 0) {
            if ((prev.state & Task.TASK_INTERRUPTIBLE) != 0 && prev.sigpending) {
                prev.state = Task.TASK_RUNNING;
            } else {
                deactivateTask(cpu, rq, prev, true);
            }
            voluntary = true;
        }
        prev.schedClass.preSchedule(cpu, rq, prev);
        if (rq.nrRunning == 0) {
            balancer.idleBalance(cpu, rq);
        }
        fn.enter(cpu, PUT_PREV_TASK);
        prev.schedClass.putPrevTask(cpu, rq, prev);
        fn.exit(cpu, PUT_PREV_TASK);
        Task next = pickNextTask(cpu, rq);
        if (next == prev) {
            prev.preemptCount--;
            host.localIrqEnable(cpu);
            fn.exit(cpu, SCHEDULE);
            return false;
        }
        rq.nrSwitches++;
        rq.curr = next;
        if (voluntary) {
            prev.nvcsw++;
        } else {
            prev.nivcsw++;
        }
        contextSwitch(cpu, rq, prev, next);
        fn.exit(cpu, SCHEDULE);
        return true;
    }

    /**
     * The tail of {@code schedule()} in the task just switched in ({@code finish_task_switch}, then
     * {@code preempt_enable_no_resched} and the TIF_NEED_RESCHED re-check). Returns true if it scheduled
     * away again, in which case the caller's path is over.
     */
    public boolean finishTaskSwitch(Cpu cpu) {
        Rq rq = rqs[host.smpProcessorId(cpu)];
        Task curr = rq.curr;
        fn.enter(cpu, FINISH_TASK_SWITCH);
        host.localIrqEnable(cpu);
        curr.schedClass.postSchedule(cpu, rq);
        fn.exit(cpu, FINISH_TASK_SWITCH);
        curr.preemptCount--;
        if (curr.needResched && schedule(cpu)) {
            return true;
        }
        curr.preemptCount &= ~Task.PREEMPT_ACTIVE;
        return false;
    }

    /**
     * {@code preempt_schedule_irq}: called from {@code resume_kernel} with interrupts off and a zero
     * preempt count; schedules with PREEMPT_ACTIVE so the interrupted task stays queued whatever its state.
     */
    public boolean preemptScheduleIrq(Cpu cpu) {
        Task curr = rqs[host.smpProcessorId(cpu)].curr;
        fn.enter(cpu, PREEMPT_SCHEDULE_IRQ);
        boolean switched = false;
        while (curr.needResched) {
            curr.preemptCount += Task.PREEMPT_ACTIVE;
            host.localIrqEnable(cpu);
            if (schedule(cpu)) {
                switched = true;
                break;
            }
            host.localIrqDisable(cpu);
            curr.preemptCount -= Task.PREEMPT_ACTIVE;
        }
        fn.exit(cpu, PREEMPT_SCHEDULE_IRQ);
        return switched;
    }

    /** {@code preempt_enable()}: drop the count and, at zero with a reschedule pending, {@code preempt_schedule}. */
    public boolean preemptEnable(Cpu cpu) {
        Task curr = rqs[host.smpProcessorId(cpu)].curr;
        curr.preemptCount--;
        if (!curr.needResched || curr.preemptCount != 0 || host.irqsDisabled(cpu)) {
            return false;
        }
        fn.enter(cpu, PREEMPT_SCHEDULE);
        boolean switched = false;
        while (curr.needResched) {
            curr.preemptCount += Task.PREEMPT_ACTIVE;
            if (schedule(cpu)) {
                switched = true;
                break;
            }
            curr.preemptCount -= Task.PREEMPT_ACTIVE;
        }
        fn.exit(cpu, PREEMPT_SCHEDULE);
        return switched;
    }

    private Task pickNextTask(Cpu cpu, Rq rq) {
        fn.enter(cpu, PICK_NEXT_TASK);
        Task next = null;
        if (rq.nrRunning == rq.cfs.nrRunning) {
            next = fair.pickNextTask(cpu, rq);
        }
        if (next == null) {
            next = rt.pickNextTask(cpu, rq);
        }
        if (next == null) {
            next = fair.pickNextTask(cpu, rq);
        }
        if (next == null) {
            next = idle.pickNextTask(cpu, rq);
        }
        fn.exit(cpu, PICK_NEXT_TASK);
        return next;
    }

    /** {@code context_switch}: switch the address space, then {@code switch_to} the next task's context. */
    private void contextSwitch(Cpu cpu, Rq rq, Task prev, Task next) {
        fn.enter(cpu, CONTEXT_SWITCH);
        if (cpu.tracing()) {
            fn.event(cpu, SchedEvent.Switch.of(prev, next));
        }
        fn.enter(cpu, SWITCH_TO);
        prev.oncpu = false;
        next.oncpu = true;
        long clock = host.schedClock(cpu);
        prev.cpuTimeNs += clock - prev.stintStart;
        next.stintStart = clock;
        if (next.wokenAt >= 0) {
            next.wakeupLatency.record(wallNs(cpu) - next.wokenAt);
            next.wokenAt = -1;
        }
        next.switchedIn = true;
        host.switchTo(cpu, next);
        fn.exit(cpu, SWITCH_TO);
        fn.exit(cpu, CONTEXT_SWITCH);
    }

    // ---------------------------------------------------------------- wake-ups

    /** {@code wake_up_process}: {@code try_to_wake_up(p, TASK_ALL, 0)}. */
    public boolean wakeUpProcess(Cpu cpu, Task p) {
        fn.enter(cpu, WAKE_UP_PROCESS);
        boolean woken = tryToWakeUp(cpu, p, Task.TASK_ALL, false);
        fn.exit(cpu, WAKE_UP_PROCESS);
        return woken;
    }

    /**
     * {@code signal_wake_up(t, 0)}, the scheduler's part of delivering a signal: set TIF_SIGPENDING, wake the
     * task if it sleeps interruptibly (its wait loop then sees the signal and returns -ERESTARTSYS), and if it
     * is running on another CPU, {@code kick_process}: a reschedule IPI, so that it notices the signal on
     * its way back to user mode. A task sleeping uninterruptibly is left asleep.
     */
    public void signalWakeUp(Cpu cpu, Task t) {
        t.sigpending = true;
        if (!tryToWakeUp(cpu, t, Task.TASK_INTERRUPTIBLE, false) && t.oncpu && t.cpu != host.smpProcessorId(cpu)) {
            host.sendReschedule(cpu, t.cpu);
        }
    }

    /**
     * {@code try_to_wake_up} in 2.6.25's order: state check ({@code out}), already queued
     * ({@code out_running}), running elsewhere ({@code out_activate}), the class's CPU choice, activation,
     * then {@code check_preempt_curr} after {@code out_running}, TASK_RUNNING, and the class's
     * {@code task_wake_up}.
     */
    public boolean tryToWakeUp(Cpu cpu, Task p, int stateMask, boolean sync) {
        fn.enter(cpu, TRY_TO_WAKE_UP);
        boolean success = false;
        if ((p.state & stateMask) != 0) {
            Rq rq = rqs[p.cpu];
            if (!p.se.onRq) {
                if (!p.oncpu) {
                    int target = p.schedClass.selectTaskRq(cpu, p);
                    if (target != p.cpu) {
                        setTaskCpu(cpu, p, target);
                        rq = rqs[target];
                    }
                }
                updateRqClock(cpu, rq);
                activateTask(cpu, rq, p, true);
                p.wokenAt = wallNs(cpu);
                success = true;
            }
            checkPreemptCurr(cpu, rq, p);
            p.state = Task.TASK_RUNNING;
            p.schedClass.taskWakeUp(cpu, rq, p);
        }
        if (cpu.tracing()) {
            fn.event(cpu, SchedEvent.Wakeup.of(false, p, success));
        }
        fn.exit(cpu, TRY_TO_WAKE_UP);
        return success;
    }

    /**
     * Wake-up latencies are measured in machine time, not {@code sched_clock}: under Xen each vcpu's
     * {@code sched_clock} leaves out its own stolen time, so two vcpus' clocks do not compare.
     */
    private static long wallNs(Cpu cpu) {
        return cpu.now() / Picos.PER_NANOSECOND;
    }

    /** {@code check_preempt_curr}: the running task's class judges the newcomer. */
    void checkPreemptCurr(Cpu cpu, Rq rq, Task p) {
        fn.enter(cpu, CHECK_PREEMPT_CURR);
        rq.curr.schedClass.checkPreemptCurr(cpu, rq, p);
        fn.exit(cpu, CHECK_PREEMPT_CURR);
    }

    /**
     * {@code resched_task}: set TIF_NEED_RESCHED; a task on another CPU also needs the reschedule IPI
     * (the idle loop halts rather than polls, so it always does).
     */
    void reschedTask(Cpu cpu, Task p) {
        fn.enter(cpu, RESCHED_TASK);
        if (!p.needResched) {
            p.needResched = true;
            if (p.cpu != host.smpProcessorId(cpu)) {
                host.sendReschedule(cpu, p.cpu);
            }
        }
        fn.exit(cpu, RESCHED_TASK);
    }

    // ---------------------------------------------------------------- queueing

    void activateTask(Cpu cpu, Rq rq, Task p, boolean wakeup) {
        fn.enter(cpu, ACTIVATE_TASK);
        enqueueTask(cpu, rq, p, wakeup);
        incNrRunning(rq, p);
        fn.exit(cpu, ACTIVATE_TASK);
    }

    void deactivateTask(Cpu cpu, Rq rq, Task p, boolean sleep) {
        fn.enter(cpu, DEACTIVATE_TASK);
        dequeueTask(cpu, rq, p, sleep);
        rq.nrRunning--;
        rq.load.sub(p.se.load.weight);
        fn.exit(cpu, DEACTIVATE_TASK);
    }

    private void enqueueTask(Cpu cpu, Rq rq, Task p, boolean wakeup) {
        fn.enter(cpu, ENQUEUE_TASK);
        p.schedClass.enqueueTask(cpu, rq, p, wakeup);
        p.se.onRq = true;
        fn.exit(cpu, ENQUEUE_TASK);
    }

    private void dequeueTask(Cpu cpu, Rq rq, Task p, boolean sleep) {
        fn.enter(cpu, DEQUEUE_TASK);
        p.schedClass.dequeueTask(cpu, rq, p, sleep);
        p.se.onRq = false;
        fn.exit(cpu, DEQUEUE_TASK);
    }

    private static void incNrRunning(Rq rq, Task p) {
        rq.nrRunning++;
        rq.load.add(p.se.load.weight);
    }

    /**
     * {@code set_task_cpu}: move a task that is not queued to another CPU, keeping its vruntime relative to
     * the queues' {@code min_vruntime}.
     */
    void setTaskCpu(Cpu cpu, Task p, int target) {
        if (cpu.tracing()) {
            fn.event(cpu, new SchedEvent.Migrate(p.comm(), p.pid(), p.prio, p.cpu, target));
        }
        p.se.vruntime -= rqs[p.cpu].cfs.minVruntime - rqs[target].cfs.minVruntime;
        p.cpu = target;
    }

    /**
     * {@code update_rq_clock}, only on the queue's own CPU: advance by {@code sched_clock}'s delta, one ns
     * if it went backwards, and never past one tick beyond the last tick's timestamp.
     */
    void updateRqClock(Cpu cpu, Rq rq) {
        if (rq.cpu != host.smpProcessorId(cpu)) {
            return;
        }
        long now = host.schedClock(cpu);
        long delta = now - rq.prevClockRaw;
        long clock = rq.clock;
        if (delta < 0) {
            clock++;
        } else if (clock + delta > rq.tickTimestamp + tunables.tickNsec) {
            clock = clock < rq.tickTimestamp + tunables.tickNsec ? rq.tickTimestamp + tunables.tickNsec : clock + 1;
        } else {
            clock += delta;
        }
        rq.prevClockRaw = now;
        rq.clock = clock;
    }

    // ---------------------------------------------------------------- the tick

    /**
     * {@code scheduler_tick}: the clock moves at least a tick, the load history, the running class's
     * {@code task_tick}, RT throttling's period, and whether to balance.
     */
    public void schedulerTick(Cpu cpu) {
        Rq rq = rqs[host.smpProcessorId(cpu)];
        fn.enter(cpu, SCHEDULER_TICK);
        long nextTick = rq.tickTimestamp + tunables.tickNsec;
        updateRqClock(cpu, rq);
        if (rq.clock < nextTick) {
            rq.clock = nextTick;
        }
        rq.tickTimestamp = rq.clock;
        long clock = host.schedClock(cpu);
        rq.curr.cpuTimeNs += clock - rq.curr.stintStart;
        rq.curr.stintStart = clock;
        updateCpuLoad(cpu, rq);
        rq.curr.schedClass.taskTick(cpu, rq, rq.curr);
        rt.updateSchedRtPeriod(cpu, rq);
        rq.idleAtTick = rq.curr == rq.idle;
        fn.enter(cpu, TRIGGER_LOAD_BALANCE);
        if (nohz.tick(cpu, rq) && Jiffies.timeAfterEq(host.jiffies(), rq.nextBalance)) {
            host.raiseSchedSoftirq(cpu);
        }
        fn.exit(cpu, TRIGGER_LOAD_BALANCE);
        fn.exit(cpu, SCHEDULER_TICK);
    }

    /** {@code update_cpu_load}: five decaying averages of the queue's weight, fast to slow. */
    private void updateCpuLoad(Cpu cpu, Rq rq) {
        fn.enter(cpu, UPDATE_CPU_LOAD);
        long thisLoad = rq.load.weight;
        for (int i = 0, scale = 1; i < Rq.CPU_LOAD_IDX_MAX; i++, scale += scale) {
            long old = rq.cpuLoad[i];
            long fresh = thisLoad > old ? thisLoad + scale - 1 : thisLoad;
            rq.cpuLoad[i] = (old * (scale - 1) + fresh) >> i;
        }
        fn.exit(cpu, UPDATE_CPU_LOAD);
    }

    /**
     * {@code select_nohz_load_balancer}, from the tick code: true when this CPU, about to stop its tick, must
     * keep it as the idle load balancer.
     */
    public boolean selectNohzLoadBalancer(Cpu cpu, boolean stopTick) {
        return nohz.select(cpu, stopTick);
    }

    /** The SCHED_SOFTIRQ handler, {@code run_rebalance_domains}. */
    public void runRebalanceDomains(Cpu cpu) {
        balancer.runRebalanceDomains(cpu, rqs[host.smpProcessorId(cpu)]);
    }

    // ---------------------------------------------------------------- system calls

    /** {@code sys_sched_yield}'s work: the class's {@code yield_task}, then {@code schedule()}. */
    public boolean yield(Cpu cpu) {
        Rq rq = rqs[host.smpProcessorId(cpu)];
        rq.curr.schedClass.yieldTask(cpu, rq);
        return schedule(cpu);
    }

    /**
     * {@code sched_setscheduler}: requeue the task under its new class and priority; a running task that
     * lost priority is rescheduled, a queued one is judged as a newcomer.
     */
    public void setScheduler(Cpu cpu, Task p, Policy policy, int rtPriority) {
        fn.enter(cpu, SCHED_SETSCHEDULER);
        Rq rq = rqs[p.cpu];
        updateRqClock(cpu, rq);
        boolean onRq = p.se.onRq;
        boolean running = rq.curr == p;
        if (onRq) {
            deactivateTask(cpu, rq, p, false);
            if (running) {
                p.schedClass.putPrevTask(cpu, rq, p);
            }
        }
        int oldPrio = p.prio;
        setPolicy(p, policy, rtPriority);
        if (running) {
            p.schedClass.setCurrTask(rq);
        }
        if (onRq) {
            activateTask(cpu, rq, p, false);
            if (running) {
                if (p.prio > oldPrio) {
                    reschedTask(cpu, rq.curr);
                }
            } else {
                checkPreemptCurr(cpu, rq, p);
            }
        }
        fn.exit(cpu, SCHED_SETSCHEDULER);
    }

    /** {@code set_user_nice}: a CFS task's weight changes; a real-time task only remembers the nice value. */
    public void setUserNice(Cpu cpu, Task p, int nice) {
        fn.enter(cpu, SET_USER_NICE);
        Rq rq = rqs[p.cpu];
        updateRqClock(cpu, rq);
        if (p.policy.isRealtime()) {
            p.staticPrio = PrioTables.niceToPrio(nice);
        } else {
            boolean onRq = p.se.onRq;
            if (onRq) {
                dequeueTask(cpu, rq, p, false);
                rq.load.sub(p.se.load.weight);
            }
            int oldPrio = p.prio;
            p.staticPrio = PrioTables.niceToPrio(nice);
            setLoadWeight(p);
            p.normalPrio = p.staticPrio;
            p.prio = p.normalPrio;
            if (onRq) {
                enqueueTask(cpu, rq, p, false);
                rq.load.add(p.se.load.weight);
                int delta = p.prio - oldPrio;
                if (delta < 0 || (delta > 0 && rq.curr == p)) {
                    reschedTask(cpu, rq.curr);
                }
            }
        }
        fn.exit(cpu, SET_USER_NICE);
    }

    /** {@code do_exit}'s last act: TASK_DEAD and a final {@code schedule()} that never returns. */
    public void exit(Cpu cpu) {
        rqs[host.smpProcessorId(cpu)].curr.state = Task.TASK_DEAD;
        schedule(cpu);
    }

    /** {@code __setscheduler} with {@code set_load_weight}: class, priorities and weight from the policy. */
    private void setPolicy(Task p, Policy policy, int rtPriority) {
        p.policy = policy;
        p.rtPriority = rtPriority;
        p.schedClass = policy.isRealtime() ? rt : fair;
        p.normalPrio = policy.isRealtime() ? PrioTables.MAX_RT_PRIO - 1 - rtPriority : p.staticPrio;
        p.prio = p.normalPrio;
        setLoadWeight(p);
    }

    private static void setLoadWeight(Task p) {
        if (p.policy.isRealtime()) {
            p.se.load.set(PrioTables.PRIO_TO_WEIGHT[0] * 2, PrioTables.PRIO_TO_WMULT[0] >> 1);
        } else if (p.policy == Policy.IDLE) {
            p.se.load.set(PrioTables.WEIGHT_IDLEPRIO, PrioTables.WMULT_IDLEPRIO);
        } else {
            int index = p.staticPrio - PrioTables.MAX_RT_PRIO;
            p.se.load.set(PrioTables.PRIO_TO_WEIGHT[index], PrioTables.PRIO_TO_WMULT[index]);
        }
    }
}
