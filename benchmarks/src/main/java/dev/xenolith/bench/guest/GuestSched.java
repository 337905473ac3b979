package dev.xenolith.bench.guest;

import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.machine.cpu.Cpu;
import java.util.Arrays;
import java.util.List;

/**
 * Ours: the guest kernel's real scheduler ({@code kernel/sched.c} with its CFS and RT classes) on one CPU of
 * a {@link BenchSchedHost}, driven through its public API. Tasks are forked and woken as
 * {@code wake_up_new_task} does, then the idle task schedules the first of them in.
 */
final class GuestSched implements SchedDriver {
    private static final List<Integer> ANY_CPU = List.of();
    /** The guest's {@code TICK_NSEC} at the benchmarks' HZ, for the baselines' rq clock rules. */
    static final long TICK_NSEC = new Sched(new BenchSchedHost(), 1).tickNsec();

    final BenchSchedHost host = new BenchSchedHost();
    final Sched sched = new Sched(host, 1);
    private final Cpu cpu = host.cpu;
    private final Task[] tasks;

    /** Task {@code i} gets {@code policies[i]} and, for FIFO or RR, {@code rtPriorities[i]} (1..99). */
    GuestSched(Policy[] policies, int[] rtPriorities) {
        tasks = new Task[policies.length];
        cpu.runPath(() -> {
            for (int i = 0; i < tasks.length; i++) {
                int rtPriority = policies[i].isRealtime() ? rtPriorities[i] : 0;
                tasks[i] = sched.forkTask("t" + i, policies[i], rtPriority, 0, ANY_CPU, 0);
                sched.wakeUpNewTask(cpu, tasks[i]);
            }
            schedule();
        });
    }

    /** {@code count} SCHED_NORMAL tasks at nice 0. */
    static GuestSched cfs(int count) {
        Policy[] policies = new Policy[count];
        Arrays.fill(policies, Policy.NORMAL);
        return new GuestSched(policies, new int[count]);
    }

    Task task(int i) {
        return tasks[i];
    }

    @Override
    public void run(Runnable op) {
        cpu.runPath(op);
    }

    @Override
    public void advance(long ns) {
        host.advance(ns);
    }

    @Override
    public void tick() {
        sched.schedulerTick(cpu);
    }

    @Override
    public void schedule() {
        boolean switched = sched.schedule(cpu);
        while (switched) {
            // the task switched in continues in schedule()'s tail, which reschedules if asked to meanwhile
            switched = sched.finishTaskSwitch(cpu);
        }
    }

    @Override
    public void sleepCurrent() {
        sched.current(0).setState(Task.TASK_INTERRUPTIBLE);
        schedule();
    }

    @Override
    public void wake(int task) {
        sched.tryToWakeUp(cpu, tasks[task], Task.TASK_NORMAL, false);
    }

    @Override
    public int current() {
        // forkTask hands out pids 1, 2, ... in order; the idle task is pid 0
        return sched.current(0).pid() - 1;
    }

    @Override
    public boolean needResched() {
        return sched.current(0).needResched();
    }

    @Override
    public long tickNsec() {
        return sched.tickNsec();
    }
}
