package dev.xenolith.bench.machine;

import dev.xenolith.cli.record.TraceRecorder;
import dev.xenolith.cli.render.FunctionGraphRenderer;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast a whole machine simulates: a booted machine runs on in steps of {@link #STEP_MS} simulated
 * milliseconds, and an operation is one simulated millisecond, so the score (operations per second) is
 * simulated milliseconds per wall-clock second: divided by 1000, how many times faster than real time. The
 * machine events handled, trace bytes written and simulated CPU time come as rates beside it
 * ({@link MachineCounters}).
 *
 * <p>{@code trace}: {@code off}; {@code graph}, the function-graph view rendered into a file as
 * {@code xenolith boot --trace graph --trace-out FILE} does; or {@code record}, the whole trace recorded
 * into a file as {@code xenolith boot --record FILE} does, for {@code xenolith report} to render later. The
 * machine boots and settles before measuring, and its workloads loop for ever, so every step simulates the
 * same steady state. Same 2-core settings as the hot paths, in throughput mode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public abstract class MachineBenchmark {
    static final int STEP_MS = 10;
    private static final long STEP = STEP_MS * Picos.PER_MILLISECOND;

    @Param({"off", "graph", "record"})
    public String trace;

    private Machine machine;
    private TraceFile file;

    /** The machine to measure, tracing into {@code sink} (null: off), powered on and not yet run. */
    protected abstract Machine build(TraceSink sink) throws Exception;

    /** The CPUs of the machine {@link #build} builds (a recording starts with them). */
    protected abstract int cpus() throws Exception;

    /** Simulated time to run before measuring: past the boot, into the workload's steady state. */
    protected abstract long settlePicos();

    @Setup(Level.Trial)
    public void boot() throws Exception {
        TraceSink sink = null;
        if ("graph".equals(trace)) {
            file = new TraceFile();
            sink = new FunctionGraphRenderer(file.asText(), -1);
        } else if ("record".equals(trace)) {
            file = new TraceFile();
            sink = new TraceRecorder(file, cpus());
        } else if (!"off".equals(trace)) {
            throw new IllegalArgumentException("trace " + trace);
        }
        machine = build(sink);
        machine.runUntil(settlePicos());
    }

    /** Each iteration starts on an empty trace file, so the disk holds one iteration's trace at most. */
    @Setup(Level.Iteration)
    public void emptyTraceFile() {
        if (file != null) {
            file.rewind();
        }
    }

    @TearDown(Level.Trial)
    public void deleteTraceFile() {
        if (file != null) {
            file.delete();
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEP_MS)
    public long run(MachineCounters counters) {
        long before = machine.eventsFired();
        machine.runUntil(machine.now() + STEP);
        counters.events += machine.eventsFired() - before;
        counters.cpuMillis += STEP_MS * machine.cpuCount();
        if (file != null) {
            counters.traceBytes += file.takeBytes();
        }
        return machine.now();
    }
}
