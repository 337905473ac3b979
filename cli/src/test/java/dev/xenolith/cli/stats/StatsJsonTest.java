package dev.xenolith.cli.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class StatsJsonTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyFieldIsThereUnderItsName() {
        Map<String, Object> root = (Map<String, Object>) Json.parse(StatsJson.render(SampleStats.run()));

        assertThat(root).containsOnlyKeys("simulated_ns", "cpus", "domains").containsEntry("simulated_ns", 5.0e7);
        List<Map<String, Object>> cpus = (List<Map<String, Object>>) root.get("cpus");
        assertThat(cpus).hasSize(2);
        assertThat(cpus.get(0)).containsExactly(Map.entry("id", 0.0), Map.entry("busy_ns", 1_234_567.0),
                Map.entry("idle_ns", 48_765_433.0), Map.entry("interrupts", Map.of("irq0", 5.0, "apic_timer", 50.0)),
                Map.entry("timer_interrupts", 50.0), Map.entry("context_switches", 7.0));
        assertThat((Map<String, Object>) cpus.get(1).get("interrupts")).isEmpty();

        List<Map<String, Object>> domains = (List<Map<String, Object>>) root.get("domains");
        assertThat(domains).hasSize(1);
        Map<String, Object> web = domains.get(0);
        assertThat(web).containsOnlyKeys("name", "id", "cpu_ns", "vcpus", "tasks")
                .containsEntry("name", "web").containsEntry("id", 1.0).containsEntry("cpu_ns", 1_234_567.0)
                .containsEntry("vcpus", List.of(Map.of("id", 0.0, "cpu_ns", 1_234_567.0)));
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) web.get("tasks");
        assertThat(tasks.get(0)).containsExactly(Map.entry("name", "reader"), Map.entry("pid", 2.0),
                Map.entry("policy", "fifo"), Map.entry("nice", 0.0), Map.entry("cpu_ns", 345_678.0),
                Map.entry("voluntary_switches", 12.0), Map.entry("involuntary_switches", 1.0),
                Map.entry("wakeup_latency_ns", Map.of("count", 12.0, "p50", 1_500.0, "p99", 9_999.0, "max", 12_345.0)));
        assertThat(tasks.get(1)).containsEntry("name", "hog \"x\"").containsEntry("nice", -5.0);
    }

    @Test
    void interruptsKeepTheirOrderAndTextIsEscaped() {
        String json = StatsJson.render(SampleStats.run());
        assertThat(json.indexOf("\"irq0\"")).isLessThan(json.indexOf("\"apic_timer\""));
        assertThat(json).contains("\"hog \\\"x\\\"\"").endsWith("}\n");
    }

    @Test
    void emptyRun_isValidJsonWithEmptyLists() {
        String json = StatsJson.render(new RunStats(0, List.of(), List.of()));
        assertThat(json).isEqualTo("{\n  \"simulated_ns\": 0,\n  \"cpus\": [],\n  \"domains\": []\n}\n");
        assertThat(Json.parse(json)).isEqualTo(Map.of("simulated_ns", 0.0, "cpus", List.of(), "domains", List.of()));
    }

    @Test
    void controlCharactersInNames_areEscaped() {
        RunStats.DomainStats odd = new RunStats.DomainStats("a\tb\u0001\\", 0, 0, List.of(), List.of());
        String json = StatsJson.render(new RunStats(0, List.of(), List.of(odd)));
        assertThat(json).contains("\"a\\tb\\u0001\\\\\"");
        assertThat(Json.parse(json).toString()).contains("a\tb\u0001\\");
    }
}
