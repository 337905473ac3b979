package dev.xenolith.guest.sched;

import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a run's {@code sched_switch} and {@code sched_migrate_task} tracepoints with their CPU and time, and
 * turns the switches into the stretches each task ran.
 */
final class SwitchLog implements TraceSink {
    record Entry(int cpu, long time, TraceEvent event) {
    }

    /** A stretch of time a task held a CPU, in picoseconds. */
    record Run(int cpu, long start, long end) {
        long length() {
            return end - start;
        }
    }

    final List<Entry> entries = new ArrayList<>();

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        if (event instanceof SchedEvent.Switch || event instanceof SchedEvent.Migrate) {
            entries.add(new Entry(cpu, time, event));
        }
    }

    /** The stretches {@code comm} ran, in order of their start; one still running at {@code until} ends there. */
    List<Run> runs(String comm, long until) {
        List<Run> runs = new ArrayList<>();
        Map<Integer, Long> since = new TreeMap<>();
        for (Entry e : entries) {
            if (e.event() instanceof SchedEvent.Switch s) {
                Long start = since.remove(e.cpu());
                if (start != null && s.prevComm().equals(comm)) {
                    runs.add(new Run(e.cpu(), start, e.time()));
                }
                if (s.nextComm().equals(comm)) {
                    since.put(e.cpu(), e.time());
                }
            }
        }
        since.forEach((cpu, start) -> runs.add(new Run(cpu, start, until)));
        runs.sort(Comparator.comparingLong(Run::start));
        return runs;
    }

    /** The time {@code comm} ran on {@code cpu} within [from, to). */
    long ranOn(String comm, int cpu, long from, long to) {
        long total = 0;
        for (Run run : runs(comm, to)) {
            if (run.cpu() == cpu) {
                total += Math.max(0, Math.min(run.end(), to) - Math.max(run.start(), from));
            }
        }
        return total;
    }

    /** The switches within [from, to). */
    List<SchedEvent.Switch> switches(long from, long to) {
        List<SchedEvent.Switch> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.time() >= from && e.time() < to && e.event() instanceof SchedEvent.Switch s) {
                out.add(s);
            }
        }
        return out;
    }

    /** The migrations within [from, to). */
    long migrations(long from, long to) {
        return entries.stream()
                .filter(e -> e.time() >= from && e.time() < to && e.event() instanceof SchedEvent.Migrate).count();
    }
}
