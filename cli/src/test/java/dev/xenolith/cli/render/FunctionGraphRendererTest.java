package dev.xenolith.cli.render;

import static dev.xenolith.cli.testing.TestTrace.XEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.testing.TestTrace.Fn;
import dev.xenolith.cli.testing.TestTrace.Raise;
import org.junit.jupiter.api.Test;

final class FunctionGraphRendererTest {
    @Test
    void nestedCallsLeavesAndEvents_renderInFtraceShape() {
        StringBuilder out = new StringBuilder();
        FunctionGraphRenderer graph = new FunctionGraphRenderer(out, -1);
        graph.functionEntry(0, 10_000_000_000L, XEN, Fn.APIC_TIMER_INTERRUPT);
        graph.functionEntry(0, 10_000_100_000L, XEN, Fn.SMP_APIC_TIMER_INTERRUPT);
        graph.event(0, 10_000_200_000L, XEN, new Raise("AC_TIMER_SOFTIRQ"));
        graph.functionExit(0, 10_000_300_000L, XEN, Fn.SMP_APIC_TIMER_INTERRUPT, 200_000L);
        graph.functionEntry(0, 10_000_300_000L, XEN, Fn.DO_SOFTIRQ);
        graph.functionExit(0, 10_012_300_000L, XEN, Fn.DO_SOFTIRQ, 12_000_000L);
        graph.functionExit(0, 10_250_000_000L, XEN, Fn.APIC_TIMER_INTERRUPT, 250_000_000L);
        graph.finish(0);

        assertThat(out.toString()).isEqualTo(""
                + "# tracer: function_graph\n"
                + "#\n"
                + "# CPU   TIME(s)   LAYER   DURATION                  FUNCTION CALLS\n"
                + "# |       |        |       |   |                     |   |   |   |\n"
                + "  0)    0.010000 | xen   |               |  apic_timer_interrupt() {\n"
                + "  0)    0.010000 | xen   |               |    smp_apic_timer_interrupt() {\n"
                + "  0)    0.010000 | xen   |               |      raise_softirq(AC_TIMER_SOFTIRQ);\n"
                + "  0)    0.010000 | xen   |   0.200 us    |    } /* smp_apic_timer_interrupt */\n"
                + "  0)    0.010000 | xen   | + 12.000 us   |    do_softirq();\n"
                + "  0)    0.010250 | xen   | ! 250.000 us  |  } /* apic_timer_interrupt */\n");
    }

    @Test
    void oneCpuView_dropsOtherCpus() {
        StringBuilder out = new StringBuilder();
        FunctionGraphRenderer graph = new FunctionGraphRenderer(out, 1);
        graph.functionEntry(0, 0, XEN, Fn.DO_SOFTIRQ);
        graph.functionExit(0, 0, XEN, Fn.DO_SOFTIRQ, 0);
        graph.functionEntry(1, 0, XEN, Fn.DO_SOFTIRQ);
        graph.functionExit(1, 0, XEN, Fn.DO_SOFTIRQ, 0);
        graph.finish(0);
        assertThat(out.toString().lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "  1)    0.000000 | xen   |   0.000 us    |  do_softirq();");
    }
}
