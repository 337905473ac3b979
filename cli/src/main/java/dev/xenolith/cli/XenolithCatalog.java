package dev.xenolith.cli;

import dev.xenolith.cli.image.Catalog;
import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.hypervisor.XenFunction;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.hypervisor.sched.bvt.BvtFunction;
import dev.xenolith.hypervisor.sched.credit.CreditFunction;
import dev.xenolith.hypervisor.sched.rrobin.RrFunction;
import dev.xenolith.machine.cost.CostKey;
import dev.xenolith.machine.cost.HardwareCost;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What this build knows, for validating images: Xen's schedulers with their parameters (names, units
 * and ranges as Xen's tools take them), every cost name, the devices tasks and input may use, the trace
 * kinds.
 */
final class XenolithCatalog implements Catalog {
    private static final long US = 1_000L;
    private static final long MS = 1_000 * US;

    // Names, units and ranges as the plug-ins check them (RoundRobinScheduler, BvtScheduler, CreditScheduler),
    // written in kebab-case like every key of an image; xenName gives the plug-ins' spelling.
    private static final Map<String, List<Param>> GLOBAL = new TreeMap<>(Map.of(
            "rrobin", List.of(Param.time("rr-slice", "ms", 1, Integer.MAX_VALUE)),
            "bvt", List.of(Param.time("ctx-allow", "ms", 1, 214_748_364)),
            "credit", List.of(Param.time("tslice", "ms", MS, 1_000 * MS).inWhole(MS),
                    Param.time("ratelimit", "us", 100 * US, 500 * MS).inWhole(US).orOff(),
                    Param.time("vcpu-migration-delay", "us", 0, 100 * MS).inWhole(US))));
    private static final Map<String, List<Param>> DOMAIN = new TreeMap<>(Map.of(
            "rrobin", List.of(),
            "bvt", List.of(Param.number("mcu-advance", 1, 0xFFFF_FFFFL), Param.number("warp", 0, 1),
                    Param.number("warp-value", Integer.MIN_VALUE, Integer.MAX_VALUE),
                    Param.time("warpl", "ms", 0, Long.MAX_VALUE), Param.time("warpu", "ms", 0, Long.MAX_VALUE)),
            "credit", List.of(Param.number("weight", 1, 65_535), Param.perVcpu("cap", 0, 100))));

    /**
     * A scheduler parameter's name as Xen and its plug-ins spell it ({@code mcu_advance}) for its name in an
     * image ({@code mcu-advance}): the one place where the two meet.
     */
    static String xenName(String imageName) {
        return imageName.replace('-', '_');
    }

    @Override
    public Collection<String> schedulers() {
        return GLOBAL.keySet();
    }

    @Override
    public List<Param> globalParams(String scheduler) {
        return GLOBAL.getOrDefault(scheduler, List.of());
    }

    @Override
    public List<Param> domainParams(String scheduler) {
        return DOMAIN.getOrDefault(scheduler, List.of());
    }

    /** Credit's {@code csched_init} refuses a {@code ratelimit} above the {@code tslice}, defaults included. */
    @Override
    public String globalParamsProblem(String scheduler, Map<String, Long> params) {
        if (!scheduler.equals("credit")) {
            return null;
        }
        long tslice = params.getOrDefault("tslice", CreditScheduler.DEFAULT_TSLICE);
        long ratelimit = params.getOrDefault("ratelimit", CreditScheduler.DEFAULT_RATELIMIT);
        if (ratelimit <= tslice) {
            return null;
        }
        return "ratelimit (" + time(ratelimit) + ") must not exceed tslice (" + time(tslice)
                + (params.containsKey("tslice") ? ")" : ", the default)");
    }

    /** Whole microseconds (as credit's times are), in ms where they are whole ms. */
    private static String time(long nanos) {
        return nanos % MS == 0 ? nanos / MS + "ms" : nanos / US + "us";
    }

    @Override
    public Collection<String> costs() {
        Collection<String> names = new TreeSet<>();
        for (CostKey key : allCosts()) {
            names.add(key.costName());
        }
        return names;
    }

    /**
     * Every cost the build declares: hardware actions and each layer's traced functions. A name may come
     * twice (Xen's and the guest's {@code do_IRQ}); an override of it sets both (docs/costs.md).
     */
    static List<CostKey> allCosts() {
        List<CostKey> keys = new ArrayList<>(List.of(HardwareCost.values()));
        keys.addAll(List.of(XenFunction.values()));
        keys.addAll(List.of(RrFunction.values()));
        keys.addAll(List.of(BvtFunction.values()));
        keys.addAll(List.of(CreditFunction.values()));
        keys.addAll(List.of(LinuxFunction.values()));
        return keys;
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
        return TraceKind.names();
    }
}
