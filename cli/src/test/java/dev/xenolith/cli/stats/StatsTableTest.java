package dev.xenolith.cli.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

final class StatsTableTest {

    private static String print(RunStats stats) {
        StringWriter text = new StringWriter();
        StatsTable.print(stats, new PrintWriter(text));
        return text.toString();
    }

    @Test
    void cpusThenEachDomainWithItsTasks() {
        assertThat(print(SampleStats.run())).isEqualTo(String.join(System.lineSeparator(),
                "",
                "simulated time 0.050000 s",
                "",
                "cpu       busy ms      idle ms    busy    timer  switches  interrupts",
                "0           1.234       48.765   2.47%       50         7  irq0=5 apic_timer=50",
                "1           0.000       50.000   0.00%        0         0  -",
                "",
                "domain             id       cpu ms  vcpus",
                "web                 1        1.234  v0 1.234 ms",
                "  task                pid policy nice       cpu ms   vol sw invol sw  wakeups     p50 us"
                        + "     p99 us     max us",
                "  reader                2 fifo      0        0.345       12        1       12      1.500"
                        + "      9.999     12.345",
                "  hog \"x\"               3 normal   -5        0.888        0       40        0      0.000"
                        + "      0.000      0.000",
                ""));
    }

    @Test
    void numbersDoNotDependOnTheHostLocale() {
        Locale host = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(print(SampleStats.run())).contains("2.47%").contains("0.050000 s").doesNotContain("2,47");
        } finally {
            Locale.setDefault(host);
        }
    }

    @Test
    void runWithoutDomains_hasOnlyTheCpuTable() {
        RunStats stats = new RunStats(1_000, List.of(), List.of());
        assertThat(print(stats)).doesNotContain("domain").endsWith("interrupts" + System.lineSeparator());
    }
}
