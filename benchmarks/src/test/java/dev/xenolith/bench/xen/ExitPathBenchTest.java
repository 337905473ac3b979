package dev.xenolith.bench.xen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.hypervisor.BenchXen;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link ExitPathBench}'s two operations run, counted from the trace of the same machine booted with a
 * sink: the exit path every time, the timer softirq once per operation in one and never in the other, and
 * neither a timer function nor a scheduling decision in either (else operations would not be alike).
 */
final class ExitPathBenchTest {
    private static final int OPERATIONS = 500;

    @Test
    void nothingPending_goesStraightBackToTheGuest() {
        CallCounter calls = new CallCounter();
        BenchXen xen = new BenchXen(calls);
        calls.counts.clear();
        for (int i = 0; i < OPERATIONS; i++) {
            xen.eventCheckInterrupt();
        }
        assertThat(calls.counts).containsEntry("event_check_interrupt", OPERATIONS)
                .containsEntry("ret_from_intr", OPERATIONS)
                .containsEntry("test_all_events", OPERATIONS)
                .containsEntry("restore_all_guest", OPERATIONS)
                .doesNotContainKeys("do_softirq", "ac_timer_softirq_action", "create_bounce_frame");
    }

    @Test
    void timerSoftirq_runsTheAcTimerSoftirqOncePerOperation() {
        CallCounter calls = new CallCounter();
        BenchXen xen = new BenchXen(calls);
        long switches = xen.vcpuSwitches();
        calls.counts.clear();
        for (int i = 0; i < OPERATIONS; i++) {
            xen.apicTimerInterrupt();
        }
        assertThat(calls.counts).containsEntry("apic_timer_interrupt", OPERATIONS)
                .containsEntry("test_all_events", OPERATIONS)
                .containsEntry("do_softirq", OPERATIONS)
                .containsEntry("ac_timer_softirq_action", OPERATIONS)
                .containsEntry("reprogram_ac_timer", OPERATIONS)
                .containsEntry("restore_all_guest", OPERATIONS)
                .doesNotContainKeys("s_timer_fn", "t_timer_fn", "__enter_scheduler", "create_bounce_frame");
        assertThat(xen.vcpuSwitches()).isEqualTo(switches);
    }

    /** Counts traced calls by symbol. */
    private static final class CallCounter implements TraceSink {
        final Map<String, Integer> counts = new HashMap<>();

        @Override
        public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
            counts.merge(function.symbol(), 1, Integer::sum);
        }

        @Override
        public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        }

        @Override
        public void event(int cpu, long time, Layer layer, TraceEvent event) {
        }
    }
}
