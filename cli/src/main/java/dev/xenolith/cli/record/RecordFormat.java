package dev.xenolith.cli.record;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a recording. It starts with {@link #MAGIC}, the version and the number of CPUs; then come
 * records, each a tag byte and unsigned LEB128 numbers (seven bits a byte, least significant first):
 *
 * <ul>
 * <li>{@code FUNCTION id symbol}, {@code LAYER id label}, {@code NAME id text}: a function, layer or
 *     tracepoint name, defined once before the first record that uses its id;
 * <li>{@code CPU cpu}: the records that follow are of that CPU; {@code IN_LAYER layer}: that CPU's records
 *     from here on are in that layer (each said only when it changes);
 * <li>{@code ENTRY delta function}: a call; {@code RETURN delta}: the return from the CPU's innermost open
 *     call, whose function and duration (the time since its entry) the reader knows;
 *     {@code EXIT delta function duration}: any other exit (a machine's CPU never makes one), which also closes
 *     the innermost open call if it is of that function;
 * <li>{@code EVENT delta name fields graph}: a tracepoint with its fields as trace-cmd shows them and how it
 *     reads in a function graph (empty when it reads as the usual comment);
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
    static final int CPU = 4;
    static final int IN_LAYER = 5;
    static final int ENTRY = 6;
    static final int RETURN = 7;
    static final int EXIT = 8;
    static final int EVENT = 9;
    static final int FINISH = 10;

    private RecordFormat() {
    }
}
