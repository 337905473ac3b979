package dev.xenolith.cli.image;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads a task's program: each step a bare word ({@code yield}, {@code loop}, {@code exit}) or a map of
 * one key ({@code compute: 200us}). Besides each step's value, the program's shape is checked: it is not
 * empty, {@code loop} can only end it (and needs something before it to repeat), and nothing follows
 * {@code exit}. {@code read} also accepts the device alone ({@code read: serio_raw}), for a count of 1.
 */
final class ProgramParser {
    private static final List<String> STEPS = List.of("compute", "kernel", "read", "write", "sleep", "wait-period",
            "yield", "setscheduler", "nice", "loop", "exit");
    private static final List<String> BARE_STEPS = List.of("yield", "loop", "exit");

    private final ReadContext cx;
    private final DomainParser tasks;

    ProgramParser(ReadContext cx, DomainParser tasks) {
        this.cx = cx;
        this.tasks = tasks;
    }

    List<Step> program(Node node, String path) {
        List<Node> items = cx.values.list(node, path);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            cx.problems.add(node, path + ": expected at least one step, found an empty program");
            return null;
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            steps.add(step(items.get(i), path + "." + i));
        }
        boolean shaped = checkShape(items, path);
        return shaped && !steps.contains(null) ? steps : null;
    }

    private boolean checkShape(List<Node> items, String path) {
        int last = items.size() - 1;
        boolean ok = true;
        for (int i = 0; i < last; i++) {
            String name = stepName(items.get(i));
            if ("loop".equals(name)) {
                cx.problems.add(items.get(i), path + "." + i + ": loop must be the last step: it goes back to the"
                        + " first, so the " + (last - i) + " step" + (last - i == 1 ? "" : "s")
                        + " after it would never run");
                ok = false;
            } else if ("exit".equals(name)) {
                cx.problems.add(items.get(i + 1), path + "." + (i + 1) + ": this step follows 'exit' and would never"
                        + " run; expected 'exit' to be the last step");
                ok = false;
            }
        }
        if (last == 0 && "loop".equals(stepName(items.get(0)))) {
            cx.problems.add(items.get(0), path + ".0: loop needs a step before it to repeat; expected steps such as"
                    + " 'compute: 200us' first");
            ok = false;
        }
        return ok;
    }

    /** The step a list item names, valid or not, so the shape is checked even when a value is wrong. */
    private static String stepName(Node item) {
        if (item instanceof MappingNode && ((MappingNode) item).getValue().size() == 1) {
            return Nodes.text(((MappingNode) item).getValue().get(0).getKeyNode());
        }
        return Nodes.text(item);
    }

    private Step step(Node node, String path) {
        if (node instanceof MappingNode) {
            return mappedStep((MappingNode) node, path);
        }
        String word = Nodes.text(node);
        if (word == null) {
            cx.problems.add(node, path + ": expected a step such as 'compute: 200us' or 'yield', found "
                    + Nodes.describe(node));
        } else if (BARE_STEPS.contains(word)) {
            return bare(word, null, path, node);
        } else if (STEPS.contains(word)) {
            cx.problems.add(node, path + ": '" + word + "' needs a value, such as '" + example(word) + "'");
        } else {
            unknownStep(node, path, word);
        }
        return null;
    }

    private void unknownStep(Node node, String path, String word) {
        cx.problems.add(node, path + ": unknown step '" + word + "'" + Suggest.didYouMean(word, STEPS)
                + "; expected " + Suggest.list(STEPS));
    }

    private Step mappedStep(MappingNode node, String path) {
        List<NodeTuple> entries = node.getValue();
        if (entries.size() != 1) {
            List<String> keys = new ArrayList<>();
            entries.forEach(entry -> keys.add(Nodes.describe(entry.getKeyNode())));
            cx.problems.add(node, path + ": a step is one action, found " + entries.size() + " keys"
                    + (keys.isEmpty() ? "" : " (" + String.join(", ", keys) + ")")
                    + "; write each step as its own '- ' entry");
            return null;
        }
        Node keyNode = entries.get(0).getKeyNode();
        String name = Nodes.text(keyNode);
        if (name == null || !STEPS.contains(name)) {
            unknownStep(keyNode, path, name == null ? Nodes.describe(keyNode) : name);
            return null;
        }
        Node value = entries.get(0).getValueNode();
        String valuePath = path + "." + name;
        if (BARE_STEPS.contains(name)) {
            return bare(name, value, valuePath, node);
        }
        return valued(name, value, valuePath, Nodes.pos(node));
    }

    /** {@code yield}, {@code exit} or {@code loop}, written alone or with a value ({@code loop: 3}). */
    private Step bare(String name, Node value, String path, Node step) {
        SourcePos pos = Nodes.pos(step);
        if (name.equals("loop")) {
            return loop(value, path, pos);
        }
        if (value != null && !Nodes.isNothing(value)) {
            cx.problems.add(value, path + ": '" + name + "' takes no value, found " + Nodes.describe(value)
                    + "; write '- " + name + "'");
            return null;
        }
        return name.equals("yield") ? new Step.Yield(pos) : new Step.Exit(pos);
    }

    private Step loop(Node value, String path, SourcePos pos) {
        if (value == null || Nodes.isNothing(value) || "forever".equals(Nodes.text(value))) {
            return new Step.Loop(Step.Loop.FOREVER, pos);
        }
        Long count = cx.values.integer(value, path, 1, Long.MAX_VALUE, " (repetitions; 'loop' alone repeats"
                + " forever)");
        return count == null ? null : new Step.Loop(count, pos);
    }

    private Step valued(String name, Node value, String path, SourcePos pos) {
        switch (name) {
            case "compute":
                return compute(value, path, pos);
            case "kernel": {
                Duration work = cx.values.work(value, path, "us");
                return work == null ? null : new Step.Kernel(work, pos);
            }
            case "read":
                return read(value, path, pos);
            case "write":
                return write(value, path, pos);
            case "sleep": {
                Long picos = cx.values.time(value, path, "ms");
                return picos == null ? null : new Step.Sleep(picos, pos);
            }
            case "wait-period":
                return waitPeriod(value, path, pos);
            case "setscheduler":
                return setScheduler(value, path, pos);
            case "nice": {
                Integer nice = tasks.nice(value, path);
                return nice == null ? null : new Step.Nice(nice, pos);
            }
            default:
                throw new IllegalStateException("step without a reader: " + name);
        }
    }

    /** A fixed amount of work, or {@code {min, max}} of the same kind (both times or both cycles). */
    private Step compute(Node value, String path, SourcePos pos) {
        if (!(value instanceof MappingNode)) {
            Duration work = cx.values.work(value, path, "us");
            return work == null ? null : new Step.Compute(work, work, pos);
        }
        MapReader map = MapReader.open(value, path, cx.problems, List.of("min", "max"));
        Duration min = cx.required(map, "min", "the least work, such as 'min: 100us'",
                (n, p) -> cx.values.work(n, p, "us"));
        Duration max = cx.required(map, "max", "the most work, such as 'max: 300us'",
                (n, p) -> cx.values.work(n, p, "us"));
        if (min == null || max == null) {
            return null;
        }
        if (min.inCycles() != max.inCycles()) {
            cx.problems.add(map.get("max"), map.path("max") + ": min and max must both be times or both be cycles,"
                    + " found " + Nodes.describe(map.get("min")) + " and " + Nodes.describe(map.get("max")));
            return null;
        }
        if (max.amount() < min.amount()) {
            cx.problems.add(map.get("max"), map.path("max") + ": expected at least min ("
                    + Nodes.describe(map.get("min")) + "), found " + Nodes.describe(map.get("max")));
            return null;
        }
        return new Step.Compute(min, max, pos);
    }

    private Step read(Node value, String path, SourcePos pos) {
        if (!(value instanceof MappingNode)) {
            String device = tasks.taskDevice(value, path);
            return device == null ? null : new Step.Read(device, 1, pos);
        }
        MapReader map = MapReader.open(value, path, cx.problems, List.of("device", "count"));
        String device = cx.required(map, "device", "the device file to read, "
                + Suggest.list(new TreeSet<>(cx.catalog.taskDevices().keySet())), tasks::taskDevice);
        Long count = cx.optional(map, "count", 1L, (n, p) -> cx.values.integer(n, p, 1, Integer.MAX_VALUE));
        return device == null || count == null ? null : new Step.Read(device, Math.toIntExact(count), pos);
    }

    private Step write(Node value, String path, SourcePos pos) {
        MapReader map = MapReader.open(value, path, cx.problems, List.of("device", "bytes"));
        if (map == null) {
            return null;
        }
        String device = cx.required(map, "device", "the device file to write, such as 'ttyS0'", tasks::taskDevice);
        byte[] bytes = cx.required(map, "bytes", "a text or a list of byte values", cx.values::bytes);
        return device == null || bytes == null ? null : new Step.Write(device, bytes, pos);
    }

    private Step waitPeriod(Node value, String path, SourcePos pos) {
        Long period = cx.values.time(value, path, "ms");
        if (period != null && period == 0) {
            cx.problems.add(value, path + ": expected a period above 0, found " + Nodes.describe(value));
            return null;
        }
        return period == null ? null : new Step.WaitPeriod(period, pos);
    }

    private Step setScheduler(Node value, String path, SourcePos pos) {
        MapReader map = MapReader.open(value, path, cx.problems, List.of("policy", "priority"));
        if (map == null) {
            return null;
        }
        Policy policy = cx.required(map, "policy", "the new policy, such as 'policy: fifo'", tasks::policy);
        Integer priority = policy == null ? null : tasks.priority(map, "priority", policy);
        return priority == null ? null : new Step.SetScheduler(policy, priority, pos);
    }

    private static String example(String step) {
        switch (step) {
            case "compute":
            case "kernel":
                return step + ": 200us";
            case "read":
                return "read: {device: serio_raw, count: 1}";
            case "write":
                return "write: {device: ttyS0, bytes: \"hello\\n\"}";
            case "sleep":
            case "wait-period":
                return step + ": 10ms";
            case "setscheduler":
                return "setscheduler: {policy: fifo, priority: 50}";
            default:
                return "nice: 5";
        }
    }
}
