package dev.xenolith.cli.render;

import static dev.xenolith.cli.testing.TestTrace.XEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.testing.TestTrace.Fn;
import dev.xenolith.cli.testing.TestTrace.Raise;
import dev.xenolith.cli.testing.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class EventAndChromeRendererTest {

    @Test
    void eventReport_hasTraceCmdShape() {
        StringBuilder out = new StringBuilder();
        EventReportRenderer report = new EventReportRenderer(out, 2, -1);
        report.functionEntry(1, 0, XEN, Fn.DO_SOFTIRQ);
        report.event(1, 12_345_678_000_000L, XEN, new Raise("AC_TIMER_SOFTIRQ"));
        report.functionExit(1, 0, XEN, Fn.DO_SOFTIRQ, 0);
        report.finish(0);

        assertThat(out.toString()).isEqualTo("cpus=2\n"
                + "             xen [001]    12.345678: softirq_raise: vec=AC_TIMER_SOFTIRQ \"quoted\"\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void chromeTrace_isValidJsonWithATrackPerCpuAndNestedSlices() {
        StringBuilder out = new StringBuilder();
        ChromeTraceRenderer chrome = new ChromeTraceRenderer(out, 2);
        chrome.functionEntry(0, 1_000_000, XEN, Fn.APIC_TIMER_INTERRUPT);
        chrome.functionEntry(0, 1_500_000, XEN, Fn.DO_SOFTIRQ);
        chrome.functionExit(0, 2_500_000, XEN, Fn.DO_SOFTIRQ, 1_000_000);
        chrome.event(1, 3_000_000, XEN, new Raise("SCHEDULE_SOFTIRQ"));
        chrome.functionExit(0, 4_000_000, XEN, Fn.APIC_TIMER_INTERRUPT, 3_000_000);
        chrome.finish(4_000_000);

        List<Map<String, Object>> events = (List<Map<String, Object>>) Json.parse(out.toString());
        assertThat(events).filteredOn(e -> "thread_name".equals(e.get("name")))
                .extracting(e -> ((Map<String, Object>) e.get("args")).get("name"))
                .containsExactly("cpu0", "cpu1");
        Map<String, Object> inner = events.stream().filter(e -> "do_softirq".equals(e.get("name"))).findFirst().orElseThrow();
        Map<String, Object> outer = events.stream()
                .filter(e -> "apic_timer_interrupt".equals(e.get("name"))).findFirst().orElseThrow();
        assertThat(inner).containsEntry("ph", "X").containsEntry("ts", 1.5).containsEntry("dur", 1.0)
                .containsEntry("tid", 0.0);
        assertThat(outer).containsEntry("ts", 1.0).containsEntry("dur", 3.0);
        Map<String, Object> instant = events.stream().filter(e -> "i".equals(e.get("ph"))).findFirst().orElseThrow();
        assertThat(instant).containsEntry("tid", 1.0).containsEntry("ts", 3.0);
        assertThat(((Map<String, Object>) instant.get("args")).get("fields"))
                .isEqualTo("vec=SCHEDULE_SOFTIRQ \"quoted\"");
    }
}
