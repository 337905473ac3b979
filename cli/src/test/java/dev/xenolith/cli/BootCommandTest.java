package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BootCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Xenolith.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void defaultImage_printsTheConsoleAndStatistics() {
        assertThat(run("boot", "--until", "50ms", "--stats")).isZero();
        assertThat(out.toString())
                .startsWith("Xenolith bare-metal demo: 4 CPUs, APIC timers at 1 kHz, PIT at 100 Hz\r\n")
                .contains("simulated time 0.050000 s");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void sameImageTwice_givesByteIdenticalOutputAndTraces() {
        run("boot", "--until", "30ms", "--trace", "graph,events", "--stats");
        String first = out.toString();
        out.getBuffer().setLength(0);
        run("boot", "--until", "30ms", "--trace", "graph,events", "--stats");
        assertThat(out.toString()).isEqualTo(first).contains("int_entry: vector=0xef");
    }

    @Test
    void chromeTrace_goesToTheFileItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.json");
        assertThat(run("boot", "--until", "5ms", "--quiet", "--trace", "chrome", "--trace-out", file.toString())).isZero();
        assertThat(Files.readString(file)).startsWith("[\n").contains("\"thread_name\"").endsWith("]\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badInput_exitsWith2AndSaysWhat() {
        assertThat(run("boot", "--until", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--until:1:1: error:").contains("did you mean '2s'?");
        assertThat(run("boot", "no-such-image")).isEqualTo(2);
        assertThat(err.toString()).contains("no built-in image 'no-such-image'");
        assertThat(run("boot", "--trace", "chrome")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --trace-out");
        assertThat(run("boot", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void images_listsTheBuiltIns() {
        assertThat(run("images")).isZero();
        assertThat(out.toString()).startsWith("bare-metal ").contains("(default)");
    }
}
