package dev.xenolith.cli;

import dev.xenolith.cli.render.ChromeTraceRenderer;
import dev.xenolith.cli.render.EventReportRenderer;
import dev.xenolith.cli.render.FunctionGraphRenderer;
import dev.xenolith.cli.render.PathFilter;
import dev.xenolith.cli.render.TeeSink;
import dev.xenolith.cli.render.TextOutput;
import dev.xenolith.cli.render.TracePath;
import dev.xenolith.machine.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The trace views one boot asks for, joined into the one sink the machine records into. */
final class TraceViews {
    private final TraceSink sink;
    private final PathFilter path;
    private final TextOutput textOut;

    /**
     * The views of {@code kinds} for a machine of {@code cpus} CPUs, of CPU {@code onlyCpu} (negative: all):
     * text views into {@code text}, Chrome JSON into {@code chrome}. With a {@code path}, the graph shows
     * only that path.
     */
    TraceViews(Set<TraceKind> kinds, TracePath path, int onlyCpu, int cpus, Appendable text, Appendable chrome) {
        List<TraceSink> sinks = new ArrayList<>();
        PathFilter filter = null;
        textOut = new TextOutput(text);
        if (kinds.contains(TraceKind.GRAPH)) {
            TraceSink graph = new FunctionGraphRenderer(textOut, onlyCpu);
            if (path != null) {
                filter = new PathFilter(path, onlyCpu, graph);
                graph = filter;
            }
            sinks.add(graph);
        }
        if (kinds.contains(TraceKind.EVENTS)) {
            sinks.add(new EventReportRenderer(textOut, cpus, onlyCpu));
        }
        if (kinds.contains(TraceKind.CHROME)) {
            sinks.add(new ChromeTraceRenderer(chrome, cpus));
        }
        this.sink = sinks.isEmpty() ? null : sinks.size() == 1 ? sinks.get(0) : new TeeSink(sinks);
        this.path = filter;
    }

    /** The sink to record into, or null when no view is asked for (tracing off). */
    TraceSink sink() {
        return sink;
    }

    /**
     * Hands the text views' buffered lines to their destination: call it before writing anything else there
     * (the console, when the trace goes to standard output), so that the two stay in order.
     */
    void flushText() {
        textOut.flush();
    }

    /** The {@code --path} filter, or null without one. */
    PathFilter path() {
        return path;
    }
}
