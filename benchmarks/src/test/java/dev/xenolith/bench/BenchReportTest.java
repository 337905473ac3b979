package dev.xenolith.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BenchReport} on a small JMH result file with a baseline pair, an absolute row and two machine pairs:
 * one from before the CPU-time counter, one of the scaled full stack with it.
 */
class BenchReportTest {

    private static List<BenchReport.Result> sample() throws IOException {
        try (InputStream in = BenchReportTest.class.getResourceAsStream("/jmh-sample.json")) {
            return BenchReport.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsJmhJsonWithNaNErrorsAndSecondaryMetrics() throws IOException {
        List<BenchReport.Result> results = sample();
        assertThat(results).hasSize(7);
        assertThat(results.get(1).error()).isNaN();
        assertThat(results.get(1).allocation()).isEqualTo(72.0);
        assertThat(results.get(0).params()).containsEntry("impl", "cfs").containsEntry("tasks", "1024");
        assertThat(results.get(5).secondary()).containsEntry("cpuMillis", 6_400_000.0);
    }

    @Test
    void rendersRatiosOursOverBaselineInSpeedAndTheMachineTable() throws IOException {
        List<BenchReport.Result> results = sample();
        String command = BenchReport.command(results, Path.of("target/x.json"));
        String report = BenchReport.render(results, List.of(command), "a test machine");

        assertThat(command).isEqualTo("java -jar benchmarks/target/benchmarks.jar"
                + " 'CfsBench|WakeUpBench|ImageBench|FullStackScalingBench' -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc -rf json -rff target/x.json");
        assertThat(report).contains("Machine: a test machine. JDK: 17.0.15",
                "`-Xms3g -Xmx3g` (CfsBench); `-Xms1g -Xmx1g` (WakeUpBench, ImageBench, FullStackScalingBench)",
                "| `CfsBench.sleepWake` | cfs | tasks=1024 | 200 ± 10.0 | 300 | 1.50× | 0 | 72 |",
                "| `WakeUpBench.sleepWakePick` | wakee=fifo | 251 ± 5.25 | 0 |",
                "| machine | parameters | trace | × real time | CPUs × real time | M events/s |",
                "| `ImageBench` | image=cfs-nice | off | 400 ± 20.0 |  | 0.300 | 0.750 |  |  |",
                "| `ImageBench` | image=cfs-nice | graph | 4.00 ± 0.100 |  | 0.0030 | 0.750 | 5.00 | 100.00× |",
                "| `FullStackScalingBench` | pcpus=64 | off | 100 ± 10.0 | 6400 | 200 | 2000 |  |  |",
                "| `FullStackScalingBench` | pcpus=64 | graph | 2.00 | 128 | 4.00 | 2000 | 3.00 | 50.00× |");
    }
}
