package dev.xenolith.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The trace views {@code --trace} offers. */
enum TraceKind {
    /** ftrace {@code function_graph}, with time and layer columns. */
    GRAPH,
    /** {@code trace-cmd report}. */
    EVENTS,
    /** Chrome Trace Event JSON for ui.perfetto.dev; needs {@code --trace-out}. */
    CHROME;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> names() {
        return Arrays.stream(values()).map(TraceKind::label).toList();
    }
}
