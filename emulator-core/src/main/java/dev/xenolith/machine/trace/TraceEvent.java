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

    /**
     * How the event reads in a function graph: a comment, as ftrace prints events inside a graph,
     * unless the event stands for an action better read as a call ({@code raise_softirq(AC_TIMER_SOFTIRQ);}).
     */
    default void appendGraph(StringBuilder out) {
        out.append("/* ").append(name()).append(": ");
        appendFields(out);
        out.append(" */");
    }
}
