package dev.xenolith.bench.machine;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a whole-machine run did besides advance simulated time, reported by JMH as rates beside the primary
 * score: machine events handled per second, trace characters written per second (0 with tracing off), and
 * simulated CPU milliseconds per second (the score times the CPUs: with cost linear in the CPUs, the same
 * on every size of machine).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class MachineCounters {
    public long events;
    public long traceBytes;
    public long cpuMillis;

    @Setup(Level.Iteration)
    public void reset() {
        events = 0;
        traceBytes = 0;
        cpuMillis = 0;
    }
}
