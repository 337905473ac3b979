package dev.xenolith.bench.machine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file a trace goes into, as {@code --trace-out} or {@code --record} write it, counting the bytes
 * written: a recorder writes bytes into it, a renderer text through {@link #asText()}'s buffered writer.
 * {@link #rewind()} empties it between iterations, so a long benchmark run holds at most one iteration's
 * trace on disk; the file is deleted at the end. What is written before the first {@code rewind()} (the
 * boot's and settling's trace) is not measured, and is dropped instead of written: on 64 CPUs it would be
 * gigabytes.
 */
final class TraceFile extends OutputStream {
    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    private Writer text;
    private long bytes;
    private boolean writing;

    TraceFile() {
        try {
            path = Files.createTempFile("xenolith-bench-", ".trace");
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = Channels.newOutputStream(channel);
    }

    /** This file as text, through a buffered UTF-8 writer as {@code --trace-out} opens it. */
    Writer asText() {
        if (text == null) {
            text = new BufferedWriter(new OutputStreamWriter(this, StandardCharsets.UTF_8), 1 << 16);
        }
        return text;
    }

    @Override
    public void write(int b) throws IOException {
        if (writing) {
            out.write(b);
            bytes++;
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (writing) {
            out.write(data, offset, length);
            bytes += length;
        }
    }

    /** Bytes written since the last call. */
    long takeBytes() {
        long taken = bytes;
        bytes = 0;
        return taken;
    }

    /** Writes out what is buffered, then empties the file; from the first call on, the trace is written. */
    void rewind() {
        try {
            if (text != null) {
                text.flush();
            }
            channel.truncate(0);
            channel.position(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writing = true;
    }

    void delete() {
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
