package dev.xenolith.bench.guest;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The baseline for the guest's RT class: SCHED_FIFO tasks on one CPU scheduled step for step as
 * {@code Sched} and {@code RtSchedClass} do (rq clock, {@code update_curr_rt} with the throttling check,
 * {@code check_preempt_curr_rt}, the running task staying at the head of its priority), but with the 100
 * priority lists and their bitmap replaced by what the JDK offers: one {@code java.util.PriorityQueue}
 * ordered by (priority, sequence), the sequence keeping each priority FIFO. It leaves out the traced-function
 * hooks and statistics; {@code RtEquivalenceTest} checks that it picks the same tasks as the guest.
 */
final class PriorityQueueRt extends BaselineRunQueue {
    private static final int MAX_RT_PRIO = 100;
    private static final long RT_RUNTIME = 950_000_000L;
    private static final int TASK_RUNNING = 0;
    private static final int TASK_INTERRUPTIBLE = 1;
    private static final int TASK_NORMAL = 3;

    static final class Entity {
        final int id;
        final int prio;
        long seq;
        int state = TASK_RUNNING;
        boolean needResched;
        boolean onRq;
        long execStart;
        long sumExecRuntime;
        long nvcsw;
        long nivcsw;

        Entity(int id, int prio) {
            this.id = id;
            this.prio = prio;
        }
    }

    private static final class ByPriority implements Comparator<Entity> {
        @Override
        public int compare(Entity a, Entity b) {
            int c = Integer.compare(a.prio, b.prio);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
        }
    }

    private final Entity idle = new Entity(-1, MAX_RT_PRIO + 40);
    private final Entity[] tasks;
    private final PriorityQueue<Entity> queue;
    private long seq;
    private int nrRunning;
    private long nrSwitches;
    private Entity curr = idle;
    private int rtNrRunning;
    private boolean overloaded;
    private boolean rtThrottled;
    private long rtTime;

    /** Task {@code i} is SCHED_FIFO at {@code rtPriorities[i]} (1..99); all are queued, then one is picked. */
    PriorityQueueRt(int[] rtPriorities, long tickNsec) {
        super(tickNsec);
        tasks = new Entity[rtPriorities.length];
        queue = new PriorityQueue<>(rtPriorities.length, new ByPriority());
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = new Entity(i, MAX_RT_PRIO - 1 - rtPriorities[i]);
            activateTask(tasks[i]);
        }
        curr.needResched = true;
        schedule();
    }

    @Override
    public int current() {
        return curr.id;
    }

    @Override
    public boolean needResched() {
        return curr.needResched;
    }

    @Override
    public void tick() {
        throw new UnsupportedOperationException("the RT benchmarks do not tick");
    }

    // ---------------------------------------------------------------- schedule()

    @Override
    void markCurrentSleeping() {
        curr.state = TASK_INTERRUPTIBLE;
    }

    @Override
    boolean scheduleOnce() {
        Entity prev = curr;
        updateRqClock();
        prev.needResched = false;
        boolean voluntary = false;
        if (prev.state != TASK_RUNNING) {
            deactivateTask(prev);
            voluntary = true;
        }
        // pre_schedule_rt would pull from an overloaded CPU: there is no other CPU
        if (prev != idle) { // put_prev_task_rt
            updateCurrRt();
            prev.execStart = 0;
        }
        Entity next = idle;
        if (rtNrRunning > 0 && !rtThrottled) { // pick_next_task_rt
            next = queue.peek();
            next.execStart = clock;
        }
        if (next == prev) {
            return false;
        }
        nrSwitches++;
        curr = next;
        if (voluntary) {
            prev.nvcsw++;
        } else {
            prev.nivcsw++;
        }
        return true;
    }

    private void activateTask(Entity p) {
        p.seq = seq++;
        queue.add(p);
        rtNrRunning++;
        overloaded = false; // more than one RT task, but none may migrate: one CPU
        p.onRq = true;
        nrRunning++;
    }

    private void deactivateTask(Entity p) {
        updateCurrRt();
        if (queue.peek() == p) {
            queue.poll();
        } else {
            queue.remove(p);
        }
        rtNrRunning--;
        overloaded = false;
        p.onRq = false;
        nrRunning--;
    }

    /** {@code update_curr_rt}: charge the running task, throttling the queue past its runtime. */
    private void updateCurrRt() {
        if (curr == idle) {
            return;
        }
        long delta = Math.max(0, clock - curr.execStart);
        curr.sumExecRuntime += delta;
        curr.execStart = clock;
        rtTime += delta;
        if (!rtThrottled && rtTime > RT_RUNTIME) {
            rtThrottled = true;
            curr.needResched = true;
        }
    }

    // ---------------------------------------------------------------- try_to_wake_up

    @Override
    public void wake(int task) {
        Entity p = tasks[task];
        if ((p.state & TASK_NORMAL) == 0) {
            return;
        }
        if (!p.onRq) {
            updateRqClock();
            activateTask(p);
        }
        if (p.prio < curr.prio) { // check_preempt_curr_rt (and the idle class's: anything preempts it)
            curr.needResched = true;
        }
        p.state = TASK_RUNNING;
        // task_wake_up_rt pushes only from an overloaded queue
    }
}
