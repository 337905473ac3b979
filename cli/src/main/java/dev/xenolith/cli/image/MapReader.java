package dev.xenolith.cli.image;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A YAML mapping being read against the keys it may hold. Opening it reports, each at the key itself,
 * keys that are not names, duplicate keys (the YAML compose API keeps both) and unknown keys with the
 * closest known one. Lookups then never see an unknown key.
 */
final class MapReader {
    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, Node> values = new LinkedHashMap<>();

    private MapReader(MappingNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The mapping at {@code path}, whose keys must be among {@code keys} (called {@code noun}s in
     * messages); {@code null}, with a problem, if the node is not a mapping.
     */
    static MapReader open(Node node, String path, Problems problems, List<String> keys, String noun) {
        if (!(node instanceof MappingNode)) {
            problems.add(node, where(path) + ": expected a mapping, found " + Nodes.describe(node));
            return null;
        }
        MapReader map = new MapReader((MappingNode) node, path, problems);
        map.index(keys, noun);
        return map;
    }

    static MapReader open(Node node, String path, Problems problems, List<String> keys) {
        return open(node, path, problems, keys, "key");
    }

    private void index(List<String> keys, String noun) {
        Map<String, Node> firstKey = new HashMap<>();
        for (NodeTuple entry : node.getValue()) {
            Node keyNode = entry.getKeyNode();
            String key = Nodes.text(keyNode);
            if (key == null) {
                problems.add(keyNode, where() + ": a key must be a name, found " + Nodes.describe(keyNode));
            } else if (firstKey.containsKey(key)) {
                problems.add(keyNode, where() + ": duplicate key '" + key + "' (first at "
                        + Nodes.pos(firstKey.get(key)) + ")");
            } else if (!keys.contains(key)) {
                firstKey.put(key, keyNode);
                problems.add(keyNode, where() + ": unknown " + noun + " '" + key + "'" + expected(key, keys));
            } else {
                firstKey.put(key, keyNode);
                values.put(key, entry.getValueNode());
            }
        }
    }

    private static String expected(String key, List<String> keys) {
        if (keys.isEmpty()) {
            return "; none are accepted here";
        }
        String suggestion = Suggest.didYouMean(key, keys);
        return suggestion.isEmpty() ? "; expected " + Suggest.list(keys) : suggestion;
    }

    /** The value of {@code key}, or {@code null} when it is absent. */
    Node get(String key) {
        return values.get(key);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}; when absent, {@code null} and a problem saying what belongs there. */
    Node require(String key, String expectation) {
        Node value = values.get(key);
        if (value == null) {
            problems.add(node, where() + ": missing key '" + key + "': expected " + expectation);
        }
        return value;
    }

    /** The known keys present with their values, in image order. */
    Map<String, Node> accepted() {
        return Collections.unmodifiableMap(values);
    }

    /** The dotted path of {@code key} in this mapping, as {@code --set} addresses it. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    SourcePos pos() {
        return Nodes.pos(node);
    }

    private String where() {
        return where(path);
    }

    static String where(String path) {
        return path.isEmpty() ? "top level" : path;
    }
}
