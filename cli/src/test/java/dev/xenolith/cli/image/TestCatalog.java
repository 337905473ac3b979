package dev.xenolith.cli.image;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The catalog the tests read images against: Xen's rrobin, bvt and credit schedulers with their
 * parameters and ranges (credit's from Xen's sched_credit.c and sysctl limits), a few cost names, and the
 * devices and trace kinds of SCENARIO-FORMAT.md.
 */
final class TestCatalog implements Catalog {
    static final TestCatalog INSTANCE = new TestCatalog();

    private static final long NANOS_PER_MS = 1_000_000L;
    private static final long NANOS_PER_US = 1_000L;

    @Override
    public Collection<String> schedulers() {
        return List.of("rrobin", "bvt", "credit");
    }

    @Override
    public List<Param> globalParams(String scheduler) {
        switch (scheduler) {
            case "credit":
                return List.of(Param.time("tslice", "ms", NANOS_PER_MS, 1000 * NANOS_PER_MS),
                        Param.time("ratelimit", "us", 100 * NANOS_PER_US, 500 * NANOS_PER_MS));
            case "bvt":
                return List.of(Param.time("ctx_allow", "ms", 100 * NANOS_PER_US, 1000 * NANOS_PER_MS));
            default:
                return List.of();
        }
    }

    @Override
    public List<Param> domainParams(String scheduler) {
        switch (scheduler) {
            case "credit":
                return List.of(Param.number("weight", 1, 65535), Param.perVcpu("cap", 0, 100));
            case "bvt":
                return List.of(Param.number("mcu-advance", 1, 10_000),
                        Param.time("warp", "ms", 0, Long.MAX_VALUE),
                        Param.time("warpl", "ms", 0, Long.MAX_VALUE),
                        Param.time("warpu", "ms", 0, Long.MAX_VALUE));
            default:
                return List.of();
        }
    }

    @Override
    public Collection<String> costs() {
        return List.of("context_switch", "interrupt_entry", "iret", "port_io", "lapic_access", "ipi_latency");
    }

    @Override
    public Map<String, String> taskDevices() {
        return Map.of("serio_raw", "i8042", "ttyS0", "com1");
    }

    @Override
    public Collection<String> inputDevices() {
        return List.of("i8042", "com1");
    }

    @Override
    public Collection<String> traceKinds() {
        return List.of("graph", "events", "chrome", "stats");
    }
}
