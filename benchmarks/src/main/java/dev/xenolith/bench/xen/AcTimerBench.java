package dev.xenolith.bench.xen;

import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.hypervisor.timer.AcTimerHeap;
import dev.xenolith.machine.trace.TracedFunction;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

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
 * Increments and victims are precomputed and read with a cursor, and the timers are reused, so the
 * measured path does no random-number work and allocates nothing for the heap. The expiry is written the
 * way {@code add_ac_timer} does, through the field that the timer package owns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class AcTimerBench {
    private static final int MASK = (1 << 16) - 1;
    private static final VarHandle EXPIRES;

    static {
        try {
            EXPIRES = MethodHandles.privateLookupIn(AcTimer.class, MethodHandles.lookup())
                    .findVarHandle(AcTimer.class, "expires", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The timers' symbol; never traced here. */
    private enum BenchFunction implements TracedFunction {
        BENCH_TIMER_FN;

        @Override
        public String costName() {
            return "bench_timer_fn";
        }

        @Override
        public long defaultCycles() {
            return 0;
        }
    }

    /** The operations both sets support. */
    private interface TimerSet {
        void add(AcTimer timer);

        void remove(AcTimer timer);

        /** Removes and returns the earliest timer. */
        AcTimer pollFirst();
    }

    private static final class HeapSet implements TimerSet {
        private final AcTimerHeap heap = new AcTimerHeap();

        @Override
        public void add(AcTimer timer) {
            heap.add(timer);
        }

        @Override
        public void remove(AcTimer timer) {
            heap.remove(timer);
        }

        @Override
        public AcTimer pollFirst() {
            AcTimer top = heap.top();
            heap.remove(top);
            return top;
        }
    }

    private static final class JavaUtilSet implements TimerSet {
        private final PriorityQueue<AcTimer> queue;

        JavaUtilSet(int capacity) {
            queue = new PriorityQueue<>(capacity, Comparator.comparingLong(AcTimer::expires));
        }

        @Override
        public void add(AcTimer timer) {
            queue.add(timer);
        }

        @Override
        public void remove(AcTimer timer) {
            queue.remove(timer);
        }

        @Override
        public AcTimer pollFirst() {
            return queue.poll();
        }
    }

    @Param({"ac_timer_heap", "java.util"})
    public String impl;

    @Param({"10000"})
    public int pending;

    private TimerSet timers;
    private AcTimer[] all;
    private final long[] increments = new long[MASK + 1];
    private final int[] victims = new int[MASK + 1];
    private int cursor;
    private long now;

    @Setup
    public void setUp() {
        timers = "ac_timer_heap".equals(impl) ? new HeapSet() : new JavaUtilSet(pending);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i <= MASK; i++) {
            increments[i] = 1 + random.nextLong(10_000_000);
            victims[i] = random.nextInt(pending);
        }
        all = new AcTimer[pending];
        for (int i = 0; i < pending; i++) {
            all[i] = new AcTimer(BenchFunction.BENCH_TIMER_FN, 0, (cpu, t) -> { });
            arm(all[i], increments[i]);
        }
    }

    private void arm(AcTimer timer, long expires) {
        EXPIRES.set(timer, expires);
        timers.add(timer);
    }

    @Benchmark
    public AcTimer hold() {
        AcTimer first = timers.pollFirst();
        now = first.expires();
        arm(first, now + increments[cursor++ & MASK]);
        return first;
    }

    @Benchmark
    public AcTimer cancelHeavy() {
        int i = cursor++ & MASK;
        if ((i & 3) == 0) {
            return hold();
        }
        AcTimer victim = all[victims[i]];
        timers.remove(victim);
        arm(victim, now + increments[i]);
        return victim;
    }
}
