package dev.xenolith.guest.sched;

import static dev.xenolith.guest.NativeMachine.BOOTED;
import static dev.xenolith.guest.sched.SchedKit.IDEAL;
import static dev.xenolith.guest.sched.SchedKit.MS;
import static dev.xenolith.guest.sched.SchedKit.NS_PER_US;
import static dev.xenolith.guest.sched.SchedKit.boot;
import static dev.xenolith.guest.sched.SchedKit.hog;
import static dev.xenolith.guest.sched.SchedKit.pinned;
import static dev.xenolith.guest.sched.SchedKit.reader;
import static dev.xenolith.guest.sched.SchedKit.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.machine.cost.CostModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduling across CPUs: load balancing (linux.md §4.2) and the reschedule IPI of a remote wake-up (§1.8). */
class SmpSchedulingTest {
    private static final int CPUS = 4;
    private static final int HOGS = 8;

    /**
     * Eight CPU hogs forked on CPU 0 of four: the idle CPUs' balancing pulls them until each CPU runs two,
     * and they stay: over the last second of four every hog ran on one CPU only, two hogs per CPU, each
     * about half of it, and nothing migrated.
     */
    @Test
    void eightHogsOnFourCpusEndUpTwoPerCpu() {
        SwitchLog log = new SwitchLog();
        TaskConfig[] hogs = new TaskConfig[HOGS];
        for (int i = 0; i < HOGS; i++) {
            hogs[i] = task("hog" + i, Policy.NORMAL, 0, 0, hog());
        }
        NativeMachine m = boot(CPUS, 250, IDEAL, log, hogs);
        m.runUntil(4000 * MS);

        Sched sched = m.linux.scheduler();
        for (int cpu = 0; cpu < CPUS; cpu++) {
            assertThat(sched.nrRunning(cpu)).as("nr_running of cpu%d", cpu).isEqualTo(2);
        }
        long from = 3000 * MS;
        long to = 4000 * MS;
        int[] perCpu = new int[CPUS];
        for (int i = 0; i < HOGS; i++) {
            List<Integer> ranOn = new ArrayList<>();
            for (int cpu = 0; cpu < CPUS; cpu++) {
                long ran = log.ranOn("hog" + i, cpu, from, to);
                if (ran > 0) {
                    ranOn.add(cpu);
                    assertThat((double) ran).as("hog%d on cpu%d", i, cpu).isCloseTo(500.0 * MS, within(25.0 * MS));
                }
            }
            assertThat(ranOn).as("where hog%d ran in the last second", i).hasSize(1);
            perCpu[ranOn.get(0)]++;
        }
        assertThat(perCpu).containsOnly(2);
        assertThat(log.migrations(from, to)).isZero();
    }

    /**
     * A reader pinned to CPU 1 is woken by the i8042 interrupt, which CPU 0 takes: the wake-up marks CPU 1's
     * current task (its idle task, later a CFS hog) for rescheduling and sends it a reschedule IPI, one per
     * byte; CPU 1 then switches to the reader within 100 µs. Forking the hog onto CPU 1 from CPU 0 is a
     * remote wake-up too. The bytes come 101 and 201 ms after {@link NativeMachine#BOOTED}, while CPU 1 idles,
     * and 401 and 501 ms after, when the hog (forked 300 ms after the reader) runs there; the count starts 50 ms
     * after, once the reader's own fork, another remote wake-up, is over.
     */
    @Test
    void aRemoteWakeUpSendsARescheduleIpi() {
        NativeMachine m = boot(2, 250, CostModel.defaults(), null,
                pinned("reader", Policy.FIFO, 50, 1, 0, reader(MS)),
                pinned("hog", Policy.NORMAL, 0, 1, BOOTED + 300 * MS, hog()));
        for (long at : new long[] {101, 201, 401, 501}) {
            m.keyboard(BOOTED + at * MS, (byte) at);
        }
        m.runUntil(BOOTED + 50 * MS);
        long before = m.linux.rescheduleInterrupts(1);
        long irq1Before = m.linux.deviceInterrupts(0, 1);
        m.runUntil(BOOTED + 250 * MS);
        assertThat(m.linux.rescheduleInterrupts(1) - before).as("while cpu1 idles").isEqualTo(2);
        m.runUntil(BOOTED + 600 * MS);

        assertThat(m.linux.rescheduleInterrupts(1) - before).as("two bytes idle, a fork, two bytes busy").isEqualTo(5);
        assertThat(m.linux.rescheduleInterrupts(0)).isZero();
        assertThat(m.linux.deviceInterrupts(0, 1) - irq1Before).isEqualTo(4);
        assertThat(m.linux.deviceInterrupts(1, 1)).isZero();
        LatencyHistogram latency = SchedKit.task(m, "reader").wakeupLatency();
        assertThat(latency.count()).isEqualTo(4);
        assertThat(latency.max()).isLessThan(100 * NS_PER_US);
        assertThat(SchedKit.task(m, "hog").runtimeNs()).isPositive();
    }
}
