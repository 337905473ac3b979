package dev.xenolith.machine;

import dev.xenolith.machine.bus.Bus;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventQueue;
import dev.xenolith.machine.event.IndexedEventQueue;
import dev.xenolith.machine.time.ClockDomain;
import dev.xenolith.machine.trace.TraceSink;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One simulated machine: its CPUs, its bus, its cost model, and the single-threaded discrete-event loop
 * that drives them. Nothing in a run depends on the host: no wall clock, no thread scheduling, no
 * unseeded randomness, so the same inputs give the same run to the picosecond.
 */
public final class Machine {
    private final EventQueue events;
    private final Bus bus = new Bus();
    private final CostModel costs;
    private final TraceSink sink;
    private final Cpu[] cpus;
    private final Context[] startupCode = new Context[256];
    private long now;
    private boolean stopRequested;
    private long eventsFired;

    private Machine(Builder builder) {
        this.events = builder.events;
        this.costs = builder.costs;
        this.sink = builder.sink;
        this.cpus = new Cpu[builder.cpus];
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = new Cpu(this, i, builder.cpuClock, sink);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The time of the event being handled, or where the last run stopped. */
    public long now() {
        return now;
    }

    public EventQueue events() {
        return events;
    }

    public Bus bus() {
        return bus;
    }

    public CostModel costs() {
        return costs;
    }

    /** The trace sink, or null when tracing is off. */
    public TraceSink traceSink() {
        return sink;
    }

    public Cpu cpu(int id) {
        return cpus[id];
    }

    public List<Cpu> cpus() {
        return List.of(cpus);
    }

    public int cpuCount() {
        return cpus.length;
    }

    /** Events handled since power-on. */
    public long eventsFired() {
        return eventsFired;
    }

    /**
     * Puts start-up code at real-mode page {@code page} (address page * 4096), where an application
     * processor begins after a start-up IPI naming that page. Models the trampoline an OS copies to low
     * memory before it wakes its secondary CPUs.
     */
    public void installStartupCode(int page, Context code) {
        startupCode[page & 0xFF] = code;
    }

    public Context startupCode(int page) {
        return startupCode[page & 0xFF];
    }

    /** Runs events up to and including time {@code until}; the machine's time is then {@code until}. */
    public void runUntil(long until) {
        runUntil(() -> false, until);
    }

    /**
     * Runs until {@code done} holds (tested after each event), {@link #stop()} is called, or the next
     * event lies beyond {@code until}. Returns whether {@code done} ended the run.
     */
    public boolean runUntil(BooleanSupplier done, long until) {
        stopRequested = false;
        while (!stopRequested) {
            Event next = events.peek();
            if (next == null) {
                checkNotDeadlocked();
            }
            if (next == null || next.when() > until) {
                now = Math.max(now, until);
                return false;
            }
            now = next.when();
            eventsFired++;
            events.fireNext();
            if (done.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /**
     * With no event left nothing outside the CPUs can wake them: if every CPU is halted or waiting for a
     * start-up IPI, and one of the halted has interrupts disabled ({@code cli; hlt}), that CPU can never
     * run again and the machine is deadlocked. (Halted with IF set is merely idle.)
     */
    private void checkNotDeadlocked() {
        Cpu stuck = null;
        for (Cpu cpu : cpus) {
            if (cpu.state() == Cpu.State.BUSY || cpu.state() == Cpu.State.WORKING) {
                return;
            }
            if (cpu.state() == Cpu.State.HALTED && !cpu.interruptsEnabled() && stuck == null) {
                stuck = cpu;
            }
        }
        if (stuck != null) {
            throw new MachineFault(now, "deadlock: no event is pending and cpu" + stuck.id()
                    + " is halted with interrupts disabled (cli; hlt), so nothing can ever wake it");
        }
    }

    /** Ends the current run after the event being handled. */
    public void stop() {
        stopRequested = true;
    }

    /** Finishes the trace at the machine's current time. */
    public void finishTrace() {
        if (sink != null) {
            sink.finish(now);
        }
    }

    public static final class Builder {
        private int cpus = 1;
        private ClockDomain cpuClock = ClockDomain.of("cpu", 2_000_000_000L);
        private CostModel costs = CostModel.defaults();
        private TraceSink sink;
        private EventQueue events = new IndexedEventQueue();

        private Builder() {
        }

        public Builder cpus(int count) {
            if (count < 1 || count > 256) {
                throw new IllegalArgumentException("cpus must be 1..256, got " + count);
            }
            this.cpus = count;
            return this;
        }

        public Builder cpuClock(ClockDomain clock) {
            this.cpuClock = clock;
            return this;
        }

        public Builder costs(CostModel costs) {
            this.costs = costs;
            return this;
        }

        /** Records a trace into {@code sink}; without one, tracing is off. */
        public Builder trace(TraceSink sink) {
            this.sink = sink;
            return this;
        }

        /** The pending-event set (the benchmark baseline can be swapped in). */
        public Builder events(EventQueue events) {
            this.events = events;
            return this;
        }

        public Machine build() {
            return new Machine(this);
        }
    }
}
