package dev.xenolith.guest.sched;

import static dev.xenolith.guest.NativeMachine.BOOTED;
import static dev.xenolith.guest.sched.SchedKit.IDEAL;
import static dev.xenolith.guest.sched.SchedKit.MS;
import static dev.xenolith.guest.sched.SchedKit.NS_PER_MS;
import static dev.xenolith.guest.sched.SchedKit.NS_PER_US;
import static dev.xenolith.guest.sched.SchedKit.boot;
import static dev.xenolith.guest.sched.SchedKit.hog;
import static dev.xenolith.guest.sched.SchedKit.reader;
import static dev.xenolith.guest.sched.SchedKit.sleeper;
import static dev.xenolith.guest.sched.SchedKit.task;
import static dev.xenolith.guest.sched.SchedKit.tickPicos;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CFS wake-up preemption ({@code check_preempt_wakeup}, linux.md §2.9 and §9.5): a waking task preempts the
 * running one only if its vruntime is more than the wake-up granularity (5 ms in 2.6.25 on one CPU) behind;
 * SCHED_BATCH wakees never preempt. Bytes on the i8042 wake the readers between ticks, so a preemption at
 * once can only be the wake-up's doing, not the tick's.
 */
class CfsWakeupPreemptionTest {
    private static final int BYTES = 10;
    /** The last byte comes 474 ms after {@link NativeMachine#BOOTED}, the reader is done with it well before this. */
    private static final long RUN = BOOTED + 600 * MS;

    /**
     * A byte every 50 ms from {@link NativeMachine#BOOTED} + 24 ms, 154 ms after power-on. The CPU ticks every
     * 4000160 ns, 3.6 ms after multiples of 4 ms at that time (19 µs later by the last byte), so the bytes
     * arrive alternately 2.4 and 0.4 ms after a tick, 1.6 and 3.6 ms before the next.
     */
    private static void feed(NativeMachine m) {
        for (int i = 0; i < BYTES; i++) {
            m.keyboard(BOOTED + (24 + 50 * i) * MS, (byte) i);
        }
    }

    /**
     * The reader sleeps 50 ms (more than the 20 ms latency) between bytes while the hog runs, so it wakes far
     * behind the hog and preempts it on the interrupt's return path, well within 100 µs.
     */
    @Test
    void aTaskThatSleptLongerThanTheLatencyPreemptsAHogAtOnce() {
        NativeMachine m = boot(1, 250, CostModel.defaults(), null, task("hog", Policy.NORMAL, 0, 0, hog()),
                task("reader", Policy.NORMAL, 0, 0, reader(MS)));
        feed(m);
        m.runUntil(RUN);

        LatencyHistogram latency = SchedKit.task(m, "reader").wakeupLatency();
        assertThat(latency.count()).isEqualTo(BYTES);
        assertThat(latency.max()).isLessThan(100 * NS_PER_US);
    }

    /**
     * The same reader as SCHED_BATCH does not preempt on wake-up: it waits for the hog's next tick, which
     * ends the hog's long-used-up slice, 1.6 or 3.6 ms later, never more than a tick.
     */
    @Test
    void aBatchTaskDoesNotPreemptOnWakeUpButAtTheNextTick() {
        NativeMachine m = boot(1, 250, CostModel.defaults(), null, task("hog", Policy.NORMAL, 0, 0, hog()),
                task("reader", Policy.BATCH, 0, 0, reader(MS)));
        feed(m);
        m.runUntil(RUN);

        LatencyHistogram latency = SchedKit.task(m, "reader").wakeupLatency();
        assertThat(latency.count()).isEqualTo(BYTES);
        assertThat(latency.percentile(0)).isGreaterThan(1 * NS_PER_MS);
        assertThat(latency.max()).isLessThanOrEqualTo(tickPicos(250) / Picos.PER_NANOSECOND);
    }

    /**
     * A task that computes 6 ms and sleeps 1 ms against a hog: it wakes at the tick 2 ms after it slept, when
     * the hog, picked at that moment, has run only 2 ms of its 10 ms slice, so the tick cannot preempt it.
     * Its vruntime lead over the sleeper decides alone: the sleeper alternates between preempting (more than
     * 5 ms behind) and waiting for the hog's slice to end (within 5 ms), which takes two more ticks (the hog
     * has then run 2 ms and two TICK_NSEC, 10.0009 ms of its 9.995). Every wake-up follows the rule.
     */
    @Test
    void aShortSleeperPreemptsOnlyWhenMoreThanTheGranularityBehind() {
        WakeupProbe probe = new WakeupProbe("sleeper", "hog");
        NativeMachine m = boot(1, 250, IDEAL, probe, task("hog", Policy.NORMAL, 0, 0, hog()),
                task("sleeper", Policy.NORMAL, 0, 0, sleeper(MS, 6 * MS)));
        probe.machine = m;
        m.runUntil(2000 * MS);

        long gran = m.linux.scheduler().tunables.wakeupGranularity;
        assertThat(gran).isEqualTo(5 * NS_PER_MS);
        assertThat(probe.wakeups).hasSizeGreaterThan(100);
        assertThat(probe.wakeups).allSatisfy(w -> assertThat(w.preempted()).as("behind by %d ns", w.behind())
                .isEqualTo(w.behind() > gran));
        long preempted = probe.wakeups.stream().filter(Wakeup::preempted).count();
        assertThat(preempted).isBetween(probe.wakeups.size() / 3L, probe.wakeups.size() * 2L / 3);
        assertThat(probe.wakeups.stream().filter(w -> !w.preempted())).allSatisfy(
                w -> assertThat(w.behind()).isBetween(-gran, gran));

        LatencyHistogram latency = SchedKit.task(m, "sleeper").wakeupLatency();
        assertThat(latency.percentile((double) preempted / latency.count())).isZero();
        assertThat(latency.max()).isEqualTo(2 * tickPicos(250) / Picos.PER_NANOSECOND);
    }

    /** How far a wakee's vruntime is behind the running task's, and whether the wake-up rescheduled it. */
    record Wakeup(long behind, boolean preempted) {
    }

    /**
     * Reads, at each {@code sched_wakeup} of the wakee (emitted right after {@code check_preempt_curr}), the
     * two vruntimes the decision compared and the running task's TIF_NEED_RESCHED. It only reads.
     */
    private static final class WakeupProbe implements TraceSink {
        private final String wakee;
        private final String running;
        NativeMachine machine;
        final List<Wakeup> wakeups = new ArrayList<>();

        WakeupProbe(String wakee, String running) {
            this.wakee = wakee;
            this.running = running;
        }

        @Override
        public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
        }

        @Override
        public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        }

        @Override
        public void event(int cpu, long time, Layer layer, TraceEvent event) {
            if (event instanceof SchedEvent.Wakeup w && !w.isNew() && w.comm().equals(wakee)) {
                Task curr = machine.linux.current(cpu);
                if (curr.comm().equals(running)) {
                    Task p = SchedKit.task(machine, wakee);
                    wakeups.add(new Wakeup(curr.se.vruntime - p.se.vruntime, curr.needResched));
                }
            }
        }
    }
}
