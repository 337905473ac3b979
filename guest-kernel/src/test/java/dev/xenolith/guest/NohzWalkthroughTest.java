package dev.xenolith.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From the periodic tick to nohz (linux.md §5.5–5.7), on a native boot, read from the trace. */
class NohzWalkthroughTest {
    private static final long MS = Picos.PER_MILLISECOND;
    private static final List<Op> HOG = List.of(Op.Compute.of(Work.picos(MS)), new Op.Loop(Op.Loop.FOREVER));

    private static NativeMachine boot(int cpus, boolean nohz, boolean highres, TraceLog log, TaskConfig... tasks) {
        KernelConfig config = new KernelConfig(1000, nohz, highres, true, 1, List.of(tasks));
        return new NativeMachine(cpus, config, CostModel.defaults(), log);
    }

    private static TaskConfig hogOn(int cpu) {
        return new TaskConfig("hog" + cpu, Policy.NORMAL, 0, 0, List.of(cpu), 0, HOG);
    }

    @Test
    void lowResolutionNohzTakesOverFromThePeriodicTickOnTheFirstTimerSoftirqAfterTheClocksource() {
        TraceLog log = new TraceLog();
        NativeMachine m = boot(1, true, false, log, hogOn(0));
        m.runUntil(300 * MS);

        List<String> trace = log.on(0, 0);
        int switched = TraceLog.matchInOrder(trace, List.of(">tick_handle_periodic", ">do_timer", ">run_timer_softirq",
                ">hrtimer_run_pending", ">tick_check_oneshot_change", ">tick_nohz_switch_to_nohz",
                ">serial8250_console_write"));
        assertThat(switched).isPositive();
        assertThat(trace.subList(switched, trace.size())).doesNotContain(">tick_handle_periodic");
        assertThat(TraceLog.matchInOrder(trace.subList(switched, trace.size()), List.of(">apic_timer_interrupt",
                ">smp_apic_timer_interrupt", ">irq_enter", ">local_apic_timer_interrupt", ">tick_nohz_handler",
                ">tick_do_update_jiffies64", ">do_timer", ">update_process_times", ">account_process_tick",
                ">run_local_timers", ">hrtimer_run_queues", ">scheduler_tick", ">task_tick_fair",
                ">tick_nohz_reprogram", ">lapic_next_event", ">irq_exit", ">ret_from_intr"))).isPositive();
        assertThat(m.linux.consoleLog()).contains("Switched to NOHz mode on CPU #0");
        assertThat(m.console()).contains("Switched to NOHz mode on CPU #0");
    }

    @Test
    void highResolutionRunsTheTickFromHrtimerInterruptThroughTickSchedTimer() {
        TraceLog log = new TraceLog();
        NativeMachine m = boot(1, true, true, log, hogOn(0));
        m.runUntil(300 * MS);

        List<String> trace = log.on(0, 0);
        int switched = TraceLog.matchInOrder(trace, List.of(">run_timer_softirq", ">hrtimer_run_pending",
                ">tick_check_oneshot_change", ">hrtimer_switch_to_hres"));
        assertThat(switched).isPositive();
        assertThat(TraceLog.matchInOrder(trace.subList(switched, trace.size()), List.of(">apic_timer_interrupt",
                ">local_apic_timer_interrupt", ">hrtimer_interrupt", ">tick_sched_timer", ">tick_do_update_jiffies64",
                ">update_process_times", ">scheduler_tick", ">task_tick_fair", ">lapic_next_event"))).isPositive();
        assertThat(m.linux.timerList(0).hresActive()).isTrue();
        assertThat(m.linux.consoleLog()).contains("Switched to high resolution mode on CPU 0");
        assertThat(m.console()).doesNotContain("high resolution"); // KERN_DEBUG stays in the log
    }

    /**
     * Three CPUs: one busy, two idle. With nohz the first idle CPU to stop its tick becomes the idle load
     * balancer and keeps ticking (2.6.25); the other idle one takes (almost) no timer interrupts. Without
     * nohz, every CPU takes HZ. The busy CPU takes HZ either way, and jiffies advance at HZ throughout.
     */
    @Test
    void anIdleCpuWithNohzTakesAlmostNoTicksWhileABusyOneTakesHz() {
        for (boolean nohz : new boolean[] {true, false}) {
            NativeMachine m = boot(3, nohz, false, null, hogOn(0));
            m.runUntil(Picos.PER_SECOND);
            long[] before = interrupts(m);
            long jiffiesBefore = m.linux.jiffies64();
            m.runUntil(3 * Picos.PER_SECOND);
            long[] after = interrupts(m);
            List<Long> perSecond = new ArrayList<>();
            for (int cpu = 0; cpu < 3; cpu++) {
                perSecond.add((after[cpu] - before[cpu]) / 2);
            }
            assertThat(m.linux.jiffies64() - jiffiesBefore).isEqualTo(2000);
            assertThat(perSecond.get(0)).isBetween(999L, 1001L);
            if (nohz) {
                int ilb = m.linux.timerList(1).tickStopped() ? 2 : 1;
                int tickless = 3 - ilb;
                assertThat(perSecond.get(ilb)).as("the idle load balancer keeps ticking").isBetween(999L, 1001L);
                assertThat(perSecond.get(tickless)).as("tickless idle CPU").isLessThanOrEqualTo(5L);
                assertThat(m.linux.timerList(tickless).tickStopped()).isTrue();
                assertThat(m.linux.timerList(tickless).idleSleeps()).isPositive();
            } else {
                assertThat(perSecond.get(1)).isBetween(999L, 1001L);
                assertThat(perSecond.get(2)).isBetween(999L, 1001L);
            }
        }
    }

    /**
     * All CPUs idle: nobody ticks and jiffies go stale; whichever CPU wakes first takes the jiffies duty and
     * catches up, so whenever a CPU is busy (ticking), jiffies agree with the time elapsed.
     */
    @Test
    void whenEveryCpuIdlesNoneTicksAndJiffiesCatchUpAcrossTheDutyHandOver() {
        List<Op> sleeper = List.of(new Op.Sleep(700 * MS), Op.Compute.of(Work.picos(MS)), new Op.Loop(Op.Loop.FOREVER));
        NativeMachine m = boot(2, true, false, null,
                new TaskConfig("sleeper", Policy.NORMAL, 0, 0, List.of(1), 0, sleeper));
        m.runUntil(Picos.PER_SECOND);
        long[] before = interrupts(m);
        long refTime = -1;
        long refJiffies = 0;
        int busySamples = 0;
        for (long t = Picos.PER_SECOND; t <= 3 * Picos.PER_SECOND; t += 100 * Picos.PER_MICROSECOND) {
            m.runUntil(t);
            if (m.linux.current(1) == m.linux.scheduler().idleTask(1)) {
                continue;
            }
            busySamples++;
            if (refTime < 0) {
                refTime = t;
                refJiffies = m.linux.jiffies64();
            } else {
                long expected = refJiffies + (t - refTime) / MS;
                assertThat(m.linux.jiffies64()).as("jiffies at %d ps", t).isBetween(expected - 1, expected + 1);
            }
        }
        long[] after = interrupts(m);
        assertThat(busySamples).as("samples while the sleeper ran (three 1 ms runs)").isGreaterThan(20);
        assertThat(after[0] - before[0]).as("cpu0 timer interrupts in 2 s").isLessThanOrEqualTo(10);
        assertThat(after[1] - before[1]).as("cpu1 timer interrupts in 2 s: 3 wake-ups, each with a ms of ticks")
                .isLessThanOrEqualTo(20);
    }

    private static long[] interrupts(NativeMachine m) {
        long[] counts = new long[m.machine.cpuCount()];
        for (int cpu = 0; cpu < counts.length; cpu++) {
            counts[cpu] = m.linux.localTimerInterrupts(cpu);
        }
        return counts;
    }
}
