package dev.xenolith.cli.image;

import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What the parts of the reader share while reading one image: the problems found, the value parsers,
 * the catalog, and the facts about the machine that later sections are checked against.
 *
 * <p>Convention: a read that fails returns {@code null} and has recorded a problem, so a {@code null}
 * never needs a second message; checks that depend on a value skip it when it is {@code null}, so one
 * mistake does not cascade into several.
 */
final class ReadContext {
    static final int MAX_CPUS = 256;

    final Problems problems;
    final Values values;
    final Catalog catalog;
    /** The machine's CPU count, or {@code null} while unknown (missing or invalid). */
    Integer machineCpus;
    /** The machine's devices by name, {@code null} for one whose entry is invalid; {@code null} until read. */
    private Map<String, Boolean> machineDevices;

    ReadContext(Problems problems, Catalog catalog) {
        this.problems = problems;
        this.values = new Values(problems);
        this.catalog = catalog;
    }

    /** The value of an optional key: {@code fallback} when absent, {@code null} when invalid. */
    <T> T optional(MapReader map, String key, T fallback, BiFunction<Node, String, T> read) {
        Node node = map.get(key);
        return node == null ? fallback : read.apply(node, map.path(key));
    }

    /** The value of a required key: {@code null} when absent or invalid. */
    <T> T required(MapReader map, String key, String expectation, BiFunction<Node, String, T> read) {
        Node node = map.require(key, expectation);
        return node == null ? null : read.apply(node, map.path(key));
    }

    void machineDevices(Map<String, Boolean> devices) {
        machineDevices = devices;
    }

    /** Whether the machine has {@code device}; {@code null} when that is not known. */
    Boolean machineHas(String device) {
        return machineDevices == null ? null : machineDevices.getOrDefault(device, Boolean.FALSE);
    }

    /** The name of a domain or task, which {@code --set} must be able to address. */
    String name(Node node, String path) {
        String name = values.string(node, path);
        if (name != null && !Nodes.isName(name)) {
            problems.add(node, path + ": '" + name + "' cannot hold '.' or '=', which --set uses to address it");
            return null;
        }
        return name;
    }

    /** One of {@code known} (from the catalog), with a suggestion when it is not. */
    String oneOf(Node node, String path, Collection<String> known, String what) {
        String text = values.string(node, path);
        if (text == null || known.contains(text)) {
            return text;
        }
        problems.add(node, path + ": unknown " + what + " '" + text + "'" + Suggest.didYouMean(text, known)
                + "; expected " + Suggest.list(new TreeSet<>(known)));
        return null;
    }

    /**
     * A non-empty list of distinct CPU numbers below {@code count} ({@code null}: not known, so only
     * the format is checked); {@code whose} names the CPUs in messages.
     */
    List<Integer> cpuList(Node node, String path, Integer count, String whose) {
        List<Node> items = values.list(node, path);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            problems.add(node, path + ": expected at least one CPU number, found an empty list");
            return null;
        }
        long max = count == null ? MAX_CPUS - 1 : count - 1;
        String note = count == null ? "" : " (" + whose + " " + count + " CPUs are 0.." + (count - 1) + ")";
        List<Integer> cpus = new ArrayList<>();
        Map<Integer, Node> seen = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Long cpu = values.integer(items.get(i), path + "." + i, 0, max, note);
            if (cpu == null) {
                ok = false;
            } else if (seen.containsKey(cpu.intValue())) {
                problems.add(items.get(i), path + "." + i + ": CPU " + cpu + " is listed twice (first at "
                        + Nodes.pos(seen.get(cpu.intValue())) + ")");
                ok = false;
            } else {
                seen.put(cpu.intValue(), items.get(i));
                cpus.add(cpu.intValue());
            }
        }
        return ok ? cpus : null;
    }

    /**
     * A scheduler parameter's value: a time kept in nanoseconds (Xen's unit) or a whole number, within
     * the catalog's range; {@code vcpus} scales a per-vcpu maximum ({@code null}: not known).
     */
    Long schedParam(Catalog.Param param, Node node, String path, Integer vcpus) {
        if (param.isTime()) {
            return timeParam(param, node, path);
        }
        if (param.perVcpu()) {
            if (vcpus == null) {
                return values.integer(node, path, param.min(), Long.MAX_VALUE);
            }
            long max = param.max() > Long.MAX_VALUE / vcpus ? Long.MAX_VALUE : param.max() * vcpus;
            return values.integer(node, path, param.min(), max,
                    " (" + param.max() + " per vcpu x " + vcpus + (vcpus == 1 ? " vcpu)" : " vcpus)"));
        }
        return values.integer(node, path, param.min(), param.max());
    }

    private Long timeParam(Catalog.Param param, Node node, String path) {
        Long picos = values.time(node, path, param.unit());
        if (picos == null) {
            return null;
        }
        if (picos % Picos.PER_NANOSECOND != 0) {
            problems.add(node, path + ": '" + Nodes.text(node).trim()
                    + "' is not a whole number of nanoseconds, the unit Xen keeps times in");
            return null;
        }
        long nanos = picos / Picos.PER_NANOSECOND;
        if (nanos == 0 && param.offAllowed()) {
            return nanos;
        }
        if (nanos < param.min() || nanos > param.max()) {
            String from = Values.formatPicos(Picos.ofNanos(param.min()));
            String range = param.max() > Long.MAX_VALUE / Picos.PER_NANOSECOND ? "of at least " + from
                    : "from " + from + " to " + Values.formatPicos(Picos.ofNanos(param.max()));
            String off = param.offAllowed() ? "0" + param.unit() + " (off) or " : "";
            problems.add(node, path + ": expected " + off + "a time " + range + ", found " + Nodes.describe(node));
            return null;
        }
        if (nanos % param.step() != 0) {
            problems.add(node, path + ": expected a multiple of " + Values.formatPicos(Picos.ofNanos(param.step()))
                    + ", as the scheduler takes it, found " + Nodes.describe(node));
            return null;
        }
        return nanos;
    }
}
