package dev.xenolith.cli.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/** The problems found so far in one image; reading goes on after each so all are reported together. */
final class Problems {
    private final List<Problem> found = new ArrayList<>();

    void add(SourcePos pos, String message) {
        found.add(new Problem(pos, message));
    }

    void add(Node at, String message) {
        add(Nodes.pos(at), message);
    }

    int count() {
        return found.size();
    }

    /**
     * The problems in reading order: the image file first, by line and column, then the command-line
     * overrides. A node reached twice through a YAML alias reports its problem once.
     */
    List<Problem> inOrder(String imageFile) {
        List<Problem> sorted = new ArrayList<>(new LinkedHashSet<>(found));
        sorted.sort(Comparator.comparing((Problem p) -> !p.pos().file().equals(imageFile))
                .thenComparing(p -> p.pos().file())
                .thenComparingInt(p -> p.pos().line())
                .thenComparingInt(p -> p.pos().column()));
        return sorted;
    }

    void throwIfAny(String imageFile) throws ImageException {
        if (!found.isEmpty()) {
            throw new ImageException(inOrder(imageFile));
        }
    }
}
