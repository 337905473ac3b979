package dev.xenolith.machine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test: the indexed heap and the java.util baseline run the same seeded random sequence of
 * schedule / reschedule / deschedule / poll operations and must agree on every event they return. Equal
 * times and priorities are frequent on purpose, so the FIFO tie-break is exercised.
 */
final class EventQueueModelTest {

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 40).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void indexedHeap_agreesWithPriorityQueueBaseline(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int population = 1 + random.nextInt(300);
        List<Event> ours = events(population);
        List<Event> theirs = events(population);
        EventQueue indexed = new IndexedEventQueue(4);
        EventQueue baseline = new PriorityQueueEventQueue(4);
        long clock = 0;
        for (int step = 0; step < 5_000; step++) {
            int i = random.nextInt(population);
            int op = random.nextInt(10);
            long when = clock + random.nextInt(8); // few distinct times: many ties
            if (op < 4) {
                indexed.reschedule(ours.get(i), when);
                baseline.reschedule(theirs.get(i), when);
            } else if (op < 6) {
                indexed.deschedule(ours.get(i));
                baseline.deschedule(theirs.get(i));
            } else {
                Event a = indexed.poll();
                Event b = baseline.poll();
                assertThat(name(a)).as("seed %d step %d", seed, step).isEqualTo(name(b));
                if (a != null) {
                    assertThat(a.when()).isEqualTo(b.when());
                    assertThat(a.isScheduled()).isFalse();
                    clock = a.when();
                }
            }
            assertThat(indexed.size()).isEqualTo(baseline.size());
            assertThat(ours.get(i).isScheduled()).isEqualTo(theirs.get(i).isScheduled());
        }
        while (!baseline.isEmpty()) {
            assertThat(name(indexed.poll())).isEqualTo(name(baseline.poll()));
        }
        assertThat(indexed.isEmpty()).isTrue();
    }

    @Test
    void sameTimeAndPriority_firesInSchedulingOrder() {
        EventQueue queue = new IndexedEventQueue();
        List<String> fired = new ArrayList<>();
        for (String name : List.of("c", "a", "b")) {
            queue.schedule(new Event(name, EventPriority.DEVICE, now -> fired.add(name)), 10);
        }
        queue.schedule(new Event("cpu", EventPriority.CPU, now -> fired.add("cpu")), 10);
        queue.schedule(new Event("input", EventPriority.INPUT, now -> fired.add("input")), 10);
        queue.schedule(new Event("early", EventPriority.LAST, now -> fired.add("early")), 9);
        while (!queue.isEmpty()) {
            queue.fireNext();
        }
        assertThat(fired).containsExactly("early", "input", "c", "a", "b", "cpu");
    }

    @Test
    void reschedule_movesBehindEventsAlreadyAtTheNewTime() {
        EventQueue queue = new IndexedEventQueue();
        Event first = new Event("first", 0, now -> { });
        Event second = new Event("second", 0, now -> { });
        queue.schedule(first, 5);
        queue.schedule(second, 5);
        queue.reschedule(first, 5);
        assertThat(queue.poll()).isSameAs(second);
        assertThat(queue.poll()).isSameAs(first);
    }

    @Test
    void scheduleOfPendingEvent_isAProgrammingError() {
        EventQueue queue = new IndexedEventQueue();
        Event event = new Event("e", 0, now -> { });
        queue.schedule(event, 1);
        assertThatThrownBy(() -> queue.schedule(event, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void descheduleAfterFiring_isHarmless() {
        EventQueue queue = new IndexedEventQueue();
        int[] count = {0};
        Event event = new Event("e", 0, now -> count[0]++);
        queue.schedule(event, Long.MAX_VALUE);
        queue.fireNext();
        queue.deschedule(event);
        assertThat(count[0]).isEqualTo(1);
        assertThat(queue.isEmpty()).isTrue();
    }

    private static List<Event> events(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new Event("e" + i, i % 3 - 1, now -> { }));
        }
        return events;
    }

    private static String name(Event event) {
        return event == null ? null : event.name();
    }
}
