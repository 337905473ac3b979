package dev.xenolith.guest.sched;

/**
 * Wake-up latencies in ns, kept in log-linear buckets (64 linear steps per power of two, so a reported
 * percentile is within 1.6 % of the true value). The buckets come in rows, one per power of two, each made
 * with its first sample and never again: recording happens on the scheduler's hot path.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int ROWS = 64 - SUB_BITS + 1;
    /**
     * Row {@code i} holds buckets {@code i * 64 .. i * 64 + 63}. Made lazily, the table on the first sample
     * and a row on its first sample, because a task's latencies fill a few powers of two out of 59: all
     * 3,776 buckets would be 30 KB a task, which the garbage collector lays next to the task, spreading
     * the run queue's tree nodes (the tasks' scheduling entities) over gigabytes at 64 K tasks.
     */
    private long[][] rows;
    private long total;
    private long max;

    void record(long ns) {
        if (rows == null) {
            rows = new long[ROWS][];
        }
        long value = Math.max(0, ns);
        int index = index(value);
        long[] row = rows[index >>> SUB_BITS];
        if (row == null) {
            row = new long[SUB_COUNT];
            rows[index >>> SUB_BITS] = row;
        }
        row[index & (SUB_COUNT - 1)]++;
        total++;
        max = Math.max(max, value);
    }

    public long count() {
        return total;
    }

    public long max() {
        return max;
    }

    /** The smallest recorded bucket bound below which {@code fraction} of the samples lie; 0 when empty. */
    public long percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int r = 0; r < ROWS; r++) {
            long[] row = rows[r];
            for (int sub = 0; row != null && sub < SUB_COUNT; sub++) {
                seen += row[sub];
                if (seen >= rank) {
                    return Math.min(max, upperBound(r * SUB_COUNT + sub));
                }
            }
        }
        return max;
    }

    /** Values below 64 have a bucket each; above, each power of two is split into 64 equal buckets. */
    private static int index(long value) {
        if (value < SUB_COUNT) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        return (shift + 1) * SUB_COUNT + (int) ((value >>> shift) - SUB_COUNT);
    }

    private static long upperBound(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        long sub = index % SUB_COUNT;
        return ((SUB_COUNT + sub + 1) << shift) - 1;
    }
}
