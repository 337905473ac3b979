package dev.xenolith.cli.record;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a recording. It starts with {@link #MAGIC}, the version and the number of CPUs; then come
 * records, each a tag byte and unsigned LEB128 numbers (seven bits a byte, least significant first):
 *
 * <ul>
 * <li>{@code FUNCTION id symbol}, {@code LAYER id label}, {@code NAME id text}: a function, layer or
 *     tracepoint name, defined once before the first record that uses its id;
 * <li>{@code ENTRY cpu delta layer function}; {@code EXIT cpu delta layer function duration};
 * <li>{@code EVENT cpu delta layer name fields graph}: a tracepoint with its fields as trace-cmd shows them
 *     and how it reads in a function graph (empty when it reads as the usual comment);
 * <li>{@code FINISH time}: the run ended at {@code time}; the last record of a whole recording.
 * </ul>
 *
 * Times are picoseconds; {@code delta} is the time since the previous record of the same CPU, zigzag-encoded
 * ({@code (d << 1) ^ (d >> 63)}, so that small negative numbers stay short too: a CPU's records are in time
 * order, those of different CPUs are not). Strings are a length and UTF-8 bytes.
 */
final class RecordFormat {
    static final byte[] MAGIC = "XENOLITH-TRACE\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** CPUs a recording can hold: as many as a machine can have. */
    static final int MAX_CPUS = 256;

    static final int FUNCTION = 1;
    static final int LAYER = 2;
    static final int NAME = 3;
    static final int ENTRY = 4;
    static final int EXIT = 5;
    static final int EVENT = 6;
    static final int FINISH = 7;

    private RecordFormat() {
    }
}
