package dev.xenolith.cli.render;

import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.List;

/** Hands every record to several views at once. */
public final class TeeSink implements TraceSink {
    private final TraceSink[] sinks;

    public TeeSink(List<TraceSink> sinks) {
        this.sinks = sinks.toArray(TraceSink[]::new);
    }

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
        for (TraceSink sink : sinks) {
            sink.functionEntry(cpu, time, layer, function);
        }
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        for (TraceSink sink : sinks) {
            sink.functionExit(cpu, time, layer, function, duration);
        }
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        for (TraceSink sink : sinks) {
            sink.event(cpu, time, layer, event);
        }
    }

    @Override
    public void finish(long time) {
        for (TraceSink sink : sinks) {
            sink.finish(time);
        }
    }
}
