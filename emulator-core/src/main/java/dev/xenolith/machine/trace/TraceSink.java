package dev.xenolith.machine.trace;

/**
 * Receives a machine's trace as it happens, in order per CPU. Renderers (function graph, trace-cmd
 * report, Chrome JSON) implement it; a sink must never influence the machine.
 */
public interface TraceSink {
    void functionEntry(int cpu, long time, Layer layer, TracedFunction function);

    /** {@code duration} is the time charged between entry and exit, in picoseconds. */
    void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration);

    void event(int cpu, long time, Layer layer, TraceEvent event);

    /** Called once when the run ends. */
    default void finish(long time) {
    }
}
