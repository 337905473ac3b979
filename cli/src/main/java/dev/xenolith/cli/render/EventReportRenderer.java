package dev.xenolith.cli.render;

import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * Renders tracepoints in the shape of {@code trace-cmd report}: a {@code cpus=N} line, then one line an
 * event, {@code <who> [<cpu>] <seconds>: <event>: <fields>}, with the fields in the kernel's raw
 * {@code key=value} form (which Perfetto's text importer also reads). The "who" column is the layer
 * executing. Function entries and exits are not events and are left to the graph view.
 */
public final class EventReportRenderer implements TraceSink {
    private final TextOutput out;
    private final int onlyCpu;
    /** The tracepoint's fields, which it appends to a {@code StringBuilder}. */
    private final StringBuilder fields = new StringBuilder(160);

    public EventReportRenderer(Appendable out, int cpus, int onlyCpu) {
        this(new TextOutput(out), cpus, onlyCpu);
    }

    /** Renders into {@code out}, which other renderers may share. */
    public EventReportRenderer(TextOutput out, int cpus, int onlyCpu) {
        this.out = out;
        this.onlyCpu = onlyCpu;
        this.out.append("cpus=").decimal(cpus, 0, ' ').append('\n');
    }

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        if (onlyCpu >= 0 && cpu != onlyCpu) {
            return;
        }
        fields.setLength(0);
        event.appendFields(fields);
        out.padLeft(layer.label(), 16).append(" [").decimal(cpu, 3, '0').append("] ").seconds(time, 12)
                .append(": ").append(event.name()).append(": ").append(fields).append('\n');
    }

    @Override
    public void finish(long time) {
        out.flush();
    }
}
