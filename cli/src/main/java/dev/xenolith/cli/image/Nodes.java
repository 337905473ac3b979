package dev.xenolith.cli.image;

import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Small questions asked of YAML nodes: where they start and how to describe them in a message. */
final class Nodes {
    private static final int QUOTE_LIMIT = 40;

    private Nodes() {
    }

    /** The node's start as a 1-based position; snakeyaml's marks are 0-based. */
    static SourcePos pos(Node node) {
        return node.getStartMark().map(Nodes::pos).orElse(SourcePos.wholeFile("?"));
    }

    static SourcePos pos(Mark mark) {
        return new SourcePos(mark.getName(), mark.getLine() + 1, mark.getColumn() + 1);
    }

    /**
     * Whether the node is YAML's empty value ({@code key:} with nothing after it, or {@code ~}). The
     * word {@code null} is not: it is a scheduler's name in Xen.
     */
    static boolean isNothing(Node node) {
        if (!(node instanceof ScalarNode)) {
            return false;
        }
        ScalarNode scalar = (ScalarNode) node;
        return scalar.getScalarStyle() == ScalarStyle.PLAIN
                && (scalar.getValue().isEmpty() || scalar.getValue().equals("~"));
    }

    /** Whether the node is an unquoted scalar, which YAML would read as a number if it looks like one. */
    static boolean isPlain(Node node) {
        return node instanceof ScalarNode && ((ScalarNode) node).getScalarStyle() == ScalarStyle.PLAIN;
    }

    /** The text of a scalar that holds something, else {@code null}. */
    static String text(Node node) {
        return node instanceof ScalarNode && !isNothing(node) ? ((ScalarNode) node).getValue() : null;
    }

    /**
     * The {@code name:} of a list entry (a domain, a task), by which messages and {@code --set} address
     * it; {@code null} if the entry is not a mapping or has no usable name.
     */
    static String nameOf(Node entry) {
        if (!(entry instanceof MappingNode)) {
            return null;
        }
        for (NodeTuple tuple : ((MappingNode) entry).getValue()) {
            if ("name".equals(text(tuple.getKeyNode()))) {
                String name = text(tuple.getValueNode());
                return name == null || !isName(name) ? null : name;
            }
        }
        return null;
    }

    /** Whether {@code --set} can address an entry by this name: not empty, no {@code .} and no {@code =}. */
    static boolean isName(String name) {
        return !name.isEmpty() && name.indexOf('.') < 0 && name.indexOf('=') < 0;
    }

    /** What the user wrote, for "found ..." in a message: {@code 'two'}, {@code a list}, {@code nothing}. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        String text = text(node);
        if (text == null) {
            return "nothing";
        }
        return "'" + (text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text) + "'";
    }
}
