package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ReportCommandTest {
    private final Cli cli = new Cli();

    @ParameterizedTest
    @ValueSource(strings = {"full-stack", "linux-serio-wakeup"})
    void report_printsWhatBootPrintedForTheTrace(String image, @TempDir Path dir) {
        Path recording = dir.resolve(image + ".xtrace");
        assertThat(cli.run("boot", image, "--until", "250ms", "--quiet", "--trace", "graph,events",
                "--record", recording.toString())).isZero();
        String direct = cli.takeOut();

        assertThat(cli.run("report", recording.toString(), "--trace", "graph,events")).isZero();
        assertThat(cli.takeOut()).isEqualTo(direct).contains("} /* schedule */");
        assertThat(cli.takeErr()).isEmpty();
    }

    @Test
    void everyViewAndFilter_rendersAsBootRendersIt(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("run.xtrace");
        assertThat(cli.run("boot", "full-stack", "--until", "300ms", "--quiet", "--record", recording.toString()))
                .isZero();
        assertThat(cli.takeOut()).isEmpty();

        String[][] views = {
            {"--cpu", "1", "--trace", "events"},
            {"--path", "apic_timer_interrupt..__enter_scheduler", "--path-after", "100ms"},
            {"--trace", "chrome", "--trace-out", ""},
        };
        for (String[] view : views) {
            if (view[view.length - 1].isEmpty()) {
                view[view.length - 1] = dir.resolve("boot.json").toString();
            }
            assertThat(cli.run(concat(new String[] {"boot", "full-stack", "--until", "300ms", "--quiet"}, view))).isZero();
            String direct = cli.takeOut();
            if (view[view.length - 2].equals("--trace-out")) {
                view[view.length - 1] = dir.resolve("report.json").toString();
            }
            assertThat(cli.run(concat(new String[] {"report", recording.toString()}, view))).isZero();
            assertThat(cli.takeOut()).isEqualTo(direct);
        }
        assertThat(Files.readString(dir.resolve("report.json"))).isEqualTo(Files.readString(dir.resolve("boot.json")))
                .contains("\"name\":\"__enter_scheduler\"");
    }

    @Test
    void aPathNotCompleted_isSaidAsBootSaysIt(@TempDir Path dir) {
        Path recording = dir.resolve("run.xtrace");
        String[] path = {"--path", "apic_timer_interrupt..__enter_scheduler", "--path-after", "299ms"};
        assertThat(cli.run(concat(new String[] {"boot", "full-stack", "--until", "300ms", "--quiet", "--record",
            recording.toString()}, path))).isEqualTo(1);
        String bootErr = cli.takeErr();
        cli.takeOut();
        assertThat(cli.run(concat(new String[] {"report", recording.toString()}, path))).isEqualTo(1);
        assertThat(cli.takeErr()).isEqualTo(bootErr).contains("when the run ended at 0.300000 s");
    }

    @Test
    void badFiles_areRefusedWithWhatIsWrongAndWhere(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.xtrace");
        assertThat(cli.run("report", missing.toString())).isEqualTo(2);
        assertThat(cli.takeErr()).isEqualTo("xenolith: cannot read the recording " + missing + ": no such file\n");

        Path text = Files.writeString(dir.resolve("trace.txt"), "# tracer: function_graph\n");
        assertThat(cli.run("report", text.toString())).isEqualTo(2);
        assertThat(cli.takeErr()).contains(text + " is not a xenolith trace recording");

        Path recording = dir.resolve("run.xtrace");
        assertThat(cli.run("boot", "full-stack", "--until", "100ms", "--quiet", "--record", recording.toString()))
                .isZero();
        byte[] whole = Files.readAllBytes(recording);
        Path cut = Files.write(dir.resolve("cut.xtrace"), Arrays.copyOf(whole, whole.length / 2));
        assertThat(cli.run("report", cut.toString())).isEqualTo(2);
        assertThat(cli.takeErr()).startsWith("xenolith: " + cut + " ends in the middle of the record at byte ")
                .contains("the recording was cut short (shown up to 0.0");
        assertThat(cli.takeOut()).startsWith("# tracer: function_graph").contains("} /* cmain */");

        assertThat(cli.run("report", recording.toString(), "--cpu", "2")).isEqualTo(2);
        assertThat(cli.takeErr()).isEqualTo("xenolith: --cpu 2: this machine has CPUs 0..1\n");
        assertThat(cli.takeOut()).isEmpty();
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
