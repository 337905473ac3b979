package dev.xenolith.guest.sched;

import dev.xenolith.guest.task.Policy;
import dev.xenolith.machine.cpu.Context;
import java.util.BitSet;

/**
 * A task's scheduling half of {@code struct task_struct} and its {@code thread_info}: state, policy and
 * priorities, the class it belongs to, the CFS entity and RT list links embedded in it, its CPU and
 * affinity, the preempt count and the reschedule and signal flags, and what {@code /proc} would show
 * (switch counts, CPU time, wakeup latencies). What the task executes is the kernel's business; the
 * scheduler only needs the machine context to switch to.
 */
public final class Task {
    /** {@code TASK_RUNNING}, {@code TASK_INTERRUPTIBLE}, {@code TASK_UNINTERRUPTIBLE}, {@code TASK_DEAD} (2.6.25). */
    public static final int TASK_RUNNING = 0;
    public static final int TASK_INTERRUPTIBLE = 1;
    public static final int TASK_UNINTERRUPTIBLE = 2;
    public static final int TASK_DEAD = 64;
    /** {@code TASK_NORMAL} and {@code TASK_ALL}, the masks wake-ups use in 2.6.25. */
    public static final int TASK_NORMAL = TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE;
    public static final int TASK_ALL = TASK_NORMAL | 4 | 8;
    /** {@code PREEMPT_ACTIVE} on x86_32. */
    static final int PREEMPT_ACTIVE = 0x1000_0000;
    /** {@code DEF_TIMESLICE}: 100 ms of ticks at any HZ; init_task's counter starts at HZ. */
    static int defTimeslice(int hz) {
        return 100 * hz / 1000;
    }

    private final int pid;
    private final String comm;
    private Context context;

    int state = TASK_RUNNING;
    Policy policy = Policy.NORMAL;
    int rtPriority;
    int staticPrio;
    int normalPrio;
    int prio;
    SchedClass schedClass;
    final SchedEntity se = new SchedEntity(this);

    // sched_rt_entity: the link in its priority list, and the RR slice in ticks
    Task rtNext;
    Task rtPrev;
    int rtTimeSlice;

    int cpu;
    final BitSet cpusAllowed = new BitSet();
    int nrCpusAllowed;
    boolean oncpu;
    boolean switchedIn;

    // thread_info
    int preemptCount;
    boolean needResched;
    boolean sigpending;

    long nvcsw;
    long nivcsw;
    long cpuTimeNs;
    long stintStart;
    long wokenAt = -1;
    final LatencyHistogram wakeupLatency = new LatencyHistogram();

    Task(int pid, String comm) {
        this.pid = pid;
        this.comm = comm;
    }

    public int pid() {
        return pid;
    }

    public String comm() {
        return comm;
    }

    /** The machine context that runs this task when it is switched in. */
    public Context context() {
        return context;
    }

    public void setContext(Context context) {
        this.context = context;
    }

    /**
     * Whether the task was just switched in, so its context must first run the tail of the
     * {@code schedule()} that switched it out ({@link Sched#finishTaskSwitch}); reading clears it.
     */
    public boolean takeSwitchIn() {
        boolean was = switchedIn;
        switchedIn = false;
        return was;
    }

    public int state() {
        return state;
    }

    /** {@code set_current_state}. */
    public void setState(int state) {
        this.state = state;
    }

    public Policy policy() {
        return policy;
    }

    public int rtPriority() {
        return rtPriority;
    }

    public int nice() {
        return PrioTables.prioToNice(staticPrio);
    }

    /** {@code task_cpu}. */
    public int cpu() {
        return cpu;
    }

    public int preemptCount() {
        return preemptCount;
    }

    public void preemptDisable() {
        preemptCount++;
    }

    /** {@code preempt_enable_no_resched}: callers that can reschedule call {@link Sched#preemptEnable}. */
    public void preemptEnableNoResched() {
        preemptCount--;
    }

    /** {@code test_tsk_need_resched} / TIF_NEED_RESCHED. */
    public boolean needResched() {
        return needResched;
    }

    /** {@code signal_pending}: TIF_SIGPENDING. */
    public boolean signalPending() {
        return sigpending;
    }

    /**
     * Marks a signal that the task does not handle as pending (TIF_SIGPENDING), and nothing more: a task
     * asleep in a wait loop only sees it once something wakes it. {@link Sched#signalWakeUp} is the whole
     * of {@code signal_wake_up}.
     */
    public void raiseSignal() {
        sigpending = true;
    }

    /** The signal is dealt with on the way back to user mode. */
    public void clearSignal() {
        sigpending = false;
    }

    /**
     * CFS's account of the task's runtime, in ns ({@code se.sum_exec_runtime}): what its virtual runtime is
     * built from. Under Xen it runs ahead of the task's real CPU time, because 2.6.25's scheduler_tick moves
     * the run queue's clock on by at least a tick per tick even when the vcpu lost most of that tick.
     */
    public long runtimeNs() {
        return se.sumExecRuntime;
    }

    /**
     * The CPU time the task has had, in ns, by {@code sched_clock} read at its context switches and ticks
     * (to within one tick for a task running now): natively the time it ran, under Xen without the time
     * other vcpus stole. This is what statistics report.
     */
    public long cpuTimeNs() {
        return cpuTimeNs;
    }

    /** Voluntary context switches ({@code nvcsw}). */
    public long voluntarySwitches() {
        return nvcsw;
    }

    /** Involuntary context switches ({@code nivcsw}). */
    public long involuntarySwitches() {
        return nivcsw;
    }

    /** Time from each wake-up to running, in ns. */
    public LatencyHistogram wakeupLatency() {
        return wakeupLatency;
    }

    public boolean isRealtime() {
        return prio < PrioTables.MAX_RT_PRIO;
    }

    @Override
    public String toString() {
        return comm + ":" + pid;
    }
}
