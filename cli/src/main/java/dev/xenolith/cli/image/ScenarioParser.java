package dev.xenolith.cli.image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the top level of an image and its machine, hypervisor, input, costs and run sections; domains
 * are read by {@link DomainParser}. The machine and hypervisor are read first whatever their place in
 * the file, because the other sections are checked against them.
 */
final class ScenarioParser {
    static final long DEFAULT_CPU_HZ = 2_000_000_000L;
    static final long DEFAULT_APIC_BUS_HZ = 100_000_000L;
    /** The 16550A's 1.8432 MHz crystal divided by 16: the baud rate at divisor 1. */
    static final int UART_BASE_BAUD = 115_200;
    private static final int MAX_DIVISOR = 0xFFFF;

    private static final List<String> TOP_KEYS =
            List.of("name", "description", "machine", "hypervisor", "domains", "input", "costs", "run");
    private static final List<String> MACHINE_KEYS = List.of("cpus", "cpu-frequency", "apic-bus-frequency",
            "apic-timer", "tsc-deadline", "com1", "i8042");
    private static final List<String> HYPERVISOR_KEYS = List.of("scheduler", "params");
    private static final List<String> INPUT_KEYS = List.of("at", "every", "from", "until", "device", "bytes");
    private static final List<String> RUN_KEYS = List.of("until", "seed", "trace");

    private final ReadContext cx;

    ScenarioParser(ReadContext cx) {
        this.cx = cx;
    }

    /** The scenario, or {@code null} when a problem was found. */
    Scenario scenario(Node root) {
        if (Nodes.isNothing(root)) {
            cx.problems.add(root, "top level: the image is empty; expected a mapping with at least name, machine,"
                    + " hypervisor, domains and run");
            return null;
        }
        MapReader top = MapReader.open(root, "", cx.problems, TOP_KEYS);
        if (top == null) {
            return null;
        }
        int before = cx.problems.count();
        String name = cx.required(top, "name", "the scenario's name", cx.values::string);
        String description = cx.optional(top, "description", "", this::description);
        MachineSpec machine = machine(top.require("machine", "a mapping with at least 'cpus: N'"));
        HypervisorChoice hypervisor = hypervisor(top.require("hypervisor",
                "a mapping '{scheduler: NAME}', or 'none' to boot the guest natively"));
        List<DomainSpec> domains = new DomainParser(cx, hypervisor.nativeBoot(), hypervisor.scheduler())
                .domains(top.require("domains", "a list of domains"));
        List<InputSpec> input = cx.optional(top, "input", List.of(), this::inputs);
        CostsSpec costs = cx.optional(top, "costs", new CostsSpec(false, Map.of(), top.pos()), this::costs);
        RunSpec run = run(top.require("run", "a mapping with at least 'until: D', the simulated time to run"));
        if (cx.problems.count() != before) {
            return null;
        }
        return new Scenario(name, description, machine, hypervisor.spec(), domains, input, costs, run, top.pos());
    }

    private String description(Node node, String path) {
        return Nodes.isNothing(node) ? "" : cx.values.string(node, path);
    }

    private MachineSpec machine(Node node) {
        MapReader map = node == null ? null : MapReader.open(node, "machine", cx.problems, MACHINE_KEYS);
        if (map == null) {
            return null;
        }
        int before = cx.problems.count();
        cx.machineCpus = cx.required(map, "cpus", "the number of physical CPUs, 1.." + ReadContext.MAX_CPUS,
                (n, p) -> toInt(cx.values.integer(n, p, 1, ReadContext.MAX_CPUS)));
        Long cpuHz = cx.optional(map, "cpu-frequency", DEFAULT_CPU_HZ, (n, p) -> cx.values.frequency(n, p, "GHz"));
        Long apicHz = cx.optional(map, "apic-bus-frequency", DEFAULT_APIC_BUS_HZ,
                (n, p) -> cx.values.frequency(n, p, "MHz"));
        Boolean apicTimer = cx.optional(map, "apic-timer", true, cx.values::bool);
        Boolean tscDeadline = tscDeadline(map, apicTimer);
        Integer com1 = cx.optional(map, "com1", null, this::com1);
        Boolean i8042 = cx.optional(map, "i8042", true, cx.values::bool);
        Map<String, Boolean> devices = new HashMap<>();
        devices.put("com1", map.has("com1") && !"false".equals(Nodes.text(map.get("com1"))));
        devices.put("i8042", i8042);
        cx.machineDevices(devices);
        if (cx.problems.count() != before) {
            return null;
        }
        return new MachineSpec(cx.machineCpus, cpuHz, apicHz, apicTimer, tscDeadline, com1, i8042, map.pos());
    }

    /** TSC-deadline is a mode of the APIC timer: it defaults to, and cannot exceed, whether there is one. */
    private Boolean tscDeadline(MapReader map, Boolean apicTimer) {
        Boolean tscDeadline = cx.optional(map, "tsc-deadline", apicTimer, cx.values::bool);
        if (Boolean.TRUE.equals(tscDeadline) && Boolean.FALSE.equals(apicTimer)) {
            cx.problems.add(map.get("tsc-deadline"), map.path("tsc-deadline") + ": TSC-deadline is a mode of the"
                    + " local APIC timer, which 'apic-timer: false' removes; expected false");
            return null;
        }
        return tscDeadline;
    }

    /**
     * COM1's baud rate ({@code null}: no COM1). {@code true} and {@code false} are accepted too, like
     * {@code i8042:}; the UART divides 115200 by a whole 16-bit divisor.
     */
    private Integer com1(Node node, String path) {
        String text = Nodes.text(node);
        if ("true".equals(text) || "false".equals(text)) {
            return text.equals("true") ? UART_BASE_BAUD : null;
        }
        MapReader map = MapReader.open(node, path, cx.problems, List.of("baud"));
        if (map == null) {
            return null;
        }
        Long baud = cx.optional(map, "baud", (long) UART_BASE_BAUD,
                (n, p) -> cx.values.integer(n, p, 1, UART_BASE_BAUD));
        if (baud != null && (UART_BASE_BAUD % baud != 0 || UART_BASE_BAUD / baud > MAX_DIVISOR)) {
            cx.problems.add(map.get("baud"), map.path("baud") + ": the 16550A runs at 115200 baud divided by a"
                    + " whole divisor (115200, 57600, 38400, 19200, 9600, ...), found " + baud);
            return null;
        }
        return toInt(baud);
    }

    /** The hypervisor section: {@code none} (a native boot), or a scheduler with its parameters. */
    private HypervisorChoice hypervisor(Node node) {
        if (node == null) {
            return new HypervisorChoice(null, null, null);
        }
        if ("none".equals(Nodes.text(node))) {
            return new HypervisorChoice(true, null, null);
        }
        if (!(node instanceof MappingNode)) {
            cx.problems.add(node, "hypervisor: expected a mapping '{scheduler: NAME}' or 'none' for a native"
                    + " boot, found " + Nodes.describe(node));
            return new HypervisorChoice(null, null, null);
        }
        MapReader map = MapReader.open(node, "hypervisor", cx.problems, HYPERVISOR_KEYS);
        int before = cx.problems.count();
        String scheduler = cx.required(map, "scheduler", "one of " + Suggest.list(new TreeSet<>(
                cx.catalog.schedulers())), this::scheduler);
        Map<String, Long> params = scheduler == null ? Map.of()
                : cx.optional(map, "params", Map.of(), (n, p) -> params(n, p, scheduler));
        if (cx.problems.count() != before) {
            return new HypervisorChoice(false, scheduler, null);
        }
        return new HypervisorChoice(false, scheduler, new HypervisorSpec(scheduler, params, map.pos()));
    }

    private String scheduler(Node node, String path) {
        String name = cx.values.string(node, path);
        if ("none".equals(name)) {
            cx.problems.add(node, path + ": 'none' is not a scheduler; for a native boot write 'hypervisor: none'");
            return null;
        }
        return name == null ? null : cx.oneOf(node, path, cx.catalog.schedulers(), "scheduler");
    }

    private Map<String, Long> params(Node node, String path, String scheduler) {
        Map<String, Catalog.Param> known = byName(cx.catalog.globalParams(scheduler));
        MapReader map = MapReader.open(node, path, cx.problems, new ArrayList<>(known.keySet()),
                scheduler + " parameter");
        if (map == null) {
            return null;
        }
        Map<String, Long> params = new LinkedHashMap<>();
        map.accepted().forEach((name, value) ->
                params.put(name, cx.schedParam(known.get(name), value, map.path(name), null)));
        if (params.containsValue(null)) {
            return null;
        }
        String problem = cx.catalog.globalParamsProblem(scheduler, params);
        if (problem != null) {
            cx.problems.add(node, path + ": " + problem);
            return null;
        }
        return params;
    }

    /** Parameters by name, sorted so that key lists in messages are. */
    static Map<String, Catalog.Param> byName(List<Catalog.Param> params) {
        Map<String, Catalog.Param> byName = new TreeMap<>();
        for (Catalog.Param param : params) {
            byName.put(param.name(), param);
        }
        return byName;
    }

    private List<InputSpec> inputs(Node node, String path) {
        List<Node> items = cx.values.list(node, path);
        if (items == null) {
            return null;
        }
        List<InputSpec> inputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            inputs.add(input(items.get(i), path + "." + i));
        }
        return inputs.contains(null) ? null : inputs;
    }

    private InputSpec input(Node node, String path) {
        MapReader map = MapReader.open(node, path, cx.problems, INPUT_KEYS);
        if (map == null) {
            return null;
        }
        int before = cx.problems.count();
        String device = cx.required(map, "device", "the machine device the bytes arrive at, "
                + Suggest.list(new TreeSet<>(cx.catalog.inputDevices())), this::inputDevice);
        byte[] bytes = cx.required(map, "bytes", "a text or a list of byte values", cx.values::bytes);
        long[] times = map.has("at") || !map.has("every") ? oneShot(map) : periodic(map);
        if (cx.problems.count() != before) {
            return null;
        }
        return new InputSpec(times[0], times[1], times[2], device, bytes, map.pos());
    }

    private String inputDevice(Node node, String path) {
        String device = cx.oneOf(node, path, cx.catalog.inputDevices(), "input device");
        if (device != null && Boolean.FALSE.equals(cx.machineHas(device))) {
            cx.problems.add(node, path + ": this machine has no " + device + "; add it under 'machine:' ("
                    + howToAdd(device) + ")");
            return null;
        }
        return device;
    }

    /** {@code {at, every, until}} of an input given by {@code at}. */
    private long[] oneShot(MapReader map) {
        if (map.has("every")) {
            cx.problems.add(map.get("every"), map.path("every") + ": an input has either 'at' (once) or 'every'"
                    + " (periodic), not both");
        }
        for (String periodicKey : List.of("from", "until")) {
            if (map.has(periodicKey) && !map.has("every")) {
                cx.problems.add(map.get(periodicKey), map.path(periodicKey) + ": '" + periodicKey + "' goes with"
                        + " 'every' (a periodic input); an input at one time has only 'at'");
            }
        }
        Long at = cx.required(map, "at", "the time of the input ('at: 12ms'), or its period ('every: 10ms')",
                (n, p) -> cx.values.time(n, p, "ms"));
        return at == null ? new long[3] : new long[] {at, 0, at};
    }

    /** {@code {from, every, until}} of a periodic input: first after one period unless 'from' says. */
    private long[] periodic(MapReader map) {
        Long every = positiveTime(map, "every");
        Long from = every == null ? null : cx.optional(map, "from", every, (n, p) -> cx.values.time(n, p, "ms"));
        Long until = cx.optional(map, "until", Long.MAX_VALUE, (n, p) -> cx.values.time(n, p, "ms"));
        if (from != null && until != null && until < from) {
            cx.problems.add(map.get("until"), map.path("until") + ": the input ends before it starts: expected"
                    + " a time from " + Values.formatPicos(from) + " on, found " + Nodes.describe(map.get("until")));
        }
        return from == null || until == null ? new long[3] : new long[] {from, every, until};
    }

    /** A required time above 0, for periods. */
    private Long positiveTime(MapReader map, String key) {
        Long picos = cx.required(map, key, "a period such as '10ms'", (n, p) -> cx.values.time(n, p, "ms"));
        if (picos != null && picos == 0) {
            cx.problems.add(map.get(key), map.path(key) + ": expected a period above 0, found "
                    + Nodes.describe(map.get(key)));
            return null;
        }
        return picos;
    }

    /** {@code zero}, or cost overrides in cycles by name. */
    private CostsSpec costs(Node node, String path) {
        if ("zero".equals(Nodes.text(node))) {
            return new CostsSpec(true, Map.of(), Nodes.pos(node));
        }
        if (!(node instanceof MappingNode)) {
            cx.problems.add(node, path + ": expected 'zero' or a mapping from cost names to cycles, found "
                    + Nodes.describe(node));
            return null;
        }
        MapReader map = MapReader.open(node, path, cx.problems, new ArrayList<>(new TreeSet<>(cx.catalog.costs())),
                "cost");
        Map<String, Long> overrides = new LinkedHashMap<>();
        map.accepted().forEach((name, value) ->
                overrides.put(name, cx.values.integer(value, map.path(name), 0, Long.MAX_VALUE, " (cycles)")));
        return overrides.containsValue(null) ? null : new CostsSpec(false, overrides, map.pos());
    }

    private RunSpec run(Node node) {
        MapReader map = node == null ? null : MapReader.open(node, "run", cx.problems, RUN_KEYS);
        if (map == null) {
            return null;
        }
        int before = cx.problems.count();
        Long until = positiveRunTime(map);
        Long seed = cx.optional(map, "seed", 1L, (n, p) -> cx.values.integer(n, p, Long.MIN_VALUE, Long.MAX_VALUE));
        List<String> trace = cx.optional(map, "trace", List.of(), this::traceKinds);
        if (cx.problems.count() != before) {
            return null;
        }
        return new RunSpec(until, seed, trace, map.pos());
    }

    private Long positiveRunTime(MapReader map) {
        Long until = cx.required(map, "until", "the simulated time to stop at, such as 'until: 10s'",
                (n, p) -> cx.values.time(n, p, "s"));
        if (until != null && until == 0) {
            cx.problems.add(map.get("until"), map.path("until") + ": expected a time above 0, found "
                    + Nodes.describe(map.get("until")));
            return null;
        }
        return until;
    }

    /** A list of trace kinds, or a single one. */
    private List<String> traceKinds(Node node, String path) {
        List<Node> items = node instanceof SequenceNode ? ((SequenceNode) node).getValue() : List.of(node);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = node instanceof SequenceNode ? path + "." + i : path;
            kinds.add(cx.oneOf(items.get(i), itemPath, cx.catalog.traceKinds(), "trace kind"));
        }
        return kinds.contains(null) ? null : kinds;
    }

    static Integer toInt(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }

    /** How to give the machine a device that an input or a task's device file needs. */
    static String howToAdd(String machineDevice) {
        switch (machineDevice) {
            case "com1":
                return "com1: {baud: 115200}";
            case "i8042":
                return "i8042: true";
            default:
                return machineDevice + " is not a device the machine can have";
        }
    }

    /** What the hypervisor section said: native or not ({@code null}: unknown), the scheduler, the spec. */
    private record HypervisorChoice(Boolean nativeBoot, String scheduler, HypervisorSpec spec) {
    }
}
