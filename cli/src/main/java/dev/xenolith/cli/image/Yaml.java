package dev.xenolith.cli.image;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Parses YAML text into a node tree with snakeyaml-engine's compose API, which keeps every node's
 * start mark (the plain load API would lose them). A syntax error becomes a problem at the parser's
 * mark. Only one document is accepted; anchors and aliases work, merge keys ({@code <<}) do not.
 */
final class Yaml {
    private Yaml() {
    }

    /**
     * The document in {@code text}, its marks named {@code label}; an empty document is an empty scalar
     * where the text ends. {@code null}, with a problem, when the text is not YAML. (A {@code --set}
     * value is composed behind newlines and spaces, so that its marks point into its argument.)
     */
    static Node compose(String label, String text, Problems problems) {
        try {
            Optional<Node> node = new Compose(LoadSettings.builder().setLabel(label).build()).composeString(text);
            return node.orElseGet(() -> nothing(label, text));
        } catch (MarkedYamlEngineException e) {
            problems.add(syntaxPos(e, label), "YAML syntax: " + syntaxMessage(e));
        } catch (ReaderException e) {
            problems.add(position(label, text, e.getPosition()), "YAML syntax: character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML text");
        } catch (YamlEngineException e) {
            problems.add(SourcePos.wholeFile(label), "YAML: " + e.getMessage());
        }
        return null;
    }

    /** An empty scalar where {@code text} ends, for a document with nothing in it. */
    private static ScalarNode nothing(String label, String text) {
        SourcePos end = position(label, text, text.codePointCount(0, text.length()));
        int[] codePoints = text.codePoints().toArray();
        Optional<Mark> mark = Optional.of(new Mark(label, codePoints.length, end.line() - 1, end.column() - 1,
                codePoints, codePoints.length));
        return new ScalarNode(Tag.NULL, true, "", ScalarStyle.PLAIN, mark, mark);
    }

    private static SourcePos syntaxPos(MarkedYamlEngineException e, String label) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        return mark.map(Nodes::pos).orElse(SourcePos.wholeFile(label));
    }

    /** The parser's problem, with what it was parsing and where that started. */
    private static String syntaxMessage(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem().trim();
        String context = e.getContext() == null ? "" : e.getContext().trim();
        if (context.isEmpty()) {
            return problem;
        }
        String where = e.getContextMark().map(m -> " started at " + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                .orElse("");
        return problem.isEmpty() ? context + where : problem + " (" + context + where + ")";
    }

    /** The 1-based line and column of the {@code index}-th code point of {@code text}. */
    private static SourcePos position(String label, String text, int index) {
        int line = 1;
        int column = 1;
        int[] codePoints = text.codePoints().toArray();
        for (int i = 0; i < Math.min(index, codePoints.length); i++) {
            if (codePoints[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourcePos(label, line, column);
    }
}
