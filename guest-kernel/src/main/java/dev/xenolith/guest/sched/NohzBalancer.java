package dev.xenolith.guest.sched;

import static dev.xenolith.guest.LinuxFunction.SELECT_NOHZ_LOAD_BALANCER;

import dev.xenolith.machine.cpu.Cpu;
import java.util.BitSet;

/**
 * The idle load balancer of 2.6.25's {@code sched.c} ({@code nohz.load_balancer}, {@code nohz.cpu_mask}): a CPU
 * whose tick stops joins the tickless set; while some CPU is busy, the first idle CPU to stop its tick becomes
 * the owner and keeps ticking, so that someone balances on behalf of the tickless ones; once every CPU is
 * tickless nobody needs to, and the owner lets its tick stop too.
 */
final class NohzBalancer {
    private final Sched sched;
    int owner = -1;
    final BitSet cpus = new BitSet();

    NohzBalancer(Sched sched) {
        this.sched = sched;
    }

    /**
     * {@code select_nohz_load_balancer}: stopping the tick, join the set and take ownership if there is none
     * (true: keep ticking), unless every CPU is in the set; restarting it, leave the set and the ownership.
     */
    boolean select(Cpu cpu, boolean stopTick) {
        sched.fn.enter(cpu, SELECT_NOHZ_LOAD_BALANCER);
        int id = sched.host.smpProcessorId(cpu);
        boolean keepTicking = false;
        if (stopTick) {
            cpus.set(id);
            sched.rqs[id].inNohzRecently = true;
            if (cpus.cardinality() == sched.rqs.length) {
                if (owner == id) {
                    owner = -1;
                }
            } else if (owner == -1 || owner == id) {
                owner = id;
                keepTicking = true;
            }
        } else if (cpus.get(id)) {
            cpus.clear(id);
            if (owner == id) {
                owner = -1;
            }
        }
        sched.fn.exit(cpu, SELECT_NOHZ_LOAD_BALANCER);
        return keepTicking;
    }

    /**
     * {@code trigger_load_balance}'s nohz part, from the tick of {@code rq}'s CPU. A CPU busy again after being
     * tickless gives up ownership and wakes the first tickless CPU to take it over; an idle owner of an all-idle
     * machine reschedules itself, so its tick stops; an idle non-owner in the set does not balance. Returns
     * whether the caller should go on to raise SCHED_SOFTIRQ when a balance is due.
     */
    boolean tick(Cpu cpu, Rq rq) {
        if (rq.inNohzRecently && !rq.idleAtTick) {
            rq.inNohzRecently = false;
            if (owner == rq.cpu) {
                cpus.clear(rq.cpu);
                owner = -1;
            }
            int ilb = cpus.nextSetBit(0);
            if (owner == -1 && ilb >= 0) {
                sched.reschedTask(cpu, sched.rqs[ilb].curr); // resched_cpu
            }
        }
        if (rq.idleAtTick && owner == rq.cpu && cpus.cardinality() == sched.rqs.length) {
            sched.reschedTask(cpu, rq.curr);
            return false;
        }
        return !(rq.idleAtTick && owner != rq.cpu && cpus.get(rq.cpu));
    }
}
