package dev.xenolith.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With nohz, idle CPUs stop their tick, so they do not balance for themselves: 2.6.25's idle load balancer
 * keeps one idle CPU ticking and balances on behalf of the others, pulling work onto them.
 */
class IdleLoadBalancerTest {
    private static final List<Op> HOG = List.of(Op.Compute.of(Work.picos(Picos.PER_MILLISECOND)),
            new Op.Loop(Op.Loop.FOREVER));

    @Test
    void eightHogsForkedOnOneCpuSpreadTwoPerCpuUnderNohz() {
        assertSpreadTwoPerCpu(0, 3);
    }

    /**
     * Forked after every CPU has gone tickless, when nobody owns the balancing: the busy CPU's tick hands
     * ownership to the first tickless CPU ({@code resched_cpu}), which balances for the others.
     */
    @Test
    void hogsForkedWhenEveryCpuIsTicklessStillSpread() {
        assertSpreadTwoPerCpu(Picos.PER_SECOND, 4);
    }

    private static void assertSpreadTwoPerCpu(long startPicos, int seconds) {
        List<TaskConfig> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(new TaskConfig("hog" + i, Policy.NORMAL, 0, 0, List.of(), startPicos, HOG));
        }
        NativeMachine m = new NativeMachine(4, new KernelConfig(250, true, false, true, 1, tasks));
        m.runUntil(seconds * Picos.PER_SECOND);

        int[] perCpu = new int[4];
        for (var task : m.linux.tasks()) {
            perCpu[task.cpu()]++;
        }
        assertThat(perCpu).containsExactly(2, 2, 2, 2);
        for (int cpu = 0; cpu < 4; cpu++) {
            assertThat(m.linux.timerList(cpu).tickStopped()).isFalse();
        }
    }
}
