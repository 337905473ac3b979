package dev.xenolith.guest.sched;

import static dev.xenolith.guest.LinuxFunction.CHECK_PREEMPT_TICK;
import static dev.xenolith.guest.LinuxFunction.CHECK_PREEMPT_WAKEUP;
import static dev.xenolith.guest.LinuxFunction.DEQUEUE_TASK_FAIR;
import static dev.xenolith.guest.LinuxFunction.ENQUEUE_TASK_FAIR;
import static dev.xenolith.guest.LinuxFunction.PICK_NEXT_TASK_FAIR;
import static dev.xenolith.guest.LinuxFunction.PLACE_ENTITY;
import static dev.xenolith.guest.LinuxFunction.PUT_PREV_TASK_FAIR;
import static dev.xenolith.guest.LinuxFunction.TASK_NEW_FAIR;
import static dev.xenolith.guest.LinuxFunction.TASK_TICK_FAIR;
import static dev.xenolith.guest.LinuxFunction.UPDATE_CURR;
import static dev.xenolith.guest.LinuxFunction.YIELD_TASK_FAIR;

import dev.xenolith.guest.lib.RbNode;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.machine.cpu.Cpu;

/**
 * CFS as {@code kernel/sched_fair.c} has it in 2.6.25, without group scheduling: each task's virtual runtime
 * grows by its real runtime scaled by NICE_0_LOAD / weight; the timeline is a red-black tree keyed by
 * {@code vruntime - min_vruntime} with the leftmost cached; {@code min_vruntime} only rises, when a new
 * leftmost is inserted or the leftmost leaves; a task runs until it has had its {@code sched_slice} of the
 * period (checked at ticks: no HRTICK without high-resolution timers); a waking task is placed a latency
 * before {@code min_vruntime} (NEW_FAIR_SLEEPERS), a new one a virtual slice after it (START_DEBIT); and a
 * waking task preempts when it is more than the wake-up granularity behind, with 2.6.25's buddy.
 */
final class FairSchedClass implements SchedClass {
    private final Sched sched;

    FairSchedClass(Sched sched) {
        this.sched = sched;
    }

    @Override
    public void enqueueTask(Cpu cpu, Rq rq, Task p, boolean wakeup) {
        sched.fn.enter(cpu, ENQUEUE_TASK_FAIR);
        CfsRq cfs = rq.cfs;
        SchedEntity se = p.se;
        updateCurr(cpu, rq);
        if (wakeup) {
            placeEntity(cpu, cfs, se, false);
        }
        if (se != cfs.curr) {
            enqueueEntity(cfs, se);
        }
        cfs.load.add(se.load.weight);
        cfs.nrRunning++;
        sched.fn.exit(cpu, ENQUEUE_TASK_FAIR);
    }

    @Override
    public void dequeueTask(Cpu cpu, Rq rq, Task p, boolean sleep) {
        sched.fn.enter(cpu, DEQUEUE_TASK_FAIR);
        CfsRq cfs = rq.cfs;
        SchedEntity se = p.se;
        updateCurr(cpu, rq);
        if (se != cfs.curr) {
            dequeueEntity(cfs, se);
        }
        cfs.load.sub(se.load.weight);
        cfs.nrRunning--;
        if (cfs.next == se) {
            cfs.next = null;
        }
        sched.fn.exit(cpu, DEQUEUE_TASK_FAIR);
    }

    /** {@code yield_task_fair}: without compat_yield only accounting, unless the task is SCHED_BATCH. */
    @Override
    public void yieldTask(Cpu cpu, Rq rq) {
        sched.fn.enter(cpu, YIELD_TASK_FAIR);
        CfsRq cfs = rq.cfs;
        SchedEntity se = rq.curr.se;
        if (cfs.nrRunning > 1) {
            sched.updateRqClock(cpu, rq);
            updateCurr(cpu, rq);
            if (rq.curr.policy == Policy.BATCH) {
                RbNode<SchedEntity> last = cfs.timeline.rbLast();
                if (last != null && last.owner().vruntime - se.vruntime >= 0) {
                    se.vruntime = last.owner().vruntime + 1;
                }
            }
        }
        sched.fn.exit(cpu, YIELD_TASK_FAIR);
    }

    /** {@code check_preempt_wakeup}. */
    @Override
    public void checkPreemptCurr(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, CHECK_PREEMPT_WAKEUP);
        Task curr = rq.curr;
        SchedEntity se = curr.se;
        if (p.isRealtime()) {
            sched.updateRqClock(cpu, rq);
            updateCurr(cpu, rq);
            sched.reschedTask(cpu, curr);
        } else if (se != p.se) {
            rq.cfs.next = p.se;
            if (p.policy != Policy.BATCH) {
                long gran = sched.tunables.wakeupGranularity;
                if (se.load.weight > PrioTables.NICE_0_LOAD) {
                    gran = LoadWeight.calcDeltaFair(gran, se.load);
                }
                if (se.vruntime - (p.se.vruntime + gran) > 0) {
                    sched.reschedTask(cpu, curr);
                }
            }
        }
        sched.fn.exit(cpu, CHECK_PREEMPT_WAKEUP);
    }

    @Override
    public Task pickNextTask(Cpu cpu, Rq rq) {
        CfsRq cfs = rq.cfs;
        if (cfs.nrRunning == 0) {
            return null;
        }
        sched.fn.enter(cpu, PICK_NEXT_TASK_FAIR);
        SchedEntity se = pickNext(cfs, cfs.timeline.rbFirst().owner());
        setNextEntity(rq, se);
        sched.fn.exit(cpu, PICK_NEXT_TASK_FAIR);
        return se.task;
    }

    @Override
    public void putPrevTask(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, PUT_PREV_TASK_FAIR);
        CfsRq cfs = rq.cfs;
        SchedEntity se = p.se;
        if (se.onRq) {
            updateCurr(cpu, rq);
            enqueueEntity(cfs, se);
        }
        cfs.curr = null;
        sched.fn.exit(cpu, PUT_PREV_TASK_FAIR);
    }

    /** {@code task_tick_fair} → {@code entity_tick}: account, then preempt once the slice is used up. */
    @Override
    public void taskTick(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, TASK_TICK_FAIR);
        updateCurr(cpu, rq);
        if (rq.cfs.nrRunning > 1) {
            sched.fn.enter(cpu, CHECK_PREEMPT_TICK);
            SchedEntity curr = rq.cfs.curr;
            long idealRuntime = schedSlice(rq.cfs, curr);
            long ran = curr.sumExecRuntime - curr.prevSumExecRuntime;
            if (ran > idealRuntime) {
                sched.reschedTask(cpu, rq.curr);
            }
            sched.fn.exit(cpu, CHECK_PREEMPT_TICK);
        }
        sched.fn.exit(cpu, TASK_TICK_FAIR);
    }

    @Override
    public void setCurrTask(Rq rq) {
        setNextEntity(rq, rq.curr.se);
    }

    /**
     * {@code task_new_fair}: the child starts a virtual slice after {@code min_vruntime}; with
     * {@code child_runs_first} it swaps vruntimes with a parent that is behind it on the same CPU; the
     * parent is always rescheduled.
     */
    void taskNew(Cpu cpu, Rq rq, Task p) {
        sched.fn.enter(cpu, TASK_NEW_FAIR);
        CfsRq cfs = rq.cfs;
        SchedEntity se = p.se;
        SchedEntity curr = cfs.curr;
        updateCurr(cpu, rq);
        placeEntity(cpu, cfs, se, true);
        if (sched.host.smpProcessorId(cpu) == p.cpu && curr != null && se.vruntime - curr.vruntime > 0) {
            long swap = curr.vruntime;
            curr.vruntime = se.vruntime;
            se.vruntime = swap;
        }
        enqueueTask(cpu, rq, p, false);
        p.se.onRq = true;
        sched.reschedTask(cpu, rq.curr);
        sched.fn.exit(cpu, TASK_NEW_FAIR);
    }

    // ---------------------------------------------------------------- accounting

    /** {@code update_curr}: charge the running entity's real and virtual runtime up to the rq clock. */
    void updateCurr(Cpu cpu, Rq rq) {
        SchedEntity curr = rq.cfs.curr;
        if (curr == null) {
            return;
        }
        sched.fn.enter(cpu, UPDATE_CURR);
        long deltaExec = rq.clock - curr.execStart;
        if (deltaExec > 0) {
            curr.sumExecRuntime += deltaExec;
            curr.vruntime += curr.load.weight == PrioTables.NICE_0_LOAD ? deltaExec
                    : LoadWeight.calcDeltaFair(deltaExec, curr.load);
        }
        curr.execStart = rq.clock;
        sched.fn.exit(cpu, UPDATE_CURR);
    }

    /** {@code place_entity}: where a new or waking entity starts on the timeline. */
    private void placeEntity(Cpu cpu, CfsRq cfs, SchedEntity se, boolean initial) {
        sched.fn.enter(cpu, PLACE_ENTITY);
        long vruntime = cfs.minVruntime;
        RbNode<SchedEntity> first = cfs.timeline.rbFirst();
        if (first != null && first.owner().vruntime - vruntime < 0) {
            vruntime = first.owner().vruntime;
        }
        if (initial) {
            vruntime += schedVsliceAdd(cfs, se);
        } else {
            vruntime -= sched.tunables.latency;
            if (se.vruntime - vruntime > 0) {
                vruntime = se.vruntime;
            }
        }
        se.vruntime = vruntime;
        sched.fn.exit(cpu, PLACE_ENTITY);
    }

    /** {@code sched_slice}: the entity's weighted share of the period. */
    long schedSlice(CfsRq cfs, SchedEntity se) {
        return LoadWeight.calcDeltaMine(schedPeriod(cfs.nrRunning), se.load.weight, cfs.load);
    }

    /** {@code __sched_period}: the latency, stretched by the minimum granularity once too many tasks share it. */
    long schedPeriod(int nrRunning) {
        SchedTunables t = sched.tunables;
        return nrRunning > t.nrLatency ? t.minGranularity * nrRunning : t.latency;
    }

    /** {@code sched_vslice_add}: the virtual slice the entity would get if it joined the queue. */
    private long schedVsliceAdd(CfsRq cfs, SchedEntity se) {
        return schedPeriod(cfs.nrRunning + 1) * PrioTables.NICE_0_LOAD / (cfs.load.weight + se.load.weight);
    }

    // ---------------------------------------------------------------- the timeline

    /** {@code pick_next}: 2.6.25's buddy wins if it is behind the leftmost by no more than the wake-up granularity. */
    private SchedEntity pickNext(CfsRq cfs, SchedEntity leftmost) {
        SchedEntity buddy = cfs.next;
        if (buddy == null) {
            return leftmost;
        }
        long diff = buddy.vruntime - leftmost.vruntime;
        if (diff < 0 || diff > LoadWeight.calcDeltaFair(sched.tunables.wakeupGranularity, cfs.load)) {
            return leftmost;
        }
        return buddy;
    }

    /** {@code set_next_entity}: the picked entity leaves the tree and starts a new slice. */
    private void setNextEntity(Rq rq, SchedEntity se) {
        CfsRq cfs = rq.cfs;
        if (se.onRq) {
            dequeueEntity(cfs, se);
        }
        se.execStart = rq.clock;
        cfs.curr = se;
        se.prevSumExecRuntime = se.sumExecRuntime;
    }

    /** {@code __enqueue_entity}: equal keys go right, so equals run in FIFO order. */
    private static void enqueueEntity(CfsRq cfs, SchedEntity se) {
        long minVruntime = cfs.minVruntime;
        long key = se.vruntime - minVruntime;
        RbNode<SchedEntity> parent = null;
        RbNode<SchedEntity> link = cfs.timeline.root();
        boolean left = false;
        while (link != null) {
            parent = link;
            left = key < link.owner().vruntime - minVruntime;
            link = left ? link.left() : link.right();
        }
        cfs.timeline.rbLinkNode(se, parent, left);
        cfs.timeline.rbInsertColor(se);
        if (cfs.timeline.rbFirst() == se && se.vruntime - minVruntime > 0) {
            cfs.minVruntime = se.vruntime;
        }
    }

    /**
     * {@code __dequeue_entity}: removing the leftmost lifts {@code min_vruntime} to its successor's, which
     * the erase has just made the cached leftmost (so {@code rb_next} runs once, in the tree).
     */
    private static void dequeueEntity(CfsRq cfs, SchedEntity se) {
        boolean wasLeftmost = cfs.timeline.rbFirst() == se;
        cfs.timeline.rbErase(se);
        if (wasLeftmost) {
            RbNode<SchedEntity> next = cfs.timeline.rbFirst();
            if (next != null && next.owner().vruntime - cfs.minVruntime > 0) {
                cfs.minVruntime = next.owner().vruntime;
            }
        }
        if (cfs.next == se) {
            cfs.next = null;
        }
    }
}
