package dev.xenolith.guest;

import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.ArrayList;
import java.util.List;

/** Keeps a trace as lines: {@code >symbol} on entry, {@code !event fields} for tracepoints, per CPU and time. */
public final class TraceLog implements TraceSink {
    public record Line(int cpu, long time, String text) {
    }

    public final List<Line> lines = new ArrayList<>();

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
        lines.add(new Line(cpu, time, ">" + function.symbol()));
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        StringBuilder text = new StringBuilder("!").append(event.name()).append(' ');
        event.appendFields(text);
        lines.add(new Line(cpu, time, text.toString()));
    }

    /** The lines of {@code cpu} from time {@code from} on. */
    public List<String> on(int cpu, long from) {
        List<String> out = new ArrayList<>();
        for (Line line : lines) {
            if (line.cpu() == cpu && line.time() >= from) {
                out.add(line.text());
            }
        }
        return out;
    }

    /**
     * Where {@code expected} occurs in {@code actual} as a subsequence (each item a prefix of a line, in
     * order): the index just after the last match, or -(index of the first item not found) - 1.
     */
    public static int matchInOrder(List<String> actual, List<String> expected) {
        int at = 0;
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            while (at < actual.size() && !actual.get(at).startsWith(want)) {
                at++;
            }
            if (at == actual.size()) {
                return -i - 1;
            }
            at++;
        }
        return at;
    }
}
