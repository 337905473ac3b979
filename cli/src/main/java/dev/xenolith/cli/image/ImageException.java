package dev.xenolith.cli.image;

import java.util.List;

/**
 * An image that cannot be used, with every problem found in it, so that a user fixes them all in one
 * round. The message is the problems rendered one per line, ready to print.
 */
public final class ImageException extends Exception {
    private final List<Problem> problems;

    public ImageException(List<Problem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an ImageException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        for (Problem problem : problems) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(problem.render());
        }
        return text.toString();
    }
}
