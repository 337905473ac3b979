package dev.xenolith.bench.guest;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.cpu.Cpu;

/**
 * What the {@code java.util} baselines share with each other and with the guest's {@code Sched}: the run
 * queue's clock (advanced by {@code sched_clock}'s delta, one ns if it went back, never more than a tick past
 * the last tick) and {@code schedule()}'s loop while TIF_NEED_RESCHED is set again.
 */
abstract class BaselineRunQueue implements SchedDriver {
    /** The baselines run their operations as kernel paths too, so that both sides pay the same harness. */
    private final Cpu cpu = Machine.builder().cpus(1).costs(CostModel.zero()).build().cpu(0);
    final long tickNsec;
    private long rawClock;
    private long prevClockRaw;
    long clock;
    long tickTimestamp;

    BaselineRunQueue(long tickNsec) {
        this.tickNsec = tickNsec;
    }

    @Override
    public final void run(Runnable op) {
        cpu.runPath(op);
    }

    @Override
    public final void advance(long ns) {
        rawClock += ns;
    }

    @Override
    public final long tickNsec() {
        return tickNsec;
    }

    /** {@code update_rq_clock}. */
    final void updateRqClock() {
        long delta = rawClock - prevClockRaw;
        if (delta < 0) {
            clock++;
        } else if (clock + delta > tickTimestamp + tickNsec) {
            clock = clock < tickTimestamp + tickNsec ? tickTimestamp + tickNsec : clock + 1;
        } else {
            clock += delta;
        }
        prevClockRaw = rawClock;
    }

    @Override
    public final void schedule() {
        boolean switched = scheduleOnce();
        while (switched) {
            switched = needResched() && scheduleOnce();
        }
    }

    @Override
    public final void sleepCurrent() {
        markCurrentSleeping();
        schedule();
    }

    /** One pass of {@code schedule()}; true if it switched. */
    abstract boolean scheduleOnce();

    /** The running task's state becomes TASK_INTERRUPTIBLE. */
    abstract void markCurrentSleeping();
}
