package dev.xenolith.cli.testing;

import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TracedFunction;

/** Functions and events for tests of trace renderers and recordings. */
public final class TestTrace {
    public static final Layer XEN = new Layer("xen");

    public enum Fn implements TracedFunction {
        APIC_TIMER_INTERRUPT, SMP_APIC_TIMER_INTERRUPT, DO_SOFTIRQ;

        @Override
        public String costName() {
            return name().toLowerCase();
        }

        @Override
        public long defaultCycles() {
            return 0;
        }
    }

    /** A tracepoint that reads in a graph as a call. */
    public record Raise(String softirq) implements TraceEvent {
        @Override
        public String name() {
            return "softirq_raise";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("vec=").append(softirq).append(" \"quoted\"");
        }

        @Override
        public void appendGraph(StringBuilder out) {
            out.append("raise_softirq(").append(softirq).append(");");
        }
    }

    private TestTrace() {
    }
}
