package dev.xenolith.cli.render;

import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * Renders a trace in the shape of ftrace's {@code function_graph} tracer, with two extra columns an
 * emulator can afford: the absolute time (as {@code funcgraph-abstime}) and the layer executing
 * ({@code hw}, {@code xen}, {@code d1v0}, {@code linux}).
 *
 * <pre>
 *  0)   0.010000 | xen   |               |  apic_timer_interrupt() {
 *  0)   0.010000 | xen   |   0.050 us    |    ack_APIC_irq();
 *  0)   0.010001 | xen   |   1.250 us    |  }
 * </pre>
 *
 * A call whose exit follows its entry directly is a leaf and takes one line, {@code func();}, with its
 * duration; other calls open a brace and print their duration on the closing line. Durations carry
 * ftrace's markers: {@code +} over 10 us, {@code !} over 100 us, {@code #} over 1 ms, {@code *} over
 * 10 ms, {@code @} over 100 ms, {@code $} over 1 s. Lines are written as they complete, so the output
 * streams and memory does not grow with the length of a run.
 */
public final class FunctionGraphRenderer implements TraceSink {
    private static final int MAX_CPUS = 256;
    private static final int DURATION_WIDTH = 13;

    private final TextOutput out;
    private final int onlyCpu;
    private final int[] depth = new int[MAX_CPUS];
    /** Per CPU: the entry not yet printed because its exit may follow at once (a leaf). */
    private final TracedFunction[] pendingFunction = new TracedFunction[MAX_CPUS];
    private final Layer[] pendingLayer = new Layer[MAX_CPUS];
    private final long[] pendingTime = new long[MAX_CPUS];
    /** For tracepoints, which append themselves to a {@code StringBuilder}. */
    private final StringBuilder eventText = new StringBuilder(160);

    /** Renders every CPU ({@code onlyCpu < 0}) or one. */
    public FunctionGraphRenderer(Appendable out, int onlyCpu) {
        this(new TextOutput(out), onlyCpu);
    }

    /** Renders into {@code out}, which other renderers may share. */
    public FunctionGraphRenderer(TextOutput out, int onlyCpu) {
        this.out = out;
        this.onlyCpu = onlyCpu;
        this.out.append("# tracer: function_graph\n"
                + "#\n"
                + "# CPU   TIME(s)   LAYER   DURATION                  FUNCTION CALLS\n"
                + "# |       |        |       |   |                     |   |   |   |\n");
    }

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
        if (skip(cpu)) {
            return;
        }
        flushPending(cpu);
        pendingFunction[cpu] = function;
        pendingLayer[cpu] = layer;
        pendingTime[cpu] = time;
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        if (skip(cpu)) {
            return;
        }
        if (pendingFunction[cpu] == function) {
            pendingFunction[cpu] = null;
            begin(cpu, pendingTime[cpu], layer, duration);
            indent(depth[cpu]);
            out.append(function.symbol()).append("();");
        } else {
            flushPending(cpu);
            depth[cpu] = Math.max(0, depth[cpu] - 1);
            begin(cpu, time, layer, duration);
            indent(depth[cpu]);
            out.append("} /* ").append(function.symbol()).append(" */");
        }
        end();
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        if (skip(cpu)) {
            return;
        }
        flushPending(cpu);
        begin(cpu, time, layer, -1);
        indent(depth[cpu]);
        eventText.setLength(0);
        event.appendGraph(eventText);
        out.append(eventText);
        end();
    }

    @Override
    public void finish(long time) {
        for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
            flushPending(cpu);
        }
        out.flush();
    }

    private boolean skip(int cpu) {
        return onlyCpu >= 0 && cpu != onlyCpu;
    }

    private void flushPending(int cpu) {
        TracedFunction open = pendingFunction[cpu];
        if (open == null) {
            return;
        }
        pendingFunction[cpu] = null;
        begin(cpu, pendingTime[cpu], pendingLayer[cpu], -1);
        indent(depth[cpu]);
        out.append(open.symbol()).append("() {");
        end();
        depth[cpu]++;
    }

    private void begin(int cpu, long time, Layer layer, long duration) {
        out.decimal(cpu, 3, ' ').append(") ").seconds(time, 11).append(" | ").append(layer.label())
                .spaces(5 - layer.label().length()).append(" | ");
        appendDuration(duration);
        out.append(" |  ");
    }

    /** ftrace's duration column: marker, microseconds with three decimals, "us", padded to 13. */
    private void appendDuration(long picos) {
        if (picos < 0) {
            out.spaces(DURATION_WIDTH);
            return;
        }
        out.append(marker(picos)).append(' ').micros(picos).append(" us")
                .spaces(DURATION_WIDTH - 5 - TextOutput.microsWidth(picos));
    }

    private static char marker(long picos) {
        if (picos > Picos.PER_SECOND) {
            return '$';
        } else if (picos > 100 * Picos.PER_MILLISECOND) {
            return '@';
        } else if (picos > 10 * Picos.PER_MILLISECOND) {
            return '*';
        } else if (picos > Picos.PER_MILLISECOND) {
            return '#';
        } else if (picos > 100 * Picos.PER_MICROSECOND) {
            return '!';
        } else if (picos > 10 * Picos.PER_MICROSECOND) {
            return '+';
        }
        return ' ';
    }

    private void indent(int levels) {
        out.spaces(2 * levels);
    }

    private void end() {
        out.append('\n');
    }
}
