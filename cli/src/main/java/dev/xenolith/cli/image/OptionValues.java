package dev.xenolith.cli.image;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Values given on the command line rather than in an image ({@code --until 2s}), read with the same rules
 * and messages as image values, positioned at the option.
 */
public final class OptionValues {
    private OptionValues() {
    }

    /** A time such as {@code 250ms} or {@code 2s}, in picoseconds; throws naming {@code option} otherwise. */
    public static long time(String option, String text) throws ImageException {
        Problems problems = new Problems();
        Node node = Yaml.compose(option, text, problems);
        Long picos = problems.count() == 0 ? new Values(problems).time(node, option, "s") : null;
        problems.throwIfAny(option);
        return picos;
    }
}
