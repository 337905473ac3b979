package dev.xenolith.bench.xen;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.hypervisor.timer.AcTimerHeap;
import dev.xenolith.machine.trace.NamedFunction;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One CPU's ac_timers, 10 K pending: Xen's 1-based {@link AcTimerHeap} against a
 * {@code java.util.PriorityQueue} over the expiry, in one run.
 *
 * <ul>
 *   <li>{@code hold}: expire the earliest timer ({@code ac_timer_softirq_action}) and re-add it a random
 *   increment later, as a periodic tick or a re-armed scheduler timer does; the set's size never
 *   drifts.</li>
 *   <li>{@code cancelHeavy}: three in four operations cancel a pending timer and re-add it
 *   ({@code rem_ac_timer} + {@code add_ac_timer}, what {@code __enter_scheduler} does to {@code s_timer}
 *   and a guest's {@code set_timer_op} does to its timer), one in four is a {@code hold}.</li>
 * </ul>
 * Timers are addressed by number; increments and victims are precomputed and read with a cursor. Both sets
 * reuse their per-timer objects (the baseline keeps a preallocated key holder per timer, as an intrusive
 * node would), so neither allocates in steady state and the comparison is of the algorithms.
 */
public class AcTimerBench extends HotPathBenchmark {
    /** The timers' symbol; never traced here. */
    private static final NamedFunction BENCH_TIMER_FN = new NamedFunction("bench_timer_fn");

    /** The two operations of the workload, on timers numbered 0..n-1. */
    private interface TimerSet {
        /** Arms timer {@code timer} (removing it first if pending). */
        void rearm(int timer, long expires);

        /** Expires the earliest timer and re-adds it {@code increment} later; returns the time it expired at. */
        long holdFirst(long increment);
    }

    private static final class HeapSet implements TimerSet {
        private final AcTimerHeap heap = new AcTimerHeap();
        private final AcTimer[] timers;

        HeapSet(int count) {
            timers = new AcTimer[count];
            for (int i = 0; i < count; i++) {
                timers[i] = new AcTimer(BENCH_TIMER_FN, 0, (cpu, t) -> { });
            }
        }

        @Override
        public void rearm(int timer, long expires) {
            heap.remove(timers[timer]);
            heap.add(timers[timer], expires);
        }

        @Override
        public long holdFirst(long increment) {
            AcTimer top = heap.top();
            long expired = top.expires();
            heap.remove(top);
            heap.add(top, expired + increment);
            return expired;
        }
    }

    private static final class JavaUtilSet implements TimerSet {
        /** The baseline's timer: just its key, allocated once. */
        private static final class Entry {
            long expires;
        }

        private final PriorityQueue<Entry> queue;
        private final Entry[] entries;

        JavaUtilSet(int count) {
            queue = new PriorityQueue<>(count, (a, b) -> Long.compare(a.expires, b.expires));
            entries = new Entry[count];
            for (int i = 0; i < count; i++) {
                entries[i] = new Entry();
            }
        }

        @Override
        public void rearm(int timer, long expires) {
            queue.remove(entries[timer]);
            entries[timer].expires = expires;
            queue.add(entries[timer]);
        }

        @Override
        public long holdFirst(long increment) {
            Entry first = queue.poll();
            long expired = first.expires;
            first.expires = expired + increment;
            queue.add(first);
            return expired;
        }
    }

    @Param({"ac_timer_heap", "java.util"})
    public String impl;

    @Param({"10000"})
    public int pending;

    private TimerSet timers;
    private final long[] increments = new long[INPUTS];
    private final int[] victims = new int[INPUTS];
    private int cursor;
    private long now;

    @Setup
    public void setUp() {
        timers = "ac_timer_heap".equals(impl) ? new HeapSet(pending) : new JavaUtilSet(pending);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < INPUTS; i++) {
            increments[i] = 1 + random.nextLong(10_000_000);
            victims[i] = random.nextInt(pending);
        }
        for (int i = 0; i < pending; i++) {
            timers.rearm(i, increments[i]);
        }
    }

    @Benchmark
    public long hold() {
        now = timers.holdFirst(increments[cursor++ & MASK]);
        return now;
    }

    @Benchmark
    public long cancelHeavy() {
        int i = cursor++ & MASK;
        if ((i & 3) == 0) {
            return hold();
        }
        timers.rearm(victims[i], now + increments[i]);
        return now;
    }
}
