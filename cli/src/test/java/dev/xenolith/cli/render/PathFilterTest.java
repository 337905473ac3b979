package dev.xenolith.cli.render;

import static dev.xenolith.cli.testing.TestTrace.XEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xenolith.cli.testing.TestTrace.Fn;
import dev.xenolith.cli.testing.TestTrace.Raise;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PathFilterTest {
    private static final Fn IRQ = Fn.APIC_TIMER_INTERRUPT;
    private static final Fn SMP = Fn.SMP_APIC_TIMER_INTERRUPT;
    private static final Fn SOFTIRQ = Fn.DO_SOFTIRQ;

    /** Records what passes the filter, one short line per record. */
    private static final class Recorder implements TraceSink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
            seen.add(cpu + " " + function.symbol() + " {");
        }

        @Override
        public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
            seen.add(cpu + " } " + function.symbol());
        }

        @Override
        public void event(int cpu, long time, Layer layer, TraceEvent event) {
            seen.add(cpu + " " + event.name());
        }

        @Override
        public void finish(long time) {
            seen.add("finish");
        }
    }

    private final Recorder recorder = new Recorder();

    private PathFilter filter(String path, int cpu) {
        return new PathFilter(TracePath.parse(path), cpu, recorder);
    }

    @Test
    void toInsideFrom_passesFromTheEntryOfFromToTheExitOfTo() {
        PathFilter filter = filter("apic_timer_interrupt..do_softirq", -1);
        filter.event(0, 1, XEN, new Raise("before"));
        filter.functionEntry(0, 2, XEN, IRQ);
        filter.functionEntry(0, 3, XEN, SMP);
        filter.event(0, 4, XEN, new Raise("AC_TIMER_SOFTIRQ"));
        filter.functionExit(0, 5, XEN, SMP, 2);
        filter.functionEntry(0, 6, XEN, SOFTIRQ);
        filter.functionExit(0, 7, XEN, SOFTIRQ, 1);
        filter.functionExit(0, 8, XEN, IRQ, 6);
        filter.functionEntry(0, 9, XEN, IRQ);
        filter.finish(10);

        assertThat(filter.complete()).isTrue();
        assertThat(recorder.seen).containsExactly("0 apic_timer_interrupt {", "0 smp_apic_timer_interrupt {",
                "0 softirq_raise", "0 } smp_apic_timer_interrupt", "0 do_softirq {", "0 } do_softirq", "finish");
    }

    @Test
    void toAfterFromReturned_followsTheCpuAcrossTheReturn() {
        PathFilter filter = filter("smp_apic_timer_interrupt..do_softirq", -1);
        filter.functionEntry(0, 1, XEN, IRQ);
        filter.functionEntry(0, 2, XEN, SMP);
        filter.functionExit(0, 3, XEN, SMP, 1);
        filter.functionExit(0, 4, XEN, IRQ, 3);
        filter.functionEntry(0, 5, XEN, SOFTIRQ);
        filter.functionExit(0, 6, XEN, SOFTIRQ, 1);
        filter.functionEntry(0, 7, XEN, SOFTIRQ);

        assertThat(recorder.seen).containsExactly("0 smp_apic_timer_interrupt {", "0 } smp_apic_timer_interrupt",
                "0 } apic_timer_interrupt", "0 do_softirq {", "0 } do_softirq");
    }

    @Test
    void fromAndToTheSame_isOneCallEvenWhenItNests() {
        PathFilter filter = filter("do_softirq..do_softirq", -1);
        filter.functionEntry(0, 1, XEN, SOFTIRQ);
        filter.functionEntry(0, 2, XEN, SOFTIRQ);
        filter.functionExit(0, 3, XEN, SOFTIRQ, 1);
        filter.functionExit(0, 4, XEN, SOFTIRQ, 3);
        filter.functionEntry(0, 5, XEN, SOFTIRQ);

        assertThat(recorder.seen).containsExactly("0 do_softirq {", "0 do_softirq {", "0 } do_softirq",
                "0 } do_softirq");
    }

    @Test
    void firstCpuToEnterFrom_isFollowedAndOtherCpusAreDropped() {
        PathFilter filter = filter("apic_timer_interrupt..do_softirq", -1);
        filter.functionEntry(1, 1, XEN, SMP);
        filter.functionEntry(2, 2, XEN, IRQ);
        filter.functionEntry(1, 3, XEN, IRQ);
        filter.functionEntry(2, 4, XEN, SOFTIRQ);
        filter.functionExit(1, 5, XEN, IRQ, 2);
        filter.functionExit(2, 6, XEN, SOFTIRQ, 2);

        assertThat(recorder.seen).containsExactly("2 apic_timer_interrupt {", "2 do_softirq {", "2 } do_softirq");
    }

    @Test
    void cpuAskedFor_isTheOnlyOneFollowed() {
        PathFilter filter = filter("apic_timer_interrupt..apic_timer_interrupt", 1);
        filter.functionEntry(0, 1, XEN, IRQ);
        filter.functionExit(0, 2, XEN, IRQ, 1);
        filter.functionEntry(1, 3, XEN, IRQ);
        filter.functionExit(1, 4, XEN, IRQ, 1);

        assertThat(recorder.seen).containsExactly("1 apic_timer_interrupt {", "1 } apic_timer_interrupt");
    }

    @Test
    void pathAfter_skipsEveryFromEnteredEarlier() {
        PathFilter filter = new PathFilter(TracePath.parse("apic_timer_interrupt..do_softirq").after(5), -1, recorder);
        filter.functionEntry(0, 4, XEN, IRQ);
        filter.functionEntry(0, 5, XEN, SOFTIRQ);
        filter.functionExit(0, 6, XEN, SOFTIRQ, 1);
        filter.functionExit(0, 7, XEN, IRQ, 3);
        filter.functionEntry(1, 8, XEN, IRQ);
        filter.functionEntry(1, 9, XEN, SOFTIRQ);
        filter.functionExit(1, 10, XEN, SOFTIRQ, 1);

        assertThat(filter.complete()).isTrue();
        assertThat(recorder.seen).containsExactly("1 apic_timer_interrupt {", "1 do_softirq {", "1 } do_softirq");
        assertThat(new PathFilter(TracePath.parse("a..b").after(1_500_000_000L), -1, recorder).whyIncomplete(
                2_000_000_000L)).isEqualTo("--path a..b: a was never entered on any CPU from 0.001500 s on before the"
                        + " run ended at 0.002000 s");
    }

    @Test
    void incompletePath_saysWhatIsMissingAndWhere() {
        PathFilter never = filter("apic_timer_interrupt..do_softirq", -1);
        assertThat(never.complete()).isFalse();
        assertThat(never.whyIncomplete(2_000_000_000L)).isEqualTo("--path apic_timer_interrupt..do_softirq:"
                + " apic_timer_interrupt was never entered on any CPU before the run ended at 0.002000 s");
        assertThat(filter("a..b", 3).whyIncomplete(0)).contains("a was never entered on cpu3");

        PathFilter open = filter("apic_timer_interrupt..do_softirq", -1);
        open.functionEntry(2, 1_000_000L, XEN, IRQ);
        assertThat(open.whyIncomplete(5_000_000L)).isEqualTo("--path apic_timer_interrupt..do_softirq: cpu2 entered"
                + " apic_timer_interrupt at 0.000001 s, but do_softirq was not entered after it when the run ended"
                + " at 0.000005 s");
        open.functionEntry(2, 2_000_000L, XEN, SOFTIRQ);
        assertThat(open.whyIncomplete(5_000_000L)).contains("but do_softirq had not returned");
    }

    @Test
    void pathSyntax_needsTwoNamesJoinedByOneDoubleDot() {
        assertThat(TracePath.parse("a..b")).isEqualTo(new TracePath("a", "b", 0));
        assertThat(TracePath.parse("foo.isra.0..bar")).isEqualTo(new TracePath("foo.isra.0", "bar", 0));
        for (String bad : List.of("a", "a.b", "..b", "a..", "..", "a..b..c", " ..b")) {
            assertThatThrownBy(() -> TracePath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected FROM..TO").hasMessageContaining("'" + bad + "'");
        }
    }
}
