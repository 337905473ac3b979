package dev.xenolith.cli.render;

import dev.xenolith.machine.time.Picos;
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
    private final StringBuilder line = new StringBuilder(160);

    public EventReportRenderer(Appendable out, int cpus, int onlyCpu) {
        this.out = new TextOutput(out);
        this.onlyCpu = onlyCpu;
        this.out.write("cpus=" + cpus + "\n");
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
        line.setLength(0);
        TextOutput.padLeft(line, layer.label(), 16);
        line.append(" [");
        String cpuText = Integer.toString(cpu);
        for (int i = cpuText.length(); i < 3; i++) {
            line.append('0');
        }
        line.append(cpuText).append("] ");
        TextOutput.padLeft(line, Picos.toSecondsString(time), 12);
        line.append(": ").append(event.name()).append(": ");
        event.appendFields(line);
        line.append('\n');
        out.write(line);
    }
}
