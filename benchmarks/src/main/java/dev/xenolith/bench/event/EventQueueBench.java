package dev.xenolith.bench.event;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventQueue;
import dev.xenolith.machine.event.IndexedEventQueue;
import dev.xenolith.machine.event.PriorityQueueEventQueue;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The machine's pending-event set against the {@code java.util.PriorityQueue} baseline, in one run.
 *
 * <ul>
 *   <li>{@code hold}: the classic pending-event-set workload: take the earliest event and reschedule it
 *   a random increment later, so the queue size never drifts.</li>
 *   <li>{@code cancelHeavy}: what timers do in a kernel: three in four operations re-arm a pending event
 *   before it fires (deschedule + schedule, as {@code mod_ac_timer} or an APIC one-shot does), one in
 *   four takes the earliest and reschedules it.</li>
 * </ul>
 * Increments and victims are precomputed and read with a cursor, so the measured path does no
 * random-number work and the event objects are reused: steady state allocates nothing for ours.
 */
public class EventQueueBench extends HotPathBenchmark {

    @Param({"indexed", "java.util"})
    public String impl;

    @Param({"16", "1024", "65536"})
    public int pending;

    private EventQueue queue;
    private Event[] events;
    private final long[] increments = new long[INPUTS];
    private final int[] victims = new int[INPUTS];
    private int cursor;
    private long now;

    @Setup
    public void setUp() {
        queue = "indexed".equals(impl) ? new IndexedEventQueue(pending) : new PriorityQueueEventQueue(pending);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < INPUTS; i++) {
            increments[i] = 1 + random.nextLong(1_000_000);
            victims[i] = random.nextInt(pending);
        }
        events = new Event[pending];
        for (int i = 0; i < pending; i++) {
            events[i] = new Event("e" + i, 0, t -> { });
            queue.schedule(events[i], increments[i]);
        }
    }

    @Benchmark
    public Event hold() {
        Event first = queue.poll();
        now = first.when();
        queue.schedule(first, now + increments[cursor++ & MASK]);
        return first;
    }

    @Benchmark
    public Event cancelHeavy() {
        int i = cursor++ & MASK;
        if ((i & 3) == 0) {
            return hold();
        }
        Event victim = events[victims[i]];
        queue.deschedule(victim);
        queue.schedule(victim, now + increments[i]);
        return victim;
    }
}
