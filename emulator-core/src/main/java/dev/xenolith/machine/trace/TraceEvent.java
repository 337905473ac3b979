package dev.xenolith.machine.trace;

/**
 * A tracepoint record ({@code sched_switch}, {@code softirq_raise}, {@code irq_handler_entry}). Records
 * are created only while tracing is on (call sites test {@code tracing()} first), so they cost nothing
 * otherwise.
 */
public interface TraceEvent {
    /** The tracepoint's name as trace-cmd prints it. */
    String name();

    /** Appends the fields in trace-cmd's {@code key=value} style. */
    void appendFields(StringBuilder out);
}
