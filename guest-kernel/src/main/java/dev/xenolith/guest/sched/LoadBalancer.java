package dev.xenolith.guest.sched;

import static dev.xenolith.guest.LinuxFunction.IDLE_BALANCE;
import static dev.xenolith.guest.LinuxFunction.LOAD_BALANCE;
import static dev.xenolith.guest.LinuxFunction.PULL_TASK;
import static dev.xenolith.guest.LinuxFunction.REBALANCE_DOMAINS;
import static dev.xenolith.guest.LinuxFunction.RUN_REBALANCE_DOMAINS;

import dev.xenolith.guest.lib.RbNode;
import dev.xenolith.guest.lib.RbTree;
import dev.xenolith.guest.time.Jiffies;
import dev.xenolith.machine.cpu.Cpu;

/**
 * CFS load balancing as 2.6.25 does it with one flat scheduling domain over all CPUs, each CPU its own
 * group, with {@code SD_CPU_INIT}'s parameters: the SCHED_SOFTIRQ ({@code run_rebalance_domains}) pulls from
 * the busiest CPU when it is more than 25 % above this one (by the decayed {@code cpu_load}: index 1 when
 * idle, 2 when busy), every 1..4 ms when idle and 64 times that when busy, and a CPU about to go idle pulls
 * at once ({@code idle_balance}, by the instantaneous load).
 *
 * <p>Simplified: the imbalance is the smaller of the busiest CPU's excess over the average and this CPU's
 * shortfall, without {@code fix_small_imbalance}; tasks move while half their weight fits in what is left of
 * it; the migration thread's active balancing is not modelled. RT tasks move by push/pull instead. With nohz,
 * the idle load balancer ({@link NohzBalancer}) balances on behalf of the CPUs whose tick is stopped.
 */
final class LoadBalancer {
    private static final int IMBALANCE_PCT = 125;
    private static final int BUSY_FACTOR = 64;
    private static final int MIN_INTERVAL_MS = 1;
    private static final int MAX_INTERVAL_MS = 4;
    private static final int CACHE_NICE_TRIES = 1;
    private static final int BUSY_IDX = 2;
    private static final int IDLE_IDX = 1;

    private final Sched sched;

    LoadBalancer(Sched sched) {
        this.sched = sched;
    }

    /**
     * {@code run_rebalance_domains}: this CPU's domain, and, on the idle load balancer, each tickless CPU's
     * in turn (pulling work onto them, which wakes them), unless this CPU has work meanwhile.
     */
    void runRebalanceDomains(Cpu cpu, Rq rq) {
        sched.fn.enter(cpu, RUN_REBALANCE_DOMAINS);
        rebalanceDomains(cpu, rq, rq.idleAtTick);
        NohzBalancer nohz = sched.nohz;
        if (rq.idleAtTick && nohz.owner == rq.cpu) {
            for (int other = nohz.cpus.nextSetBit(0); other >= 0; other = nohz.cpus.nextSetBit(other + 1)) {
                if (other == rq.cpu) {
                    continue;
                }
                if (rq.curr.needResched) {
                    break;
                }
                Rq balanced = sched.rqs[other];
                rebalanceDomains(cpu, balanced, true);
                if (Jiffies.timeAfter(rq.nextBalance, balanced.nextBalance)) {
                    rq.nextBalance = balanced.nextBalance;
                }
            }
        }
        sched.fn.exit(cpu, RUN_REBALANCE_DOMAINS);
    }

    /** {@code rebalance_domains} for {@code rq}'s CPU (run on {@code cpu}), idle or busy. */
    private void rebalanceDomains(Cpu cpu, Rq rq, boolean idle) {
        sched.fn.enter(cpu, REBALANCE_DOMAINS);
        int jiffies = sched.host.jiffies();
        int interval = Math.max(1, msecsToJiffies(rq.balanceInterval * (idle ? 1 : BUSY_FACTOR)));
        if (Jiffies.timeAfterEq(jiffies, rq.lastBalance + interval)) {
            boolean pulled = loadBalance(cpu, rq, idle ? IDLE_IDX : BUSY_IDX, false);
            rq.balanceInterval = pulled ? MIN_INTERVAL_MS : Math.min(MAX_INTERVAL_MS, rq.balanceInterval * 2);
            rq.lastBalance = jiffies;
            interval = Math.max(1, msecsToJiffies(rq.balanceInterval * (idle ? 1 : BUSY_FACTOR)));
        }
        rq.nextBalance = rq.lastBalance + interval;
        sched.fn.exit(cpu, REBALANCE_DOMAINS);
    }

    /** {@code idle_balance}: from {@code schedule()} when this queue is empty, try to pull before idling. */
    void idleBalance(Cpu cpu, Rq rq) {
        if (sched.rqs.length == 1) {
            return;
        }
        sched.fn.enter(cpu, IDLE_BALANCE);
        loadBalance(cpu, rq, -1, true);
        sched.fn.exit(cpu, IDLE_BALANCE);
    }

    /** {@code load_balance}: find the busiest CPU and pull CFS tasks from it; true if any moved. */
    private boolean loadBalance(Cpu cpu, Rq thisRq, int loadIdx, boolean newIdle) {
        sched.fn.enter(cpu, LOAD_BALANCE);
        long thisLoad = targetLoad(thisRq, loadIdx);
        long total = 0;
        Rq busiest = null;
        long maxLoad = 0;
        for (Rq rq : sched.rqs) {
            long load = rq == thisRq ? thisLoad : sourceLoad(rq, loadIdx);
            total += load;
            if (rq != thisRq && load > maxLoad && rq.cfs.nrRunning > (rq.curr.schedClass == sched.fair ? 1 : 0)) {
                maxLoad = load;
                busiest = rq;
            }
        }
        boolean moved = false;
        if (busiest != null && maxLoad * 100 > thisLoad * IMBALANCE_PCT) {
            long avg = total / sched.rqs.length;
            long imbalance = Math.min(maxLoad - avg, avg - thisLoad);
            if (newIdle) {
                imbalance = Math.max(imbalance, PrioTables.NICE_0_LOAD / 2);
            }
            moved = moveTasks(cpu, busiest, thisRq, imbalance);
        }
        if (moved) {
            thisRq.nrBalanceFailed = 0;
        } else if (busiest != null) {
            thisRq.nrBalanceFailed++;
        }
        sched.fn.exit(cpu, LOAD_BALANCE);
        return moved;
    }

    /**
     * {@code move_tasks} over the busiest CPU's CFS timeline, from the leftmost: skip tasks this CPU may not
     * run and cache-hot ones (ran within {@code migration_cost}) until balancing has failed often enough.
     */
    private boolean moveTasks(Cpu cpu, Rq busiest, Rq thisRq, long imbalance) {
        long remaining = imbalance;
        int moved = 0;
        RbNode<SchedEntity> node = busiest.cfs.timeline.rbFirst();
        while (node != null && moved < sched.tunables.nrMigrate && remaining > 0) {
            Task p = node.owner().task;
            node = RbTree.rbNext(node);
            if (!p.cpusAllowed.get(thisRq.cpu) || p.se.load.weight / 2 > remaining) {
                continue;
            }
            boolean hot = busiest.clock - p.se.execStart < sched.tunables.migrationCost;
            if (hot && thisRq.nrBalanceFailed <= CACHE_NICE_TRIES) {
                continue;
            }
            pullTask(cpu, busiest, p, thisRq);
            remaining -= p.se.load.weight;
            moved++;
        }
        return moved > 0;
    }

    /** {@code pull_task}: dequeue there, requeue here, and see whether it preempts what runs here. */
    private void pullTask(Cpu cpu, Rq src, Task p, Rq dst) {
        sched.fn.enter(cpu, PULL_TASK);
        sched.deactivateTask(cpu, src, p, false);
        sched.setTaskCpu(cpu, p, dst.cpu);
        sched.activateTask(cpu, dst, p, false);
        sched.checkPreemptCurr(cpu, dst, p);
        sched.fn.exit(cpu, PULL_TASK);
    }

    /** {@code source_load}: a low guess of a remote CPU's load (the newly idle balancer looks at the instant). */
    private static long sourceLoad(Rq rq, int idx) {
        return idx < 0 ? rq.load.weight : Math.min(rq.cpuLoad[idx], rq.load.weight);
    }

    /** {@code target_load}: a high guess of this CPU's load. */
    private static long targetLoad(Rq rq, int idx) {
        return idx < 0 ? rq.load.weight : Math.max(rq.cpuLoad[idx], rq.load.weight);
    }

    private int msecsToJiffies(int ms) {
        int hz = sched.host.hz();
        return (ms * hz + 999) / 1000;
    }
}
