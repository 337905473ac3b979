package dev.xenolith.cli.render;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes renderer output, turning an I/O failure into an unchecked error the command reports. */
final class TextOutput {
    private final Appendable out;

    TextOutput(Appendable out) {
        this.out = out;
    }

    void write(CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace", e);
        }
    }

    /** Microseconds with three decimals (nanosecond resolution), as ftrace and Chrome traces show them. */
    static void appendMicros(StringBuilder to, long picos) {
        long nanos = picos / dev.xenolith.machine.time.Picos.PER_NANOSECOND;
        to.append(nanos / 1000).append('.');
        long fraction = nanos % 1000;
        to.append(fraction < 100 ? (fraction < 10 ? "00" : "0") : "").append(fraction);
    }

    static void padLeft(StringBuilder to, String text, int width) {
        for (int i = text.length(); i < width; i++) {
            to.append(' ');
        }
        to.append(text);
    }
}
