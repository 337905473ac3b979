package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long traced run needs no more memory than a short one: the function graph streams to its file as calls
 * complete. Sixty simulated seconds of {@code full-stack} with the graph trace, in a JVM limited to 256 MiB.
 * The trace goes to {@code /dev/null}, a file that keeps nothing, so the test costs no disk.
 */
class LongRunMemoryTest {
    @TempDir
    Path dir;

    @Test
    void sixtySecondsOfFullStackWithTheGraphTraceRunIn256MiB() throws IOException, InterruptedException {
        Path log = dir.resolve("run.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Xenolith.class.getName(), "boot", "full-stack", "--quiet", "--until", "60s", "--trace", "graph",
                "--trace-out", File.separatorChar == '/' ? "/dev/null" : "NUL"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("finished within 10 minutes").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
    }
}
