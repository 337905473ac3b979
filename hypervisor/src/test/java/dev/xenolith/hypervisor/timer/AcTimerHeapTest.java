package dev.xenolith.hypervisor.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.trace.TracedFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AcTimerHeapTest {
    private static final TracedFunction FN = new TracedFunction() {
        @Override
        public String costName() {
            return "test_fn";
        }

        @Override
        public long defaultCycles() {
            return 0;
        }
    };

    private static AcTimer timer() {
        return new AcTimer(FN, 0, (cpu, now) -> { });
    }

    @Test
    void addAndRemove_reportWhetherTheTopChanged() {
        AcTimerHeap heap = new AcTimerHeap();
        AcTimer late = timer();
        AcTimer early = timer();
        AcTimer later = timer();
        assertThat(heap.add(late, 200)).as("first timer is the top").isTrue();
        assertThat(heap.add(early, 100)).as("earlier timer becomes the top").isTrue();
        assertThat(heap.add(later, 300)).as("later timer does not").isFalse();
        assertThat(heap.remove(late)).as("removing a non-top").isFalse();
        assertThat(heap.remove(early)).as("removing the top").isTrue();
        assertThat(heap.top()).isSameAs(later);
        assertThat(heap.remove(early)).as("removing an inactive timer").isFalse();
        assertThat(early.isActive()).isFalse();
    }

    @Test
    void heapGrowsPastTheDefaultLimitOf127() {
        AcTimerHeap heap = new AcTimerHeap();
        for (int i = 0; i < 1000; i++) {
            heap.add(timer(), 1000 - i);
        }
        assertThat(heap.size()).isEqualTo(1000);
        assertThat(heap.top().expires()).isEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithPriorityQueueOnExpiryOrder(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        AcTimerHeap heap = new AcTimerHeap();
        PriorityQueue<AcTimer> model = new PriorityQueue<>(Comparator.comparingLong(AcTimer::expires));
        List<AcTimer> timers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            timers.add(timer());
        }
        for (int step = 0; step < 20_000; step++) {
            AcTimer t = timers.get(random.nextInt(timers.size()));
            if (random.nextInt(3) == 0) {
                boolean wasTop = t.isActive() && heap.top() == t;
                assertThat(heap.remove(t)).isEqualTo(wasTop);
                model.remove(t);
            } else if (!t.isActive()) {
                heap.add(t, random.nextLong(1000));
                model.add(t);
            }
            assertThat(heap.size()).isEqualTo(model.size());
            if (!model.isEmpty()) {
                assertThat(heap.top().expires()).isEqualTo(model.peek().expires());
            }
        }
    }
}
