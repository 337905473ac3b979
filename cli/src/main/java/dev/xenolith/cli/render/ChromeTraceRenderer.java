package dev.xenolith.cli.render;

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
    /** A tracepoint's fields, which it appends to a {@code StringBuilder}. */
    private final StringBuilder fields = new StringBuilder(160);
    private boolean first = true;

    public ChromeTraceRenderer(Appendable out, int cpus) {
        this.out = new TextOutput(out);
        this.out.append("[\n");
        begin().append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":0,\"args\":{\"name\":\"machine\"}}");
        for (int cpu = 0; cpu < cpus; cpu++) {
            begin().append("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":").decimal(cpu, 0, ' ')
                    .append(",\"args\":{\"name\":\"cpu").decimal(cpu, 0, ' ').append("\"}}");
            begin().append("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":0,\"tid\":").decimal(cpu, 0, ' ')
                    .append(",\"args\":{\"sort_index\":").decimal(cpu, 0, ' ').append("}}");
        }
    }

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        begin().append("{\"name\":");
        string(function.symbol());
        out.append(",\"cat\":");
        string(layer.label());
        out.append(",\"ph\":\"X\",\"ts\":").micros(time - duration).append(",\"dur\":").micros(duration)
                .append(",\"pid\":0,\"tid\":").decimal(cpu, 0, ' ').append('}');
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        begin().append("{\"name\":");
        string(event.name());
        out.append(",\"cat\":");
        string(layer.label());
        out.append(",\"ph\":\"i\",\"s\":\"t\",\"ts\":").micros(time).append(",\"pid\":0,\"tid\":").decimal(cpu, 0, ' ')
                .append(",\"args\":{\"fields\":");
        fields.setLength(0);
        event.appendFields(fields);
        string(fields);
        out.append("}}");
    }

    @Override
    public void finish(long time) {
        out.append("\n]\n");
        out.flush();
    }

    /** Starts the next record of the array. */
    private TextOutput begin() {
        if (!first) {
            out.append(",\n");
        }
        first = false;
        return out;
    }

    /** {@code text} as a JSON string. */
    private void string(CharSequence text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
