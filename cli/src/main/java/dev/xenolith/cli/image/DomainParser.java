package dev.xenolith.cli.image;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code domains}: each domain's vcpus, pinning, scheduler parameters, kernel configuration and
 * tasks, checked against the machine and the hypervisor. A list entry is addressed by its name in
 * messages ({@code domains.web.vcpus}) when it has one, else by its index, as {@code --set} accepts.
 */
final class DomainParser {
    static final int DEFAULT_HZ = 250;
    private static final Set<Long> HZ_CHOICES = Set.of(100L, 250L, 300L, 1000L);
    private static final List<String> DOMAIN_KEYS = List.of("name", "vcpus", "pin", "sched", "kernel", "tasks");
    private static final List<String> KERNEL_KEYS = List.of("hz", "nohz", "highres", "preempt");
    private static final List<String> TASK_KEYS =
            List.of("name", "policy", "priority", "nice", "cpus", "start", "program");

    private final ReadContext cx;
    /** {@code hypervisor: none}; {@code null} when the hypervisor section is missing or invalid. */
    private final Boolean nativeBoot;
    /** The scheduler whose per-domain parameters {@code sched} holds; {@code null} when not known. */
    private final String scheduler;

    DomainParser(ReadContext cx, Boolean nativeBoot, String scheduler) {
        this.cx = cx;
        this.nativeBoot = nativeBoot;
        this.scheduler = scheduler;
    }

    List<DomainSpec> domains(Node node) {
        List<Node> items = node == null ? null : cx.values.list(node, "domains");
        if (items == null) {
            return null;
        }
        if (Boolean.TRUE.equals(nativeBoot) && items.size() != 1) {
            cx.problems.add(node, "domains: 'hypervisor: none' boots one kernel on the bare machine, so exactly one"
                    + " domain is expected, found " + items.size());
        } else if (items.isEmpty()) {
            cx.problems.add(node, "domains: expected at least one domain, found none");
        }
        List<DomainSpec> domains = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            domains.add(domain(items.get(i), entryPath("domains", items.get(i), i), names));
        }
        return domains.contains(null) ? null : domains;
    }

    /** {@code list.NAME} for an entry with a usable name, else {@code list.INDEX}. */
    static String entryPath(String list, Node entry, int index) {
        String name = Nodes.nameOf(entry);
        return list + "." + (name == null ? String.valueOf(index) : name);
    }

    private DomainSpec domain(Node node, String path, Map<String, Node> names) {
        MapReader map = MapReader.open(node, path, cx.problems, DOMAIN_KEYS);
        if (map == null) {
            return null;
        }
        int before = cx.problems.count();
        String name = uniqueName(map, names, "domain");
        Integer vcpus = vcpus(map);
        List<Integer> pin = cx.optional(map, "pin", List.of(), (n, p) -> pin(n, p, vcpus));
        Map<String, Long> sched = cx.optional(map, "sched", Map.of(), (n, p) -> sched(n, p, vcpus));
        KernelSpec kernel = cx.optional(map, "kernel", new KernelSpec(DEFAULT_HZ, true, true, false, map.pos()),
                this::kernel);
        List<TaskSpec> tasks = cx.optional(map, "tasks", List.of(), (n, p) -> tasks(n, p, vcpus));
        // A native domain's vcpus come from machine.cpus, which may be the invalid part.
        if (cx.problems.count() != before || vcpus == null) {
            return null;
        }
        return new DomainSpec(name, vcpus, pin, sched, kernel, tasks, map.pos());
    }

    /** The entry's name, reported when another entry of the same list already has it. */
    private String uniqueName(MapReader map, Map<String, Node> names, String what) {
        String name = cx.required(map, "name", "the " + what + "'s name", cx::name);
        if (name != null && names.containsKey(name)) {
            cx.problems.add(map.get("name"), map.path("name") + ": duplicate " + what + " name '" + name
                    + "' (first at " + Nodes.pos(names.get(name)) + "); " + what + " names must be unique");
            return null;
        }
        if (name != null) {
            names.put(name, map.get("name"));
        }
        return name;
    }

    /** 1 by default; natively, the machine's CPUs, which is also the only value accepted. */
    private Integer vcpus(MapReader map) {
        if (!Boolean.TRUE.equals(nativeBoot)) {
            return cx.optional(map, "vcpus", 1,
                    (n, p) -> ScenarioParser.toInt(cx.values.integer(n, p, 1, ReadContext.MAX_CPUS)));
        }
        Integer vcpus = cx.optional(map, "vcpus", cx.machineCpus,
                (n, p) -> ScenarioParser.toInt(cx.values.integer(n, p, 1, ReadContext.MAX_CPUS)));
        if (vcpus != null && cx.machineCpus != null && !vcpus.equals(cx.machineCpus)) {
            cx.problems.add(map.get("vcpus"), map.path("vcpus") + ": with 'hypervisor: none' the kernel runs on"
                    + " all the machine's CPUs: expected " + cx.machineCpus + " (or no 'vcpus'), found " + vcpus);
            return null;
        }
        return vcpus;
    }

    /**
     * The physical CPUs the domain's vcpus may run on. Two vcpus of one domain confined to one CPU would
     * only take turns, which is almost always a slip, so the list must hold at least one CPU per vcpu.
     */
    private List<Integer> pin(Node node, String path, Integer vcpus) {
        if (Boolean.TRUE.equals(nativeBoot)) {
            cx.problems.add(node, path + ": with 'hypervisor: none' there is nothing to pin: the kernel runs on"
                    + " the bare CPUs; remove 'pin'");
            return null;
        }
        List<Integer> pin = cx.cpuList(node, path, cx.machineCpus, "the machine's");
        if (pin != null && vcpus != null && vcpus > pin.size()) {
            cx.problems.add(node, path + ": " + vcpus + " vcpus pinned to " + pin.size() + " CPU"
                    + (pin.size() == 1 ? "" : "s") + ": expected at least " + vcpus + " CPUs in 'pin' (one per"
                    + " vcpu), or fewer vcpus");
            return null;
        }
        return pin;
    }

    private Map<String, Long> sched(Node node, String path, Integer vcpus) {
        if (Boolean.TRUE.equals(nativeBoot)) {
            cx.problems.add(node, path + ": with 'hypervisor: none' there is no hypervisor scheduler; remove"
                    + " 'sched'");
            return null;
        }
        if (scheduler == null) {
            return Map.of();
        }
        Map<String, Catalog.Param> known = ScenarioParser.byName(cx.catalog.domainParams(scheduler));
        MapReader map = MapReader.open(node, path, cx.problems, new ArrayList<>(known.keySet()),
                scheduler + " parameter");
        if (map == null) {
            return null;
        }
        Map<String, Long> sched = new LinkedHashMap<>();
        map.accepted().forEach((name, value) ->
                sched.put(name, cx.schedParam(known.get(name), value, map.path(name), vcpus)));
        return sched.containsValue(null) ? null : sched;
    }

    private KernelSpec kernel(Node node, String path) {
        MapReader map = MapReader.open(node, path, cx.problems, KERNEL_KEYS);
        if (map == null) {
            return null;
        }
        int before = cx.problems.count();
        Integer hz = cx.optional(map, "hz", DEFAULT_HZ, this::hz);
        Boolean nohz = cx.optional(map, "nohz", true, cx.values::bool);
        Boolean highres = cx.optional(map, "highres", true, cx.values::bool);
        Boolean preempt = cx.optional(map, "preempt", false, cx.values::bool);
        if (cx.problems.count() != before) {
            return null;
        }
        return new KernelSpec(hz, nohz, highres, preempt, map.pos());
    }

    private Integer hz(Node node, String path) {
        BigInteger hz = Values.parseInteger(Nodes.text(node));
        if (hz == null || hz.bitLength() > Long.SIZE - 1 || !HZ_CHOICES.contains(hz.longValue())) {
            cx.problems.add(node, path + ": expected 100, 250, 300 or 1000 (the CONFIG_HZ choices), found "
                    + Nodes.describe(node));
            return null;
        }
        return hz.intValue();
    }

    private List<TaskSpec> tasks(Node node, String path, Integer vcpus) {
        List<Node> items = cx.values.list(node, path);
        if (items == null) {
            return null;
        }
        List<TaskSpec> tasks = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            tasks.add(task(items.get(i), entryPath(path, items.get(i), i), names, vcpus));
        }
        return tasks.contains(null) ? null : tasks;
    }

    private TaskSpec task(Node node, String path, Map<String, Node> names, Integer vcpus) {
        MapReader map = MapReader.open(node, path, cx.problems, TASK_KEYS);
        if (map == null) {
            return null;
        }
        int before = cx.problems.count();
        String name = uniqueName(map, names, "task");
        Policy policy = cx.optional(map, "policy", Policy.NORMAL, this::policy);
        Integer priority = policy == null ? null : priority(map, "priority", policy);
        Integer nice = cx.optional(map, "nice", 0, this::nice);
        List<Integer> cpus = cx.optional(map, "cpus", List.of(),
                (n, p) -> cx.cpuList(n, p, vcpus, "the domain's"));
        Long start = cx.optional(map, "start", 0L, (n, p) -> cx.values.time(n, p, "ms"));
        List<Step> program = cx.required(map, "program", "a list of steps",
                (n, p) -> new ProgramParser(cx, this).program(n, p));
        if (cx.problems.count() != before) {
            return null;
        }
        return new TaskSpec(name, policy, priority, nice, cpus, start, program, map.pos());
    }

    Policy policy(Node node, String path) {
        List<String> names = new ArrayList<>();
        for (Policy policy : Policy.values()) {
            names.add(policy.imageName());
        }
        String name = cx.oneOf(node, path, names, "policy");
        return name == null ? null : Policy.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** 1..99, required, for fifo and rr; 0 (the only value Linux accepts) for the others. */
    Integer priority(MapReader map, String key, Policy policy) {
        if (policy.isRealtime()) {
            return cx.required(map, key, "a real-time priority 1..99 for a " + policy.imageName() + " task",
                    (n, p) -> ScenarioParser.toInt(cx.values.integer(n, p, 1, 99, " for " + policy.imageName())));
        }
        Node node = map.get(key);
        BigInteger priority = node == null ? BigInteger.ZERO : Values.parseInteger(Nodes.text(node));
        if (priority == null || priority.signum() != 0) {
            cx.problems.add(node, map.path(key) + ": a priority 1..99 is for fifo and rr; a "
                    + policy.imageName() + " task has priority 0 and uses 'nice', found " + Nodes.describe(node));
            return null;
        }
        return 0;
    }

    Integer nice(Node node, String path) {
        return ScenarioParser.toInt(cx.values.integer(node, path, -20, 19));
    }

    /**
     * The device file a task reads or writes, or {@code null} with a problem: it must back onto a device the
     * machine has, and only a native kernel has devices (under the hypervisor, Xen owns them).
     */
    String taskDevice(Node node, String path) {
        Map<String, String> devices = cx.catalog.taskDevices();
        String device = cx.oneOf(node, path, devices.keySet(), "device");
        if (device == null) {
            return null;
        }
        String backing = devices.get(device);
        if (Boolean.FALSE.equals(nativeBoot)) {
            cx.problems.add(node, path + ": " + device + " cannot be used under the hypervisor: Xen owns the machine's"
                    + " " + backing + " and a domain has no devices (its kernel prints through Xen's console_io);"
                    + " tasks may use device files only with 'hypervisor: none'");
            return null;
        }
        if (Boolean.FALSE.equals(cx.machineHas(backing))) {
            cx.problems.add(node, path + ": " + device + " needs the machine's " + backing + ", which this machine"
                    + " does not have; add it under 'machine:' (" + ScenarioParser.howToAdd(backing) + ")");
            return null;
        }
        return device;
    }
}
