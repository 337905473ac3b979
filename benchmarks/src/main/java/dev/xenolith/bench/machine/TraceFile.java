package dev.xenolith.bench.machine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file a trace renderer writes into through a buffered writer, as {@code --trace-out} does,
 * counting the characters written. {@link #rewind()} empties it between iterations, so a long benchmark
 * run holds at most one iteration's trace on disk; the file is deleted at the end. What is rendered before
 * the first {@code rewind()} (the boot's and settling's trace) is not measured, and is dropped instead of
 * written: on 64 CPUs it would be gigabytes.
 */
final class TraceFile extends Writer {
    private final Path path;
    private final FileChannel channel;
    private final Writer out;
    private long chars;
    private boolean writing;

    TraceFile() {
        try {
            path = Files.createTempFile("xenolith-bench-", ".trace");
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void write(char[] text, int offset, int length) throws IOException {
        if (writing) {
            out.write(text, offset, length);
            chars += length;
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        if (writing) {
            out.write(text, offset, length);
            chars += length;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Characters written since the last call (the trace is ASCII: bytes). */
    long takeChars() {
        long taken = chars;
        chars = 0;
        return taken;
    }

    /** Writes out what is buffered, then empties the file; from the first call on, the trace is written. */
    void rewind() {
        try {
            out.flush();
            channel.truncate(0);
            channel.position(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writing = true;
    }

    void delete() {
        try {
            out.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
