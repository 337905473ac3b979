package dev.xenolith.bench.guest;

/**
 * The steps a scheduler benchmark takes on one CPU, with tasks numbered from 0 in creation order, so that
 * the guest's scheduler and a {@code java.util} baseline are driven through exactly the same sequence (and
 * a test can check that both then make the same decisions).
 */
interface SchedDriver {

    /** Runs {@code op} as one kernel path on the benchmark's CPU: the harness cost is the same for both. */
    void run(Runnable op);

    /** Moves {@code sched_clock} on by {@code ns}. */
    void advance(long ns);

    /** {@code scheduler_tick}. */
    void tick();

    /**
     * {@code schedule()} for the current task and, after a switch, the tail the task switched in runs
     * ({@code finish_task_switch}, which may schedule again).
     */
    void schedule();

    /** {@code set_current_state(TASK_INTERRUPTIBLE)} and {@code schedule()}: the current task sleeps. */
    void sleepCurrent();

    /** {@code try_to_wake_up(task, TASK_NORMAL, 0)}. */
    void wake(int task);

    /** The current task's number; -1 for the idle task. */
    int current();

    /** TIF_NEED_RESCHED of the current task. */
    boolean needResched();

    /** {@code sched_clock}'s tick length in ns (x86's {@code TICK_NSEC} at the benchmark's HZ). */
    long tickNsec();
}
