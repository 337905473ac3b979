package dev.xenolith.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once, briefly, so that benchmarks cannot rot. It proves they run; it asserts
 * nothing about their speed (timings on a shared CI machine mean nothing).
 *
 * <p>It has to stay short, so it runs the benchmarks in this JVM instead of forking one per benchmark and
 * parameter (a fork with its pre-touched heap costs seconds, and there are over a hundred), only the
 * smallest scheduler queues, guest and Xen (the large ones run the same code, and take a while to build),
 * and the scaled full stack
 * on one physical CPU only: on 64 its boot takes seconds untraced and minutes traced ({@code BenchImagesTest}
 * boots it). Every benchmark method, every implementation and every built-in image still runs.
 */
final class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnce() throws RunnerException {
        // JMH refuses to start while another JMH holds its lock file; timings here mean nothing, so share it
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include("dev\\.xenolith\\.bench\\..*")
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(50))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .param("tasks", "8")
                .param("vcpus", "8")
                .param("pcpus", "1")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(result ->
                assertThat(result.getPrimaryResult().getScore()).isPositive());
    }
}
