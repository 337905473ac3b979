package dev.xenolith.cli.record;

import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.NamedFunction;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A recording read back: {@link #replay} hands its records to a sink exactly as the machine handed them to
 * the recorder, so any view renders from it what it would have rendered during the run.
 */
public final class TraceRecording {
    private final Path file;
    private final int cpus;

    private TraceRecording(Path file, int cpus) {
        this.file = file;
        this.cpus = cpus;
    }

    /** Opens {@code file} and reads its header; a file that is not a recording is a {@link BadRecording}. */
    public static TraceRecording open(Path file) throws IOException, BadRecording {
        try (Reader in = new Reader(file)) {
            return new TraceRecording(file, in.header());
        }
    }

    /** The recorded machine's CPUs. */
    public int cpus() {
        return cpus;
    }

    /**
     * Replays every record into {@code sink} and finishes it with the run's end time, which it returns. A
     * recording cut short (the run was killed, the disk filled) is replayed up to its last whole record, the
     * sink finished at that record's time, and then reported as a {@link BadRecording}.
     */
    public long replay(TraceSink sink) throws IOException, BadRecording {
        try (Reader in = new Reader(file)) {
            in.header();
            return in.replay(sink);
        }
    }

    /** A file that is not a whole recording; the message says what is wrong and where. */
    public static final class BadRecording extends Exception {
        BadRecording(String message) {
            super(message);
        }
    }

    /** A recorded tracepoint, with the text it was recorded with. */
    private record RecordedEvent(String name, String fields, String graph) implements TraceEvent {
        @Override
        public void appendFields(StringBuilder out) {
            out.append(fields);
        }

        @Override
        public void appendGraph(StringBuilder out) {
            if (graph.isEmpty()) {
                TraceEvent.super.appendGraph(out);
            } else {
                out.append(graph);
            }
        }
    }

    private static final class Reader implements AutoCloseable {
        private final Path file;
        private final InputStream in;
        /** Read ahead of the records: a byte at a time through a stream's own buffer would be a lock each. */
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private long offset;
        private CpuState[] cpus = new CpuState[0];
        private final List<TracedFunction> functions = new ArrayList<>();
        private final List<Layer> layers = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        Reader(Path file) throws IOException {
            this.file = file;
            this.in = Files.newInputStream(file);
        }

        int header() throws IOException, BadRecording {
            byte[] magic = bytes(RecordFormat.MAGIC.length);
            if (!Arrays.equals(magic, RecordFormat.MAGIC)) {
                throw new BadRecording(file + " is not a xenolith trace recording (it does not start as one)");
            }
            try {
                long version = number();
                if (version != RecordFormat.VERSION) {
                    throw new BadRecording(file + " is a recording of version " + version + "; this xenolith reads"
                            + " version " + RecordFormat.VERSION);
                }
                long cpus = number();
                if (cpus < 1 || cpus > RecordFormat.MAX_CPUS) {
                    throw bad("a machine of " + cpus + " CPUs");
                }
                this.cpus = new CpuState[(int) cpus];
                for (int cpu = 0; cpu < cpus; cpu++) {
                    this.cpus[cpu] = new CpuState();
                }
                return (int) cpus;
            } catch (EOFException e) {
                throw bad("an end in the middle of the header");
            }
        }

        long replay(TraceSink sink) throws IOException, BadRecording {
            long now = 0;
            int cpu = -1;
            while (true) {
                long recordStart = offset;
                int tag = read();
                if (tag < 0) {
                    sink.finish(now);
                    throw new BadRecording(file + " ends at byte " + offset + " without the run's end: the"
                            + " recording was cut short (shown up to " + seconds(now) + " s)");
                }
                try {
                    switch (tag) {
                        case RecordFormat.FUNCTION -> define(functions, NamedFunction::new);
                        case RecordFormat.LAYER -> define(layers, Layer::new);
                        case RecordFormat.NAME -> define(names, Function.identity());
                        case RecordFormat.CPU -> cpu = cpu();
                        case RecordFormat.IN_LAYER -> cpuState(cpu, recordStart).layer = get(layers, "layer");
                        case RecordFormat.ENTRY -> {
                            CpuState on = cpuState(cpu, recordStart);
                            long time = on.advance(number());
                            int id = functionId();
                            on.calls.push(id, time);
                            sink.functionEntry(cpu, time, on.layer(this, recordStart), functions.get(id));
                            now = Math.max(now, time);
                        }
                        case RecordFormat.RETURN -> {
                            CpuState on = cpuState(cpu, recordStart);
                            long time = on.advance(number());
                            if (on.calls.isEmpty()) {
                                throw badAt(recordStart, "a return with no call open on CPU " + cpu);
                            }
                            TracedFunction function = functions.get(on.calls.innermostFunction());
                            long duration = time - on.calls.innermostStart();
                            on.calls.pop();
                            sink.functionExit(cpu, time, on.layer(this, recordStart), function, duration);
                            now = Math.max(now, time);
                        }
                        case RecordFormat.EXIT -> {
                            CpuState on = cpuState(cpu, recordStart);
                            long time = on.advance(number());
                            int id = functionId();
                            long duration = number();
                            if (on.calls.isInnermost(id)) {
                                on.calls.pop();
                            }
                            sink.functionExit(cpu, time, on.layer(this, recordStart), functions.get(id), duration);
                            now = Math.max(now, time);
                        }
                        case RecordFormat.EVENT -> {
                            CpuState on = cpuState(cpu, recordStart);
                            long time = on.advance(number());
                            String name = get(names, "tracepoint name");
                            sink.event(cpu, time, on.layer(this, recordStart), new RecordedEvent(name, string(), string()));
                            now = Math.max(now, time);
                        }
                        case RecordFormat.FINISH -> {
                            long end = number();
                            sink.finish(end);
                            if (read() >= 0) {
                                throw bad("records after the run's end");
                            }
                            return end;
                        }
                        default -> throw badAt(recordStart, "an unknown record type " + tag);
                    }
                } catch (EOFException e) {
                    sink.finish(now);
                    throw new BadRecording(file + " ends in the middle of the record at byte " + recordStart
                            + ": the recording was cut short (shown up to " + seconds(now) + " s)");
                }
            }
        }

        /** The CPU the records are of, which a {@code CPU} record must have named. */
        private CpuState cpuState(int cpu, long recordStart) throws BadRecording {
            if (cpu < 0) {
                throw badAt(recordStart, "a record before any CPU was named");
            }
            return cpus[cpu];
        }

        /** An id and the text of what it stands for; ids are handed out in order, so it is the table's next index. */
        private <T> void define(List<T> table, Function<String, T> fromText) throws IOException, BadRecording {
            long id = number();
            if (id != table.size()) {
                throw bad("a definition out of order (id " + id + ", expected " + table.size() + ")");
            }
            table.add(fromText.apply(string()));
        }

        private int functionId() throws IOException, BadRecording {
            long id = number();
            if (id >= functions.size()) {
                throw bad("a function that was never defined (id " + id + ")");
            }
            return (int) id;
        }

        private <T> T get(List<T> table, String what) throws IOException, BadRecording {
            long id = number();
            if (id >= table.size()) {
                throw bad("a " + what + " that was never defined (id " + id + ")");
            }
            return table.get((int) id);
        }

        private int cpu() throws IOException, BadRecording {
            long cpu = number();
            if (cpu >= cpus.length) {
                throw bad("a record of CPU " + cpu + " in a recording of " + cpus.length + " CPUs");
            }
            return (int) cpu;
        }

        private String string() throws IOException, BadRecording {
            long length = number();
            if (length > Integer.MAX_VALUE) {
                throw bad("a string of " + length + " bytes");
            }
            byte[] text = bytes((int) length);
            if (text.length < length) {
                throw new EOFException();
            }
            return new String(text, StandardCharsets.UTF_8);
        }

        /** The next byte, or -1 at the end of the file. */
        private int read() throws IOException {
            if (position == limit) {
                limit = Math.max(0, in.read(buffer));
                position = 0;
                if (limit == 0) {
                    return -1;
                }
            }
            offset++;
            return buffer[position++] & 0xFF;
        }

        /** The next {@code count} bytes, or as many as the file still has. */
        private byte[] bytes(int count) throws IOException {
            byte[] bytes = new byte[count];
            int n = 0;
            for (int b; n < count && (b = read()) >= 0; n++) {
                bytes[n] = (byte) b;
            }
            return n == count ? bytes : Arrays.copyOf(bytes, n);
        }

        /** Unsigned LEB128. */
        private long number() throws IOException, BadRecording {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = read();
                if (b < 0) {
                    throw new EOFException();
                }
                if (shift > 63) {
                    throw bad("a number longer than 64 bits");
                }
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        private BadRecording bad(String what) {
            return badAt(offset, what);
        }

        private BadRecording badAt(long at, String what) {
            return new BadRecording(file + " is damaged: " + what + " at byte " + at);
        }

        private static String seconds(long picos) {
            return Picos.toSecondsString(picos);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** What the records of one CPU leave implicit: its layer, the time of its last record and its open calls. */
    private static final class CpuState {
        private final OpenCalls calls = new OpenCalls();
        private Layer layer;
        private long time;

        long advance(long zigzag) {
            time += (zigzag >>> 1) ^ -(zigzag & 1);
            return time;
        }

        Layer layer(Reader reader, long recordStart) throws BadRecording {
            if (layer == null) {
                throw reader.badAt(recordStart, "a record before its CPU's layer was named");
            }
            return layer;
        }
    }
}
