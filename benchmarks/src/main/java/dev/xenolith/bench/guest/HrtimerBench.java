package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import static dev.xenolith.guest.time.HrtimerRestart.HRTIMER_RESTART;

import dev.xenolith.guest.time.Hrtimer;
import dev.xenolith.guest.time.HrtimerQueue;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The guest's hrtimer queue against a {@code java.util.TreeMap} keyed by (expiry, sequence), in one run.
 *
 * <ul>
 *   <li>{@code hold}: expire the first timer at its expiry; its function forwards it by a random
 *   interval and asks for a restart (the periodic-timer path of {@code hrtimer_interrupt}), so the
 *   queue size never drifts.</li>
 *   <li>{@code cancelHeavy}: what sleeps and the scheduler tick do: three in four operations cancel a
 *   random timer and start it again later ({@code hrtimer_cancel} + {@code hrtimer_start}), one in four
 *   is a {@code hold}.</li>
 * </ul>
 * Intervals and victims are precomputed and read with cursors; the timers are reused, so steady state
 * allocates nothing for ours (the baseline allocates a key and a map entry per start).
 */
public class HrtimerBench extends HotPathBenchmark {

    @Param({"hrtimer", "java.util"})
    public String impl;

    @Param({"16", "1024", "65536"})
    public int pending;

    private TimerSet timers;
    private final long[] intervals = new long[INPUTS];
    private final int[] victims = new int[INPUTS];
    private int cursor;
    private int operation;
    private long now;

    /** Timers by number: restart one, or expire the first (returning the time it expired at). */
    interface TimerSet {
        void restart(int timer, long expires);

        long expireFirst();
    }

    /** Ours: one clock base whose timers forward themselves and ask for a restart. */
    static final class Queue implements TimerSet {
        private final HrtimerQueue queue = new HrtimerQueue(1);
        private final Hrtimer[] timers;

        Queue(int count, HrtimerBench bench) {
            timers = new Hrtimer[count];
            for (int i = 0; i < count; i++) {
                timers[i] = new Hrtimer(queue, (t, now) -> {
                    HrtimerQueue.hrtimerForward(t, now, bench.nextInterval());
                    return HRTIMER_RESTART;
                });
            }
        }

        @Override
        public void restart(int timer, long expires) {
            HrtimerQueue.hrtimerCancel(timers[timer]);
            queue.hrtimerStart(timers[timer], expires);
        }

        @Override
        public long expireFirst() {
            long now = queue.firstExpiry();
            queue.expireUpTo(now);
            return now;
        }
    }

    /** The baseline: a sorted map from (expiry, sequence) to timer number. */
    static final class SortedMap implements TimerSet {
        record Key(long expires, long seq) implements Comparable<Key> {
            @Override
            public int compareTo(Key o) {
                int c = Long.compare(expires, o.expires);
                return c != 0 ? c : Long.compare(seq, o.seq);
            }
        }

        private final TreeMap<Key, Integer> map = new TreeMap<>();
        private final Key[] keys;
        private final Integer[] numbers;
        private final HrtimerBench bench;
        private long seq;

        SortedMap(int count, HrtimerBench bench) {
            this.bench = bench;
            keys = new Key[count];
            numbers = new Integer[count];
            for (int i = 0; i < count; i++) {
                numbers[i] = i;
            }
        }

        @Override
        public void restart(int timer, long expires) {
            if (keys[timer] != null) {
                map.remove(keys[timer]);
            }
            keys[timer] = new Key(expires, seq++);
            map.put(keys[timer], numbers[timer]);
        }

        @Override
        public long expireFirst() {
            Map.Entry<Key, Integer> first = map.pollFirstEntry();
            long now = first.getKey().expires();
            keys[first.getValue()] = null;
            restart(first.getValue(), now + bench.nextInterval());
            return now;
        }
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < INPUTS; i++) {
            intervals[i] = 1 + random.nextLong(1_000_000);
            victims[i] = random.nextInt(pending);
        }
        timers = "hrtimer".equals(impl) ? new Queue(pending, this) : new SortedMap(pending, this);
        for (int i = 0; i < pending; i++) {
            timers.restart(i, nextInterval());
        }
    }

    long nextInterval() {
        return intervals[cursor++ & MASK];
    }

    @Benchmark
    public long hold() {
        now = timers.expireFirst();
        return now;
    }

    @Benchmark
    public long cancelHeavy() {
        int i = operation++ & MASK;
        if ((i & 3) == 0) {
            return hold();
        }
        timers.restart(victims[i], now + nextInterval());
        return victims[i];
    }
}
