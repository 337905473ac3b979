package dev.xenolith.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every hot-path benchmark shares, chosen for the project's 2-core machine: average time per
 * operation in ns, 3 forks with a fixed, pre-touched 1 GiB heap, 5 × 1 s of warm-up and of measurement, one
 * thread (a second would compete with the JIT and the GC). Inputs are precomputed into arrays of
 * {@link #INPUTS} entries and read with a cursor masked by {@link #MASK}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public abstract class HotPathBenchmark {
    protected static final int INPUTS = 1 << 16;
    protected static final int MASK = INPUTS - 1;
}
