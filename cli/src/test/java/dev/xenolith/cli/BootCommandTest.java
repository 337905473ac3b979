package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.testing.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BootCommandTest {
    private static final String NATIVE = "src/test/resources/images/native-keyboard.yaml";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Xenolith.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** What the last runs printed on stdout, then forgotten. */
    private String takeOut() {
        String text = out.toString();
        out.getBuffer().setLength(0);
        return text;
    }

    @Test
    void bareMetal_printsTheConsoleAndStatistics() {
        assertThat(run("boot", "bare-metal", "--until", "50ms", "--stats")).isZero();
        assertThat(out.toString())
                .startsWith("Xenolith bare-metal demo: 4 CPUs, APIC timers at 1 kHz, PIT at 100 Hz\r\n")
                .contains("simulated time 0.050000 s")
                .contains("cpu       busy ms      idle ms    busy    timer  switches  interrupts")
                .containsPattern("\n0 +[0-9.]+ +[0-9.]+ +[0-9.]+% +44 +0  irq0=4 apic_timer=44\n")
                .containsPattern("\n3 +[0-9.]+ +[0-9.]+ +[0-9.]+% +44 +0  apic_timer=44\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void sameImageTwice_givesByteIdenticalOutputTracesAndStatistics(@TempDir Path dir) throws Exception {
        String[] args = {"boot", "bare-metal", "--until", "30ms", "--trace", "graph,events", "--stats", "--stats-json",
            ""};
        args[args.length - 1] = dir.resolve("first.json").toString();
        run(args);
        String first = takeOut();
        args[args.length - 1] = dir.resolve("second.json").toString();
        run(args);
        assertThat(takeOut()).isEqualTo(first).contains("int_entry: vector=0xef").contains("apic_timer();")
                .contains("simulated time 0.030000 s");
        assertThat(Files.readString(dir.resolve("second.json"))).isEqualTo(Files.readString(dir.resolve("first.json")));
    }

    @Test
    void traceOnStdout_staysInTimeOrderWithTheConsole() {
        assertThat(run("boot", "full-stack", "--until", "30ms", "--trace", "events")).isZero();
        String printed = takeOut();
        assertThat(printed).startsWith("cpus=2\n(XEN) Xen version 2.0.4");
        // Xen raises its first softirq while it prints its boot banner, long before it names its scheduler
        assertThat(printed.indexOf("softirq_raise: vec=0 [action=AC_TIMER_SOFTIRQ]")).isPositive()
                .isLessThan(printed.indexOf("(XEN) Using scheduler"));
    }

    @Test
    void path_printsExactlyTheFirstPathOnTheCpu() {
        assertThat(run("boot", "bare-metal", "--until", "12ms", "--quiet", "--trace", "graph", "--cpu", "0")).isZero();
        List<String> graph = takeOut().lines().toList();
        int from = indexOf(graph, "apic_timer();");
        int to = indexOf(graph, "irq0();");
        assertThat(from).isPositive().isLessThan(to);

        assertThat(run("boot", "bare-metal", "--until", "30ms", "--quiet", "--path", "apic_timer..irq0", "--cpu", "0"))
                .isZero();
        List<String> path = takeOut().lines().toList();
        assertThat(path.subList(0, 4)).isEqualTo(graph.subList(0, 4));
        assertThat(path.subList(4, path.size())).isEqualTo(graph.subList(from, to + 1));
        assertThat(path.stream().filter(line -> line.endsWith("apic_timer();"))).hasSize(4);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void path_notSeen_exitsWith1NamingFromToAndTheCpu() {
        // Without --cpu the path follows cpu1, whose APIC timer fires first; only cpu0 takes IRQ0.
        assertThat(run("boot", "bare-metal", "--until", "12ms", "--quiet", "--path", "apic_timer..irq0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("xenolith: --path apic_timer..irq0: cpu1 entered apic_timer at"
                + " 0.006510 s, but irq0 was not entered after it when the run ended at 0.012000 s\n");
        err.getBuffer().setLength(0);
        assertThat(run("boot", "bare-metal", "--until", "5ms", "--quiet", "--path", "apic_timer..irq0", "--cpu", "2"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("apic_timer was never entered on cpu2");
    }

    @Test
    void pathSyntaxAndCombinations_areUsageErrors() {
        for (String bad : List.of("apic_timer", "..irq0", "apic_timer..", "a..b..c")) {
            err.getBuffer().setLength(0);
            assertThat(run("boot", "--path", bad)).as(bad).isEqualTo(2);
            assertThat(err.toString()).as(bad).startsWith("xenolith: --path: expected FROM..TO");
        }
        err.getBuffer().setLength(0);
        assertThat(run("boot", "--path", "a..b", "--trace", "graph,events")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("xenolith: --path shows one path as a function graph; it does not combine"
                + " with --trace graph,events\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsJson_hasEveryFieldAndCountsNeverStartedCpusAsIdle(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.json");
        assertThat(run("boot", "bare-metal", "--until", "3ms", "--quiet", "--stats-json", file.toString())).isZero();
        assertThat(out.toString()).isEmpty();
        Map<String, Object> stats = (Map<String, Object>) Json.parse(Files.readString(file));
        assertThat(stats).containsOnlyKeys("simulated_ns", "cpus", "domains").containsEntry("simulated_ns", 3.0e6)
                .containsEntry("domains", List.of());
        List<Map<String, Object>> cpus = (List<Map<String, Object>>) stats.get("cpus");
        assertThat(cpus).hasSize(4);
        for (Map<String, Object> cpu : cpus) {
            assertThat(cpu).containsOnlyKeys("id", "busy_ns", "idle_ns", "interrupts", "timer_interrupts",
                    "context_switches");
        }
        // At 3 ms the BSP is still writing its banner and the APs wait for their start-up IPIs.
        assertThat(cpus.get(0)).containsEntry("busy_ns", 3.0e6).containsEntry("idle_ns", 0.0);
        assertThat(cpus.get(3)).containsEntry("busy_ns", 0.0).containsEntry("idle_ns", 3.0e6)
                .containsEntry("interrupts", Map.of());
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsJson_countsInterruptsByGateAndTheTimerVector(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stats.json");
        assertThat(run("boot", "bare-metal", "--until", "50ms", "--quiet", "--stats-json", file.toString())).isZero();
        Map<String, Object> cpu0 = ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(
                Files.readString(file))).get("cpus")).get(0);
        assertThat(cpu0).containsEntry("interrupts", Map.of("irq0", 4.0, "apic_timer", 44.0))
                .containsEntry("timer_interrupts", 44.0).containsEntry("context_switches", 0.0);
        assertThat((double) cpu0.get("busy_ns") + (double) cpu0.get("idle_ns")).isEqualTo(5.0e7);
    }

    @Test
    void imageProblems_areListedAsFileLineColumn(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("bad.yaml");
        Files.writeString(image, "name: bad\nmachine: {cpus: 0}\nhypervisor: none\ndomains: [{name: l}]\n"
                + "run: {until: 1s}\n");
        assertThat(run("boot", image.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith(image + ":2:17: error: machine.cpus:");
        err.getBuffer().setLength(0);
        assertThat(run("boot", NATIVE, "--set", "run.until=3")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--set:1:11: error: run.until:");
    }

    @Test
    void chromeTrace_goesToTheFileItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.json");
        assertThat(run("boot", "bare-metal", "--until", "5ms", "--quiet", "--trace", "chrome", "--trace-out",
                file.toString())).isZero();
        assertThat(Files.readString(file)).startsWith("[\n").contains("\"thread_name\"").endsWith("]\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badInput_exitsWith2AndSaysWhat(@TempDir Path dir) {
        assertThat(run("boot", "--until", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--until:1:1: error:").contains("did you mean '2s'?");
        assertThat(run("boot", "no-such-image")).isEqualTo(2);
        assertThat(err.toString()).contains("no built-in image 'no-such-image'");
        assertThat(run("boot", "--trace", "chrome")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --trace-out");
        assertThat(run("boot", "--trace", "flame")).isEqualTo(2);
        assertThat(err.toString()).contains("xenolith: --trace flame: expected one of graph, events, chrome");
        assertThat(run("boot", "bare-metal", "--cpu", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("xenolith: --cpu 4: this machine has CPUs 0..3");
        assertThat(run("boot", "--stats-json", dir.resolve("no/such/dir.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write the statistics to ").contains("no such directory");
        assertThat(run("boot", "--trace", "graph", "--trace-out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write the trace to " + dir);
        assertThat(run("boot", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void images_listsTheBuiltIns() {
        assertThat(run("images")).isZero();
        assertThat(out.toString().lines().map(line -> line.substring(0, line.indexOf(' '))))
                .containsExactlyElementsOf(BuiltIns.NAMES);
        assertThat(out.toString()).startsWith("full-stack           Xen credit, 2 CPUs: two PV guests")
                .containsOnlyOnce("(default)").contains("\nbare-metal           the PC board alone:");
    }

    private static int indexOf(List<String> lines, String suffix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }
}
