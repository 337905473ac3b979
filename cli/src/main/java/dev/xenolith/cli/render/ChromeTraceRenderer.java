package dev.xenolith.cli.render;

import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * Renders a trace as Chrome Trace Event JSON (array form), which ui.perfetto.dev and chrome://tracing
 * open: one track per physical CPU (pid 0, tid = CPU), a complete ({@code "X"}) slice per traced call,
 * written when the call returns, and an instant ({@code "i"}) per tracepoint. Calls nest per CPU, so the
 * slices nest per track as the format requires. Timestamps are microseconds with nanosecond decimals.
 */
public final class ChromeTraceRenderer implements TraceSink {
    private final TextOutput out;
    private final StringBuilder line = new StringBuilder(200);
    private boolean first = true;

    public ChromeTraceRenderer(Appendable out, int cpus) {
        this.out = new TextOutput(out);
        this.out.append("[\n");
        metadata("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":0,\"args\":{\"name\":\"machine\"}}");
        for (int cpu = 0; cpu < cpus; cpu++) {
            metadata("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":" + cpu
                    + ",\"args\":{\"name\":\"cpu" + cpu + "\"}}");
            metadata("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":0,\"tid\":" + cpu
                    + ",\"args\":{\"sort_index\":" + cpu + "}}");
        }
    }

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        line.setLength(0);
        line.append("{\"name\":");
        appendString(line, function.symbol());
        line.append(",\"cat\":");
        appendString(line, layer.label());
        line.append(",\"ph\":\"X\",\"ts\":");
        appendMicros(line, time - duration);
        line.append(",\"dur\":");
        appendMicros(line, duration);
        line.append(",\"pid\":0,\"tid\":").append(cpu).append('}');
        record(line);
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        line.setLength(0);
        line.append("{\"name\":");
        appendString(line, event.name());
        line.append(",\"cat\":");
        appendString(line, layer.label());
        line.append(",\"ph\":\"i\",\"s\":\"t\",\"ts\":");
        appendMicros(line, time);
        line.append(",\"pid\":0,\"tid\":").append(cpu).append(",\"args\":{\"fields\":");
        StringBuilder fields = new StringBuilder();
        event.appendFields(fields);
        appendString(line, fields);
        line.append("}}");
        record(line);
    }

    @Override
    public void finish(long time) {
        out.append("\n]\n");
        out.flush();
    }

    private void metadata(String json) {
        line.setLength(0);
        record(line.append(json));
    }

    private void record(StringBuilder json) {
        if (!first) {
            out.append(",\n");
        }
        first = false;
        out.append(json);
    }

    /** Microseconds with nanosecond decimals, as the format's {@code ts} and {@code dur} take them. */
    private static void appendMicros(StringBuilder to, long picos) {
        long nanos = picos / Picos.PER_NANOSECOND;
        to.append(nanos / 1000).append('.');
        long fraction = nanos % 1000;
        to.append(fraction < 100 ? (fraction < 10 ? "00" : "0") : "").append(fraction);
    }

    static void appendString(StringBuilder to, CharSequence text) {
        to.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> to.append("\\\"");
                case '\\' -> to.append("\\\\");
                case '\n' -> to.append("\\n");
                case '\t' -> to.append("\\t");
                default -> {
                    if (c < 0x20) {
                        to.append(String.format("\\u%04x", (int) c));
                    } else {
                        to.append(c);
                    }
                }
            }
        }
        to.append('"');
    }
}
