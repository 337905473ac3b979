package dev.xenolith.bench.guest;

import java.util.Map;
import java.util.TreeMap;

/**
 * The baseline for the guest's CFS: the same 2.6.25 algorithm for nice-0 SCHED_NORMAL tasks on one CPU,
 * step for step as {@code Sched} and {@code FairSchedClass} do it (rq clock rules, {@code update_curr},
 * {@code min_vruntime}, {@code place_entity}, {@code check_preempt_wakeup} with the buddy,
 * {@code check_preempt_tick} with {@code sched_slice}, {@code update_cpu_load}), but with the timeline kept
 * the way one would with the JDK: a {@code java.util.TreeMap} keyed by (vruntime, sequence), where the
 * sequence keeps equal vruntimes in FIFO order as the kernel's "equal keys go right" does.
 *
 * <p>It leaves out what only the emulator has: traced-function hooks (charging costs, tracing), wake-up
 * latency statistics and the RT class's tick bookkeeping beyond the period check; so if anything the
 * baseline is favoured. {@code CfsEquivalenceTest} checks that it picks the same tasks as the guest.
 */
final class TreeMapCfs extends BaselineRunQueue {
    private static final long NICE_0_LOAD = 1024;
    private static final long MS = 1_000_000L;
    // SchedTunables for one CPU (the scaling factor 1 + ilog2(1) is 1)
    private static final long LATENCY = 20 * MS;
    private static final long MIN_GRANULARITY = 4 * MS;
    private static final long WAKEUP_GRANULARITY = 5 * MS;
    private static final int NR_LATENCY = 5;
    private static final long RT_PERIOD = 1_000_000_000L;
    private static final int CPU_LOAD_IDX_MAX = 5;
    private static final int TASK_RUNNING = 0;
    private static final int TASK_INTERRUPTIBLE = 1;
    private static final int TASK_NORMAL = 3;

    /** A task with its scheduling entity folded in. */
    static final class Entity {
        final int id;
        int state = TASK_RUNNING;
        boolean needResched;
        boolean onRq;
        long vruntime;
        long execStart;
        long sumExecRuntime;
        long prevSumExecRuntime;
        long lastWakeup;
        long nvcsw;
        long nivcsw;
        Key key;

        Entity(int id) {
            this.id = id;
        }
    }

    record Key(long vruntime, long seq) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(vruntime, o.vruntime);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** {@code struct load_weight} with its lazily computed inverse, as {@code LoadWeight}. */
    static final class Load {
        long weight;
        long invWeight;

        void add(long inc) {
            weight += inc;
            invWeight = 0;
        }

        void sub(long dec) {
            weight -= dec;
            invWeight = 0;
        }
    }

    private final Entity idle = new Entity(-1);
    private final Entity[] tasks;
    private final TreeMap<Key, Entity> timeline = new TreeMap<>();
    private long seq;
    // struct rq
    private int nrRunning;
    private final Load load = new Load();
    private final long[] cpuLoad = new long[CPU_LOAD_IDX_MAX];
    private long nrSwitches;
    private Entity curr = idle;
    private long rtPeriodExpire;
    long schedSoftirqs;
    // struct cfs_rq
    private final Load cfsLoad = new Load();
    private int cfsNrRunning;
    private long execClock;
    private long minVruntime = -(1L << 20);
    private Entity cfsCurr;
    private Entity cfsNext;

    /** {@code count} nice-0 tasks, queued in order as {@code wake_up_new_task} from the idle task does. */
    TreeMapCfs(int count, long tickNsec) {
        super(tickNsec);
        tasks = new Entity[count];
        for (int i = 0; i < count; i++) {
            tasks[i] = new Entity(i);
            tasks[i].vruntime = minVruntime;
            activateTask(tasks[i], false);
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

    // ---------------------------------------------------------------- scheduler_tick

    @Override
    public void tick() {
        long nextTick = tickTimestamp + tickNsec;
        updateRqClock();
        if (clock < nextTick) {
            clock = nextTick;
        }
        tickTimestamp = clock;
        long thisLoad = load.weight;
        for (int i = 0, scale = 1; i < CPU_LOAD_IDX_MAX; i++, scale += scale) {
            long old = cpuLoad[i];
            long fresh = thisLoad > old ? thisLoad + scale - 1 : thisLoad;
            cpuLoad[i] = (old * (scale - 1) + fresh) >> i;
        }
        if (curr != idle) {
            updateCurr();
            if (cfsNrRunning > 1) {
                long idealRuntime = calcDeltaMine(schedPeriod(cfsNrRunning), NICE_0_LOAD, cfsLoad);
                if (cfsCurr.sumExecRuntime - cfsCurr.prevSumExecRuntime > idealRuntime) {
                    curr.needResched = true;
                }
            }
        }
        while (clock > rtPeriodExpire) {
            rtPeriodExpire += RT_PERIOD;
        }
        schedSoftirqs++; // jiffies stand still, so the balance is always due, as for the guest
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
        if (prev != idle && prev.onRq) { // put_prev_task_fair
            updateCurr();
            enqueueEntity(prev);
        }
        cfsCurr = null;
        Entity next = idle;
        if (cfsNrRunning > 0) { // pick_next_task_fair
            next = pickNext(timeline.firstEntry().getValue());
            setNextEntity(next);
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

    private void activateTask(Entity p, boolean wakeup) {
        updateCurr();
        if (wakeup) {
            placeEntity(p);
        }
        if (p != cfsCurr) {
            enqueueEntity(p);
        }
        cfsLoad.add(NICE_0_LOAD);
        cfsNrRunning++;
        p.onRq = true;
        nrRunning++;
        load.add(NICE_0_LOAD);
    }

    private void deactivateTask(Entity p) {
        updateCurr();
        if (p != cfsCurr) {
            dequeueEntity(p);
        }
        cfsLoad.sub(NICE_0_LOAD);
        cfsNrRunning--;
        if (cfsNext == p) {
            cfsNext = null;
        }
        p.onRq = false;
        nrRunning--;
        load.sub(NICE_0_LOAD);
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
            activateTask(p, true);
        }
        if (curr == idle) {
            curr.needResched = true;
        } else if (curr != p) { // check_preempt_wakeup
            curr.lastWakeup = curr.sumExecRuntime;
            cfsNext = p;
            if (curr.vruntime - (p.vruntime + WAKEUP_GRANULARITY) > 0) {
                curr.needResched = true;
            }
        }
        p.state = TASK_RUNNING;
    }

    // ---------------------------------------------------------------- CFS

    private void updateCurr() {
        Entity se = cfsCurr;
        if (se == null) {
            return;
        }
        long deltaExec = clock - se.execStart;
        if (deltaExec > 0) {
            se.sumExecRuntime += deltaExec;
            execClock += deltaExec;
            se.vruntime += deltaExec; // nice 0: virtual time is real time
        }
        se.execStart = clock;
    }

    private void placeEntity(Entity se) {
        long vruntime = minVruntime;
        Map.Entry<Key, Entity> first = timeline.firstEntry();
        if (first != null && first.getValue().vruntime - vruntime < 0) {
            vruntime = first.getValue().vruntime;
        }
        vruntime -= LATENCY;
        if (se.vruntime - vruntime > 0) {
            vruntime = se.vruntime;
        }
        se.vruntime = vruntime;
    }

    private static long schedPeriod(int nrRunning) {
        return nrRunning > NR_LATENCY ? MIN_GRANULARITY * nrRunning : LATENCY;
    }

    private Entity pickNext(Entity leftmost) {
        Entity buddy = cfsNext;
        if (buddy == null) {
            return leftmost;
        }
        long diff = buddy.vruntime - leftmost.vruntime;
        if (diff < 0 || diff > calcDeltaMine(WAKEUP_GRANULARITY, NICE_0_LOAD, cfsLoad)) {
            return leftmost;
        }
        return buddy;
    }

    private void setNextEntity(Entity se) {
        if (se.onRq) {
            dequeueEntity(se);
        }
        se.execStart = clock;
        cfsCurr = se;
        se.prevSumExecRuntime = se.sumExecRuntime;
    }

    private void enqueueEntity(Entity se) {
        se.key = new Key(se.vruntime, seq++);
        timeline.put(se.key, se);
        if (timeline.firstKey() == se.key && se.vruntime - minVruntime > 0) {
            minVruntime = se.vruntime;
        }
    }

    private void dequeueEntity(Entity se) {
        if (timeline.firstKey() == se.key) {
            Map.Entry<Key, Entity> next = timeline.higherEntry(se.key);
            if (next != null && next.getValue().vruntime - minVruntime > 0) {
                minVruntime = next.getValue().vruntime;
            }
        }
        timeline.remove(se.key);
        se.key = null;
        if (cfsNext == se) {
            cfsNext = null;
        }
    }

    /** {@code calc_delta_mine} of 2.6.25 on a 32-bit kernel, as {@code LoadWeight} computes it. */
    private static long calcDeltaMine(long delta, long weight, Load lw) {
        if (lw.invWeight == 0) {
            lw.invWeight = (0xFFFF_FFFFL - lw.weight / 2) / (lw.weight + 1);
        }
        long tmp = delta * weight;
        if (Long.compareUnsigned(tmp, 0xFFFF_FFFFL) > 0) {
            tmp = srr(srr(tmp, 16) * lw.invWeight, 16);
        } else {
            tmp = srr(tmp * lw.invWeight, 32);
        }
        return Long.compareUnsigned(tmp, Integer.MAX_VALUE) > 0 ? Integer.MAX_VALUE : tmp;
    }

    private static long srr(long x, int y) {
        return (x + (1L << (y - 1))) >>> y;
    }
}
