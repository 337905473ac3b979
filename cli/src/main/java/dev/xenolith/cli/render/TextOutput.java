package dev.xenolith.cli.render;

import dev.xenolith.machine.time.Picos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * Where renderers write their text: lines are formatted straight into one char buffer, numbers included,
 * and the buffer goes to the destination in blocks. A traced run writes millions of lines per simulated
 * second; building each as a {@code String} first (and each number in it) cost more than simulating the
 * machine that produced it.
 *
 * <p>Text stays in the buffer until it fills, {@link #flush()} or the renderer's {@code finish}: whatever
 * else writes to the same destination (the console shares standard output with the trace) must flush
 * first, so that the two stay in the order they happened. Renderers that share a destination share one
 * {@code TextOutput} for the same reason. An I/O failure becomes an unchecked error the command reports.
 */
public final class TextOutput {
    private static final int CAPACITY = 1 << 16;

    private final Appendable out;
    private final char[] buffer = new char[CAPACITY];
    private int length;
    /** The last {@link #seconds} field formatted, for the lines that follow in the same microsecond. */
    private final char[] lastSeconds = new char[40];
    private int lastSecondsLength;
    private long lastSecondsMicros = -1;
    private int lastSecondsWidth;

    public TextOutput(Appendable out) {
        this.out = out;
    }

    /** Hands everything buffered to the destination (it does not flush the destination itself). */
    public void flush() {
        if (length == 0) {
            return;
        }
        try {
            if (out instanceof Writer writer) {
                writer.write(buffer, 0, length);
            } else {
                out.append(CharBuffer.wrap(buffer, 0, length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace", e);
        }
        length = 0;
    }

    TextOutput append(char c) {
        room(1);
        buffer[length++] = c;
        return this;
    }

    TextOutput append(String text) {
        int n = text.length();
        if (n > CAPACITY) {
            return append(new StringBuilder(text));
        }
        room(n);
        text.getChars(0, n, buffer, length);
        length += n;
        return this;
    }

    /** Any text, however long (a tracepoint's fields): what does not fit goes through the buffer in turns. */
    TextOutput append(StringBuilder text) {
        int n = text.length();
        for (int from = 0; from < n; ) {
            room(1);
            int chunk = Math.min(n - from, CAPACITY - length);
            text.getChars(from, from + chunk, buffer, length);
            length += chunk;
            from += chunk;
        }
        return this;
    }

    TextOutput spaces(int count) {
        if (count > 0) {
            room(count);
            Arrays.fill(buffer, length, length + count, ' ');
            length += count;
        }
        return this;
    }

    /** {@code text} right-aligned in {@code width} columns. */
    TextOutput padLeft(String text, int width) {
        return spaces(width - text.length()).append(text);
    }

    /** A {@code value} of zero or more in decimal, right-aligned in {@code width} columns padded with {@code pad}. */
    TextOutput decimal(long value, int width, char pad) {
        int digits = digits(value);
        room(Math.max(width, digits));
        for (int i = digits; i < width; i++) {
            buffer[length++] = pad;
        }
        writeDigits(value, digits);
        return this;
    }

    /**
     * Seconds with six decimals (microsecond resolution), as ftrace prints timestamps, right-aligned. Runs of
     * lines share a microsecond (a call and the calls it makes), so the last one formatted is copied again.
     * {@code width} is at most 40.
     */
    TextOutput seconds(long picos, int width) {
        long micros = picos / Picos.PER_MICROSECOND;
        if (micros == lastSecondsMicros && width == lastSecondsWidth) {
            room(lastSecondsLength);
            System.arraycopy(lastSeconds, 0, buffer, length, lastSecondsLength);
            length += lastSecondsLength;
            return this;
        }
        room(Math.max(width, lastSeconds.length)); // the whole field, so that no flush splits it
        int start = length;
        long whole = micros / 1_000_000L;
        spaces(width - (digits(whole) + 7));
        decimal(whole, 0, ' ').append('.').decimal(micros % 1_000_000L, 6, '0');
        lastSecondsLength = length - start;
        System.arraycopy(buffer, start, lastSeconds, 0, lastSecondsLength);
        lastSecondsMicros = micros;
        lastSecondsWidth = width;
        return this;
    }

    /** Microseconds with three decimals (nanosecond resolution), as ftrace and Chrome traces show durations. */
    TextOutput micros(long picos) {
        long nanos = picos / Picos.PER_NANOSECOND;
        return decimal(nanos / 1000, 0, ' ').append('.').decimal(nanos % 1000, 3, '0');
    }

    /** How many columns {@link #micros} takes for {@code picos}. */
    static int microsWidth(long picos) {
        return digits(picos / Picos.PER_NANOSECOND / 1000) + 4;
    }

    private static int digits(long value) {
        int digits = 1;
        for (long bound = 10; value >= bound && digits < 19; bound *= 10) {
            digits++;
        }
        return digits;
    }

    private void writeDigits(long value, int digits) {
        long rest = value;
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        length += digits;
    }

    /** Makes room for {@code needed} (at most the capacity) more characters. */
    private void room(int needed) {
        if (length + needed > CAPACITY) {
            flush();
        }
    }
}
