package dev.xenolith.cli.render;

import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * Passes on only the first traced path of {@code --path FROM..TO} (the first from {@code --path-after} on):
 * on one CPU (the one asked for, else the first where FROM is entered), every record from the entry of FROM
 * up to and including the exit of the first TO entered from then on, whether TO runs inside FROM or later
 * on that CPU (after FROM returned, in another layer). Records of other CPUs, and everything after the path,
 * are dropped; the machine itself runs on. If FROM and TO are the same function, the path is FROM's own call.
 *
 * <p>Calls nest per CPU (the CPU checks every exit against the innermost entry), so the exit that brings
 * the nesting back to where TO was entered is TO's.
 */
public final class PathFilter implements TraceSink {
    private enum State { WAITING, ON_PATH, DONE }

    private final TracePath path;
    private final TraceSink next;
    private State state = State.WAITING;
    private int cpu;
    private long fromTime;
    /** Calls open on the path's CPU since FROM was entered (negative after FROM's callers return). */
    private int depth;
    private boolean toEntered;
    /** {@code depth} when TO was entered; negative if TO runs after FROM's caller returned. */
    private int toDepth;

    /** Filters for {@code path} on {@code onlyCpu}, or on the first CPU that enters FROM when it is negative. */
    public PathFilter(TracePath path, int onlyCpu, TraceSink next) {
        this.path = path;
        this.cpu = onlyCpu;
        this.next = next;
    }

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
        if (state == State.WAITING && (this.cpu < 0 || cpu == this.cpu) && time >= path.afterPicos()
                && function.symbol().equals(path.from())) {
            state = State.ON_PATH;
            this.cpu = cpu;
            fromTime = time;
        }
        if (!onPath(cpu)) {
            return;
        }
        if (!toEntered && function.symbol().equals(path.to())) {
            toEntered = true;
            toDepth = depth;
        }
        depth++;
        next.functionEntry(cpu, time, layer, function);
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        if (!onPath(cpu)) {
            return;
        }
        depth--;
        next.functionExit(cpu, time, layer, function, duration);
        if (toEntered && depth == toDepth) {
            state = State.DONE;
        }
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        if (onPath(cpu)) {
            next.event(cpu, time, layer, event);
        }
    }

    @Override
    public void finish(long time) {
        next.finish(time);
    }

    /** Whether the whole path was seen. */
    public boolean complete() {
        return state == State.DONE;
    }

    /** Why the path is not complete, for a run that ended at {@code end}: FROM, TO and the CPU named. */
    public String whyIncomplete(long end) {
        String where = cpu < 0 ? "any CPU" : "cpu" + cpu;
        if (state == State.WAITING) {
            return "--path " + path + ": " + path.from() + " was never entered on " + where
                    + (path.afterPicos() > 0 ? " from " + Picos.toSecondsString(path.afterPicos()) + " s on" : "")
                    + " before the run ended at " + Picos.toSecondsString(end) + " s";
        }
        return "--path " + path + ": " + where + " entered " + path.from() + " at " + Picos.toSecondsString(fromTime)
                + " s, but " + path.to() + (toEntered ? " had not returned" : " was not entered after it")
                + " when the run ended at " + Picos.toSecondsString(end) + " s";
    }

    private boolean onPath(int cpu) {
        return state == State.ON_PATH && cpu == this.cpu;
    }
}
