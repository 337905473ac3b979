package dev.xenolith.cli.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The command line's {@code --set KEY=VALUE}: replaces one value of an image's node tree before the
 * tree is validated, so a bad value is reported like one written in the file, at {@code --set:K:N}:
 * the K-th {@code --set} argument (from 1) as if each were a line, N the column of the value (or of the
 * offending key) in it. A single {@code --set} is thus {@code --set:1:N}, and problems of several are
 * listed in argument order.
 *
 * <p>KEY is a dotted path: mapping keys by name ({@code run.until}), list entries by index
 * ({@code domains.0}) or by their {@code name:} ({@code domains.web.sched.weight}). VALUE is YAML, so
 * {@code pin=[0, 1]} and {@code com1={baud: 9600}} work; quote it to force a text. A key missing from
 * the image is added (mappings on the way are created), and the reader then rejects it if the format
 * has no such key, with a suggestion. A list entry that does not exist, or a path through a scalar, is
 * reported here, with a suggestion among the entries' names.
 *
 * <p>The tree is copied along the path rather than changed in place, so a value shared through a YAML
 * alias changes only where the path points.
 */
public final class Overrides {
    /** The file name of positions inside {@code --set} arguments. */
    public static final String SOURCE = "--set";

    private Overrides() {
    }

    /** {@code root} with every setting applied in order; a later setting of the same key wins. */
    public static Node apply(Node root, List<String> settings) throws ImageException {
        Problems problems = new Problems();
        Node result = apply(root, settings, problems);
        problems.throwIfAny(SOURCE);
        return result;
    }

    static Node apply(Node root, List<String> settings, Problems problems) {
        Node result = root;
        for (int i = 0; i < settings.size(); i++) {
            result = new Setting(settings.get(i), i, problems).applyTo(result);
        }
        return result;
    }

    /** One {@code KEY=VALUE} argument, split into path segments that remember their columns. */
    private static final class Setting {
        private final String text;
        /** The 0-based line of the setting's positions: its index among the arguments. */
        private final int line;
        private final Problems problems;
        private final List<String> segments = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();

        Setting(String text, int line, Problems problems) {
            this.text = text;
            this.line = line;
            this.problems = problems;
        }

        Node applyTo(Node root) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                problems.add(at(0), "expected KEY=VALUE, such as 'run.until=2s', found '"
                        + text + "'");
                return root;
            }
            if (!split(text.substring(0, equals))) {
                return root;
            }
            Node value = Yaml.compose(SOURCE, "\n".repeat(line) + " ".repeat(equals + 1) + text.substring(equals + 1),
                    problems);
            if (value == null || !(root instanceof MappingNode)) {
                // Syntax errors are reported by compose; a root that is no mapping, by the reader.
                return root;
            }
            Node updated = set(root, 0, value);
            return updated == null ? root : updated;
        }

        private boolean split(String key) {
            int start = 0;
            for (String segment : key.split("\\.", -1)) {
                if (segment.isEmpty()) {
                    problems.add(at(start), "'" + key + "' has an empty name at column " + (start + 1)
                            + "; expected names joined by single dots, such as 'domains.web.vcpus'");
                    return false;
                }
                segments.add(segment);
                columns.add(start);
                start += segment.length() + 1;
            }
            return true;
        }

        /** {@code node} with the value at segment {@code i} onwards replaced; {@code null} on a bad path. */
        private Node set(Node node, int i, Node value) {
            if (node instanceof MappingNode) {
                return setInMapping((MappingNode) node, i, value);
            }
            if (node instanceof SequenceNode) {
                return setInList((SequenceNode) node, i, value);
            }
            String parent = prefix(i);
            problems.add(at(columns.get(i)), "cannot set '" + prefix(i + 1) + "': '" + parent + "' is "
                    + Nodes.describe(node) + ", not a mapping or a list; set '" + parent + "=...' to replace it");
            return null;
        }

        private Node setInMapping(MappingNode mapping, int i, Node value) {
            List<NodeTuple> entries = new ArrayList<>(mapping.getValue());
            int index = indexOfKey(entries, segments.get(i));
            Node child = index < 0 ? null : entries.get(index).getValueNode();
            Node replacement = value;
            if (i < segments.size() - 1) {
                Node base = child == null || Nodes.isNothing(child) ? emptyMapping(columns.get(i + 1)) : child;
                replacement = set(base, i + 1, value);
                if (replacement == null) {
                    return null;
                }
            }
            Node key = index < 0 ? scalar(segments.get(i), columns.get(i)) : entries.get(index).getKeyNode();
            NodeTuple entry = new NodeTuple(key, replacement);
            if (index < 0) {
                entries.add(entry);
            } else {
                entries.set(index, entry);
            }
            return new MappingNode(mapping.getTag(), true, entries, mapping.getFlowStyle(), mapping.getStartMark(),
                    mapping.getEndMark());
        }

        private static int indexOfKey(List<NodeTuple> entries, String key) {
            for (int i = 0; i < entries.size(); i++) {
                if (key.equals(Nodes.text(entries.get(i).getKeyNode()))) {
                    return i;
                }
            }
            return -1;
        }

        private Node setInList(SequenceNode list, int i, Node value) {
            List<Node> items = new ArrayList<>(list.getValue());
            int index = indexOfEntry(items, i);
            if (index < 0) {
                return null;
            }
            Node replacement = i < segments.size() - 1 ? set(items.get(index), i + 1, value) : value;
            if (replacement == null) {
                return null;
            }
            items.set(index, replacement);
            return new SequenceNode(list.getTag(), true, items, list.getFlowStyle(), list.getStartMark(),
                    list.getEndMark());
        }

        /** The entry that segment {@code i} names by index or by {@code name:}; -1 with a problem. */
        private int indexOfEntry(List<Node> items, int i) {
            String segment = segments.get(i);
            String list = prefix(i);
            if (segment.chars().allMatch(Character::isDigit)) {
                int index = segment.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(segment);
                if (index < items.size()) {
                    return index;
                }
                problems.add(at(columns.get(i)), "'" + list + "' has " + items.size() + " entries"
                        + (items.isEmpty() ? "" : " (0.." + (items.size() - 1) + ")") + ", found index " + segment);
                return -1;
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k < items.size(); k++) {
                String name = Nodes.nameOf(items.get(k));
                if (segment.equals(name)) {
                    return k;
                }
                if (name != null) {
                    names.add(name);
                }
            }
            String suggestion = Suggest.didYouMean(segment, names);
            names.add("an index");
            problems.add(at(columns.get(i)), "no entry named '" + segment + "' in '" + list + "'" + suggestion
                    + "; expected " + Suggest.list(names));
            return -1;
        }

        /** The first {@code count} segments, joined: the path of what segment {@code count} is in. */
        private String prefix(int count) {
            return count == 0 ? "top level" : String.join(".", segments.subList(0, count));
        }

        private SourcePos at(int column) {
            return new SourcePos(SOURCE, line + 1, column + 1);
        }

        private Optional<Mark> mark(int column) {
            return Optional.of(new Mark(SOURCE, column, line, column, text.codePoints().toArray(), column));
        }

        private ScalarNode scalar(String value, int column) {
            return new ScalarNode(Tag.STR, true, value, ScalarStyle.PLAIN, mark(column), mark(column));
        }

        private MappingNode emptyMapping(int column) {
            return new MappingNode(Tag.MAP, true, new ArrayList<>(), FlowStyle.BLOCK, mark(column), mark(column));
        }
    }
}
