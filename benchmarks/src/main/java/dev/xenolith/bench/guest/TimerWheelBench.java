package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.guest.time.TimerList;
import dev.xenolith.guest.time.TimerWheel;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The guest's cascading timer wheel against a {@code java.util.PriorityQueue} of timers ordered by
 * (expiry, arming sequence), in one run.
 *
 * <ul>
 *   <li>{@code tick}: one jiffy of the timer softirq under the hold model: every timer that expires is
 *   re-armed by its function a random timeout later (1 to 2048 jiffies, so tv1 and tv2 are both used
 *   and cascades happen), so the number of pending timers never drifts.</li>
 *   <li>{@code modHeavy}: what networking and I/O timeouts do: three in four operations re-arm a random
 *   pending timer before it fires ({@code mod_timer}; for the baseline a remove and an add), one in
 *   four is a {@code tick}.</li>
 * </ul>
 * Timeouts and victims are precomputed and read with cursors; the timers are reused, so steady state
 * allocates nothing for ours. The baseline's remove of an arbitrary timer is a linear search, which is
 * exactly the cost the wheel exists to avoid.
 */
public class TimerWheelBench extends HotPathBenchmark {

    @Param({"wheel", "java.util"})
    public String impl;

    @Param({"16", "1024", "65536"})
    public int pending;

    private TimerSet timers;
    private final int[] timeouts = new int[INPUTS];
    private final int[] victims = new int[INPUTS];
    private int cursor;
    private int operation;
    private long jiffies;

    /** Timers by number: re-arm one, or run one jiffy (whose expired timers re-arm themselves). */
    interface TimerSet {
        void modTimer(int timer, long expires);

        /** Runs the timers due at {@code jiffies}; returns how many ran. */
        int tick(long jiffies);
    }

    /** Ours: one wheel, each timer's function re-arming it. */
    static final class Wheel implements TimerSet {
        private final TimerWheel wheel = new TimerWheel(0);
        private final TimerList[] timers;
        private int ran;

        Wheel(int count, TimerWheelBench bench) {
            timers = new TimerList[count];
            for (int i = 0; i < count; i++) {
                timers[i] = new TimerList(wheel, t -> {
                    ran++;
                    wheel.modTimer(t, (int) bench.jiffies + bench.nextTimeout());
                });
            }
        }

        @Override
        public void modTimer(int timer, long expires) {
            wheel.modTimer(timers[timer], (int) expires);
        }

        @Override
        public int tick(long jiffies) {
            ran = 0;
            wheel.runTimers((int) jiffies);
            return ran;
        }
    }

    /** The baseline: a binary heap of timers; re-arming a pending timer removes it by linear search. */
    static final class Heap implements TimerSet {
        /** A baseline timer: its expiry and the arming sequence that keeps equal expiries FIFO. */
        static final class Timer {
            long expires;
            long seq;
            boolean pending;
        }

        private final PriorityQueue<Timer> queue = new PriorityQueue<>(
                Comparator.<Timer>comparingLong(t -> t.expires).thenComparingLong(t -> t.seq));
        private final Timer[] timers;
        private final TimerWheelBench bench;
        private long seq;

        Heap(int count, TimerWheelBench bench) {
            this.bench = bench;
            timers = new Timer[count];
            for (int i = 0; i < count; i++) {
                timers[i] = new Timer();
            }
        }

        @Override
        public void modTimer(int timer, long expires) {
            Timer t = timers[timer];
            if (t.pending) {
                queue.remove(t);
            }
            arm(t, expires);
        }

        private void arm(Timer t, long expires) {
            t.expires = expires;
            t.seq = seq++;
            t.pending = true;
            queue.add(t);
        }

        @Override
        public int tick(long jiffies) {
            int ran = 0;
            while (!queue.isEmpty() && queue.peek().expires <= jiffies) {
                Timer t = queue.poll();
                t.pending = false;
                ran++;
                arm(t, jiffies + bench.nextTimeout());
            }
            return ran;
        }
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < INPUTS; i++) {
            timeouts[i] = 1 + random.nextInt(2048);
            victims[i] = random.nextInt(pending);
        }
        timers = "wheel".equals(impl) ? new Wheel(pending, this) : new Heap(pending, this);
        for (int i = 0; i < pending; i++) {
            timers.modTimer(i, nextTimeout());
        }
    }

    int nextTimeout() {
        return timeouts[cursor++ & MASK];
    }

    @Benchmark
    public int tick() {
        return timers.tick(++jiffies);
    }

    @Benchmark
    public int modHeavy() {
        int i = operation++ & MASK;
        if ((i & 3) == 0) {
            return tick();
        }
        timers.modTimer(victims[i], jiffies + nextTimeout());
        return victims[i];
    }
}
