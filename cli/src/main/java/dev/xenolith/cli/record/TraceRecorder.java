package dev.xenolith.cli.record;

import static dev.xenolith.cli.record.RecordFormat.ENTRY;
import static dev.xenolith.cli.record.RecordFormat.EVENT;
import static dev.xenolith.cli.record.RecordFormat.EXIT;
import static dev.xenolith.cli.record.RecordFormat.FINISH;
import static dev.xenolith.cli.record.RecordFormat.FUNCTION;
import static dev.xenolith.cli.record.RecordFormat.LAYER;
import static dev.xenolith.cli.record.RecordFormat.NAME;

import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Records a machine's whole trace into a stream in the {@link RecordFormat}: a function call costs a few
 * bytes and no formatting. Functions are told apart by identity (each is one enum constant), layers by
 * label; each gets a small id the first time it is seen. Tracepoints are formatted here, once, since
 * their fields are only reachable through the text they append.
 */
public final class TraceRecorder implements TraceSink {
    private static final int CAPACITY = 1 << 16;
    /** Room for any record but a tracepoint's text: a tag and six numbers of at most ten bytes. */
    private static final int LONGEST_FIXED_RECORD = 1 + 6 * 10;

    /**
     * Whether a kind of tracepoint reads in a function graph other than as the usual comment: only then is that
     * form recorded (empty otherwise, and the reader rebuilds the comment from the fields).
     */
    private static final ClassValue<Boolean> OWN_GRAPH_FORM = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("appendGraph", StringBuilder.class).getDeclaringClass() != TraceEvent.class;
            } catch (NoSuchMethodException e) {
                throw new AssertionError("every TraceEvent has appendGraph", e);
            }
        }
    };

    private final OutputStream out;
    private final byte[] buffer = new byte[CAPACITY];
    private int length;
    private final long[] lastTime;
    private final Map<TracedFunction, Integer> functions = new IdentityHashMap<>();
    private final Map<Layer, Integer> layers = new HashMap<>();
    private final Map<String, Integer> names = new HashMap<>();
    /** Per CPU, the layer of its last record and that layer's id: a CPU stays in one layer for many records. */
    private final Layer[] lastLayer;
    private final int[] lastLayerId;
    private final StringBuilder fields = new StringBuilder(160);
    private final StringBuilder graph = new StringBuilder(160);

    /** Records a machine of {@code cpus} CPUs into {@code out}, which {@link #finish} flushes but does not close. */
    public TraceRecorder(OutputStream out, int cpus) {
        if (cpus < 1 || cpus > RecordFormat.MAX_CPUS) {
            throw new IllegalArgumentException("cpus must be 1.." + RecordFormat.MAX_CPUS + ", got " + cpus);
        }
        this.out = out;
        this.lastTime = new long[cpus];
        this.lastLayer = new Layer[cpus];
        this.lastLayerId = new int[cpus];
        System.arraycopy(RecordFormat.MAGIC, 0, buffer, 0, RecordFormat.MAGIC.length);
        length = RecordFormat.MAGIC.length;
        number(RecordFormat.VERSION);
        number(cpus);
    }

    @Override
    public void functionEntry(int cpu, long time, Layer layer, TracedFunction function) {
        int layerId = layerId(cpu, layer);
        int functionId = functionId(function);
        room(LONGEST_FIXED_RECORD);
        buffer[length++] = ENTRY;
        number(cpu);
        number(delta(cpu, time));
        number(layerId);
        number(functionId);
    }

    @Override
    public void functionExit(int cpu, long time, Layer layer, TracedFunction function, long duration) {
        int layerId = layerId(cpu, layer);
        int functionId = functionId(function);
        room(LONGEST_FIXED_RECORD);
        buffer[length++] = EXIT;
        number(cpu);
        number(delta(cpu, time));
        number(layerId);
        number(functionId);
        number(duration);
    }

    @Override
    public void event(int cpu, long time, Layer layer, TraceEvent event) {
        int layerId = layerId(cpu, layer);
        int nameId = nameId(event.name());
        fields.setLength(0);
        event.appendFields(fields);
        graph.setLength(0);
        if (OWN_GRAPH_FORM.get(event.getClass())) {
            event.appendGraph(graph);
        }
        room(LONGEST_FIXED_RECORD);
        buffer[length++] = EVENT;
        number(cpu);
        number(delta(cpu, time));
        number(layerId);
        number(nameId);
        string(fields);
        string(graph);
    }

    @Override
    public void finish(long time) {
        room(LONGEST_FIXED_RECORD);
        buffer[length++] = FINISH;
        number(time);
        flush();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording", e);
        }
    }

    /** Signed, zigzag-encoded: a CPU's records are in time order, but a wrong order must not corrupt the file. */
    private long delta(int cpu, long time) {
        long delta = time - lastTime[cpu];
        lastTime[cpu] = time;
        return (delta << 1) ^ (delta >> 63);
    }

    private int functionId(TracedFunction function) {
        Integer id = functions.get(function);
        if (id == null) {
            id = functions.size();
            functions.put(function, id);
            define(FUNCTION, id, function.symbol());
        }
        return id;
    }

    private int layerId(int cpu, Layer layer) {
        if (layer == lastLayer[cpu]) {
            return lastLayerId[cpu];
        }
        Integer id = layers.get(layer);
        if (id == null) {
            id = layers.size();
            layers.put(layer, id);
            define(LAYER, id, layer.label());
        }
        lastLayer[cpu] = layer;
        lastLayerId[cpu] = id;
        return id;
    }

    private int nameId(String name) {
        Integer id = names.get(name);
        if (id == null) {
            id = names.size();
            names.put(name, id);
            define(NAME, id, name);
        }
        return id;
    }

    private void define(int tag, int id, String text) {
        room(LONGEST_FIXED_RECORD);
        buffer[length++] = (byte) tag;
        number(id);
        string(text);
    }

    /** UTF-8; tracepoint text is ASCII (copied as it is) but for names from images, which may be anything. */
    private void string(CharSequence text) {
        int n = text.length();
        if (n < CAPACITY / 2 && isAscii(text)) {
            room(10 + n);
            number(n);
            for (int i = 0; i < n; i++) {
                buffer[length++] = (byte) text.charAt(i);
            }
            return;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        room(10);
        number(bytes.length);
        for (int from = 0; from < bytes.length; ) {
            room(1);
            int chunk = Math.min(bytes.length - from, CAPACITY - length);
            System.arraycopy(bytes, from, buffer, length, chunk);
            length += chunk;
            from += chunk;
        }
    }

    private static boolean isAscii(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Unsigned LEB128; the caller has made room. */
    private void number(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            buffer[length++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        buffer[length++] = (byte) rest;
    }

    private void room(int needed) {
        if (length + needed > CAPACITY) {
            flush();
        }
    }

    private void flush() {
        try {
            out.write(buffer, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording", e);
        }
        length = 0;
    }
}
