package dev.xenolith.bench.guest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scheduler baselines do the same job as the guest's scheduler: driven through the same operations, they
 * pick the same task every time. Otherwise a ratio between them would compare different workloads.
 */
class BaselineEquivalenceTest {

    @ParameterizedTest(name = "{0} runnable tasks")
    @ValueSource(ints = {8, 64})
    void theTreeMapCfsPicksWhatTheGuestsCfsPicks(int tasks) {
        CfsBench ours = cfs("cfs", tasks);
        CfsBench baseline = cfs("java.util", tasks);
        int switches = 0;
        int previous = -2;
        for (int i = 0; i < 20_000; i++) {
            // both workloads, interleaved in an irregular pattern
            boolean preempt = (i * 7 % 5) < 2;
            int picked = preempt ? ours.preempt() : ours.sleepWake();
            int expected = preempt ? baseline.preempt() : baseline.sleepWake();
            assertThat(picked).as("operation %d", i).isEqualTo(expected);
            switches += picked != previous ? 1 : 0;
            previous = picked;
        }
        assertThat(switches).as("the workload switches tasks").isGreaterThan(5_000);
    }

    @ParameterizedTest(name = "{0} RT tasks")
    @ValueSource(ints = {8, 64})
    void thePriorityQueueRtPicksWhatTheGuestsRtClassPicks(int tasks) {
        RtPickBench ours = rt("bitmap", tasks);
        RtPickBench baseline = rt("java.util", tasks);
        for (int i = 0; i < 20_000; i++) {
            assertThat(ours.sleepWake()).as("operation %d", i).isEqualTo(baseline.sleepWake());
        }
    }

    private static CfsBench cfs(String impl, int tasks) {
        CfsBench bench = new CfsBench();
        bench.impl = impl;
        bench.tasks = tasks;
        bench.setUp();
        return bench;
    }

    private static RtPickBench rt(String impl, int tasks) {
        RtPickBench bench = new RtPickBench();
        bench.impl = impl;
        bench.tasks = tasks;
        bench.setUp();
        return bench;
    }
}
