package dev.xenolith.guest.sched;

import static dev.xenolith.guest.LinuxFunction.CHECK_PREEMPT_CURR_RT;
import static dev.xenolith.guest.LinuxFunction.DEQUEUE_TASK_RT;
import static dev.xenolith.guest.LinuxFunction.ENQUEUE_TASK_RT;
import static dev.xenolith.guest.LinuxFunction.PICK_NEXT_TASK_RT;
import static dev.xenolith.guest.LinuxFunction.PULL_RT_TASK;
import static dev.xenolith.guest.LinuxFunction.PUSH_RT_TASKS;
import static dev.xenolith.guest.LinuxFunction.PUT_PREV_TASK_RT;
import static dev.xenolith.guest.LinuxFunction.SELECT_TASK_RQ_RT;
import static dev.xenolith.guest.LinuxFunction.TASK_TICK_RT;
import static dev.xenolith.guest.LinuxFunction.UPDATE_CURR_RT;
import static dev.xenolith.guest.LinuxFunction.UPDATE_SCHED_RT_PERIOD;
import static dev.xenolith.guest.LinuxFunction.YIELD_TASK_RT;

import dev.xenolith.guest.task.Policy;
import dev.xenolith.machine.cpu.Cpu;

/**
 * The real-time class of {@code kernel/sched_rt.c} in 2.6.25: FIFO lists per priority with a bitmap, RR's
 * tick-counted slice (requeued only when another task shares the priority), strict-priority wake-up
 * preemption, tick-driven throttling (950 ms of RT per 1 s period), and push/pull between CPUs: a queue
 * with more than one RT task pushes the surplus to a CPU running something of lower priority, and a CPU
 * whose RT priority drops pulls a higher one that waits elsewhere.
 *
 * <p>Simplified: there is one root domain over all CPUs and the lowest-priority CPU search is a linear
 * scan (2.6.27's {@code cpupri} is later).
 */
final class RtSchedClass implements SchedClass {
    private final Sched sched;

    RtSchedClass(Sched sched) {
        this.sched = sched;
    }

    @Override
    public void enqueueTask(Cpu cpu, Rq rq, Task p, boolean wakeup) {
        sched.fn.enter(cpu, ENQUEUE_TASK_RT);
        rq.rt.enqueue(p);
        updateOverload(rq);
        sched.fn.exit(cpu, ENQUEUE_TASK_RT);
    }

    @Override
    public void dequeueTask(Cpu cpu, Rq rq, Task p, boolean sleep) {
        sched.fn.enter(cpu, DEQUEUE_TASK_RT);
        updateCurrRt(cpu, rq);
        rq.rt.dequeue(p);
        updateOverload(rq);
        sched.fn.exit(cpu, DEQUEUE_TASK_RT);
    }

    @Override
    public void yieldTask(Cpu cpu, Rq rq) {
        sched.fn.enter(cpu, YIELD_TASK_RT);
        rq.rt.requeue(rq.curr);
        sched.fn.exit(cpu, YIELD_TASK_RT);
    }

    /** {@code check_preempt_curr_rt}: only a strictly higher priority preempts. */
    @Override
    public void checkPreemptCurr(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, CHECK_PREEMPT_CURR_RT);
        if (p.prio < rq.curr.prio) {
            sched.reschedTask(cpu, rq.curr);
        }
        sched.fn.exit(cpu, CHECK_PREEMPT_CURR_RT);
    }

    @Override
    public Task pickNextTask(Cpu cpu, Rq rq) {
        if (rq.rt.rtNrRunning == 0 || rq.rt.rtThrottled) {
            return null;
        }
        sched.fn.enter(cpu, PICK_NEXT_TASK_RT);
        Task next = rq.rt.head(rq.rt.highestPrio());
        next.se.execStart = rq.clock;
        sched.fn.exit(cpu, PICK_NEXT_TASK_RT);
        return next;
    }

    @Override
    public void putPrevTask(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, PUT_PREV_TASK_RT);
        updateCurrRt(cpu, rq);
        p.se.execStart = 0;
        sched.fn.exit(cpu, PUT_PREV_TASK_RT);
    }

    /** {@code task_tick_rt}: account; RR counts its slice down and, when it runs out, yields to its peers. */
    @Override
    public void taskTick(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, TASK_TICK_RT);
        updateCurrRt(cpu, rq);
        if (p.policy == Policy.RR && --p.rtTimeSlice == 0) {
            p.rtTimeSlice = sched.tunables.defTimeslice;
            if (rq.rt.hasPeers(p)) {
                rq.rt.requeue(p);
                p.needResched = true;
            }
        }
        sched.fn.exit(cpu, TASK_TICK_RT);
    }

    @Override
    public void setCurrTask(Rq rq) {
        rq.curr.se.execStart = rq.clock;
    }

    /** {@code select_task_rq_rt}: a wakee that would wait behind a running RT task looks for a lower CPU. */
    @Override
    public int selectTaskRq(Cpu cpu, Task p) {
        Rq rq = sched.rqs[p.cpu];
        if (rq.curr.isRealtime() && p.nrCpusAllowed > 1) {
            int lowest = findLowestRq(cpu, p);
            return lowest < 0 ? p.cpu : lowest;
        }
        return p.cpu;
    }

    /** {@code pre_schedule_rt}: pull when the RT task leaving had a higher priority than anything queued here. */
    @Override
    public void preSchedule(Cpu cpu, Rq rq, Task prev) {
        if (prev.isRealtime() && rq.rt.highestPrio() > prev.prio) {
            pullRtTask(cpu, rq);
        }
    }

    /** {@code post_schedule_rt}: an overloaded queue pushes. */
    @Override
    public void postSchedule(Cpu cpu, Rq rq) {
        if (rq.rt.overloaded) {
            pushRtTasks(cpu, rq);
        }
    }

    /** {@code task_wake_up_rt}: a wakee that does not run at once here may be pushed elsewhere. */
    @Override
    public void taskWakeUp(Cpu cpu, Rq rq, Task p) {
        if (!p.oncpu && !rq.curr.needResched && rq.rt.overloaded) {
            pushRtTasks(cpu, rq);
        }
    }

    // ---------------------------------------------------------------- throttling

    /** {@code update_curr_rt}: charge the running RT task; over the period's runtime, throttle the queue. */
    private void updateCurrRt(Cpu cpu, Rq rq) {
        Task curr = rq.curr;
        if (!curr.isRealtime()) {
            return;
        }
        sched.fn.enter(cpu, UPDATE_CURR_RT);
        long delta = Math.max(0, rq.clock - curr.se.execStart);
        curr.se.sumExecRuntime += delta;
        curr.se.execStart = rq.clock;
        rq.rt.rtTime += delta;
        if (!rq.rt.rtThrottled && rq.rt.rtTime > sched.tunables.rtRuntime) {
            rq.rt.rtThrottled = true;
            rq.rtThrottled = true;
            sched.reschedTask(cpu, curr);
        }
        sched.fn.exit(cpu, UPDATE_CURR_RT);
    }

    /**
     * {@code update_sched_rt_period}, every tick: each elapsed period forgives a period's runtime and lifts
     * the throttle once the debt is below it.
     */
    void updateSchedRtPeriod(Cpu cpu, Rq rq) {
        sched.fn.enter(cpu, UPDATE_SCHED_RT_PERIOD);
        SchedTunables t = sched.tunables;
        while (rq.clock > rq.rtPeriodExpire) {
            rq.rtPeriodExpire += t.rtPeriod;
            rq.rt.rtTime -= Math.min(rq.rt.rtTime, t.rtRuntime);
            if (rq.rt.rtThrottled && rq.rt.rtTime < t.rtRuntime) {
                rq.rt.rtThrottled = false;
                rq.rtThrottled = false;
                if (rq.rt.rtNrRunning > 0) {
                    sched.reschedTask(cpu, rq.curr);
                }
            }
        }
        sched.fn.exit(cpu, UPDATE_SCHED_RT_PERIOD);
    }

    // ---------------------------------------------------------------- push and pull

    /** An RT queue is overloaded with more than one RT task of which one could migrate. */
    private static void updateOverload(Rq rq) {
        rq.rt.overloaded = rq.rt.rtNrRunning > 1 && rq.rt.rtNrMigratory > 0;
    }

    /** {@code push_rt_tasks}: move queued RT tasks to CPUs that run something of lower priority. */
    private void pushRtTasks(Cpu cpu, Rq rq) {
        sched.fn.enter(cpu, PUSH_RT_TASKS);
        for (Task next = nextHighestTask(rq, -1); next != null; next = nextHighestTask(rq, -1)) {
            if (next.prio < rq.curr.prio) {
                sched.reschedTask(cpu, rq.curr); // it will run here next: nothing to push
                break;
            }
            int target = findLowestRq(cpu, next);
            if (target < 0 || target == rq.cpu) {
                break;
            }
            migrate(cpu, rq, next, sched.rqs[target]);
        }
        sched.fn.exit(cpu, PUSH_RT_TASKS);
    }

    /** {@code pull_rt_task}: take the best waiting RT task from an overloaded CPU if it beats ours. */
    private void pullRtTask(Cpu cpu, Rq thisRq) {
        sched.fn.enter(cpu, PULL_RT_TASK);
        for (Rq src : sched.rqs) {
            if (src == thisRq || !src.rt.overloaded) {
                continue;
            }
            Task candidate = nextHighestTask(src, thisRq.cpu);
            // one that beats its CPU's current task is about to run there: leave it
            if (candidate != null && candidate.prio < thisRq.rt.highestPrio() && candidate.prio >= src.curr.prio) {
                migrate(cpu, src, candidate, thisRq);
            }
        }
        sched.fn.exit(cpu, PULL_RT_TASK);
    }

    private void migrate(Cpu cpu, Rq from, Task p, Rq to) {
        sched.deactivateTask(cpu, from, p, false);
        sched.setTaskCpu(cpu, p, to.cpu);
        sched.activateTask(cpu, to, p, false);
        sched.reschedTask(cpu, to.curr);
    }

    /**
     * {@code pick_next_highest_task_rt}: the highest-priority queued RT task that is not running and may
     * run on {@code cpu} (any other CPU when {@code cpu} is -1).
     */
    private static Task nextHighestTask(Rq rq, int cpu) {
        for (int prio = rq.rt.highestPrio(); prio < PrioTables.MAX_RT_PRIO; prio++) {
            for (Task p = rq.rt.head(prio); p != null; p = p.rtNext) {
                boolean fits = cpu < 0 ? p.nrCpusAllowed > 1 : p.cpusAllowed.get(cpu);
                if (p != rq.curr && fits) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * {@code find_lowest_rq}: a CPU the task may use whose highest RT priority is below the task's; a CPU
     * without RT work wins at once; among the others the task's own CPU, then the lowest-numbered.
     */
    private int findLowestRq(Cpu running, Task task) {
        sched.fn.enter(running, SELECT_TASK_RQ_RT);
        int found = -1;
        for (int cpu = task.cpusAllowed.nextSetBit(0); cpu >= 0; cpu = task.cpusAllowed.nextSetBit(cpu + 1)) {
            Rq rq = sched.rqs[cpu];
            int highest = Math.min(rq.rt.highestPrio(), rq.curr.prio);
            if (highest >= PrioTables.MAX_RT_PRIO && !rq.curr.isRealtime()) {
                found = cpu;
                break;
            }
            if (highest > task.prio && (found < 0 || cpu == task.cpu)) {
                found = cpu;
            }
        }
        sched.fn.exit(running, SELECT_TASK_RQ_RT);
        return found;
    }
}
