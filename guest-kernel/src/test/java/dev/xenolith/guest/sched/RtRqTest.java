package dev.xenolith.guest.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RT priority array: one FIFO list per priority and a bitmap of the non-empty ones whose delimiter bit
 * 100 makes find-first-bit return MAX_RT_PRIO when no RT task is queued.
 */
class RtRqTest {

    private static Task rt(int prio, String comm) {
        Task p = new Task(prio + 1, comm);
        p.prio = prio;
        p.nrCpusAllowed = 1;
        return p;
    }

    @Test
    void anEmptyArrayFindsTheDelimiter() {
        assertThat(new RtRq().highestPrio()).isEqualTo(PrioTables.MAX_RT_PRIO);
    }

    /** Each of the 100 priorities alone, in both bitmap words and across the word boundary at 64. */
    @Test
    void everyPriorityIsFoundAndClearedAlone() {
        for (int prio = 0; prio < PrioTables.MAX_RT_PRIO; prio++) {
            RtRq rq = new RtRq();
            Task p = rt(prio, "p");
            rq.enqueue(p);
            assertThat(rq.highestPrio()).isEqualTo(prio);
            assertThat(rq.head(prio)).isSameAs(p);
            rq.dequeue(p);
            assertThat(rq.highestPrio()).isEqualTo(PrioTables.MAX_RT_PRIO);
            assertThat(rq.rtNrRunning).isZero();
        }
    }

    /** All 100 priorities queued in a shuffled order come out highest (numerically lowest) first. */
    @Test
    void allPrioritiesComeOutInOrder() {
        List<Task> tasks = new ArrayList<>();
        for (int prio = 0; prio < PrioTables.MAX_RT_PRIO; prio++) {
            tasks.add(rt(prio, "p" + prio));
        }
        Collections.shuffle(tasks, new Random(100));
        RtRq rq = new RtRq();
        tasks.forEach(rq::enqueue);
        assertThat(rq.rtNrRunning).isEqualTo(100);
        for (int prio = 0; prio < PrioTables.MAX_RT_PRIO; prio++) {
            assertThat(rq.highestPrio()).isEqualTo(prio);
            rq.dequeue(rq.head(prio));
        }
        assertThat(rq.highestPrio()).isEqualTo(PrioTables.MAX_RT_PRIO);
    }

    /** A priority's bit stays set until its last task leaves; requeue moves a task behind its peers. */
    @Test
    void aListIsFifoAndItsBitClearsWithTheLastTask() {
        RtRq rq = new RtRq();
        Task a = rt(63, "a");
        Task b = rt(63, "b");
        Task c = rt(64, "c");
        rq.enqueue(a);
        rq.enqueue(b);
        rq.enqueue(c);
        assertThat(rq.head(63)).isSameAs(a);
        assertThat(rq.hasPeers(a)).isTrue();
        assertThat(rq.hasPeers(c)).isFalse();

        rq.requeue(a);
        assertThat(rq.head(63)).isSameAs(b);
        rq.dequeue(b);
        assertThat(rq.highestPrio()).isEqualTo(63);
        assertThat(rq.hasPeers(a)).isFalse();
        rq.dequeue(a);
        assertThat(rq.highestPrio()).isEqualTo(64);
        rq.dequeue(c);
        assertThat(rq.highestPrio()).isEqualTo(PrioTables.MAX_RT_PRIO);
    }
}
