package dev.xenolith.cli.record;

import java.util.Arrays;

/**
 * One CPU's open calls, innermost last: function ids and entry times. The recorder keeps it to know when an
 * exit is a plain return, and the reader rebuilds the same stack to give such a return back its function
 * and duration.
 */
final class OpenCalls {
    private int[] functions = new int[64];
    private long[] starts = new long[64];
    private int depth;

    void push(int function, long start) {
        if (depth == functions.length) {
            functions = Arrays.copyOf(functions, 2 * depth);
            starts = Arrays.copyOf(starts, 2 * depth);
        }
        functions[depth] = function;
        starts[depth] = start;
        depth++;
    }

    boolean isEmpty() {
        return depth == 0;
    }

    boolean isInnermost(int function) {
        return depth > 0 && functions[depth - 1] == function;
    }

    int innermostFunction() {
        return functions[depth - 1];
    }

    long innermostStart() {
        return starts[depth - 1];
    }

    void pop() {
        depth--;
    }
}
