package dev.xenolith.guest.sched;

/**
 * Wake-up latencies in ns, kept in log-linear buckets (64 linear steps per power of two, so a reported
 * percentile is within 1.6 % of the true value). Only the rows of buckets (one row per power of two) from
 * the smallest to the largest latency seen are kept, in one array that widens when a latency falls outside
 * them: at most 58 times in a task's life, since recording happens on the scheduler's hot path.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    /**
     * Buckets {@code lowRow * 64} onwards. Not all 59 rows (30 KB) at once: a task's latencies fill a few
     * neighbouring powers of two, and 30 KB a task would spread a big run queue's tasks, and with them the
     * scheduling entities its tree is made of, over gigabytes. One row is made with the histogram, which
     * its task makes with itself, and takes the first sample's power of two: recording then reads memory
     * next to the task it has just switched to, where an array made at the first wake-up, somewhere else,
     * cost a TLB and a cache miss per wake-up at 64 K tasks.
     */
    private long[] counts = new long[SUB_COUNT];
    private int lowRow;
    private long total;
    private long max;

    void record(long ns) {
        long value = Math.max(0, ns);
        int index = index(value);
        int row = index >>> SUB_BITS;
        if (total == 0) {
            lowRow = row;
        } else if (row < lowRow || row >= lowRow + counts.length / SUB_COUNT) {
            widen(row);
        }
        counts[index - lowRow * SUB_COUNT]++;
        total++;
        max = Math.max(max, value);
    }

    /** Takes the rows from the current ones to {@code row} into {@link #counts}. */
    private void widen(int row) {
        int low = Math.min(lowRow, row);
        int high = Math.max(lowRow + counts.length / SUB_COUNT, row + 1);
        long[] wider = new long[(high - low) * SUB_COUNT];
        System.arraycopy(counts, 0, wider, (lowRow - low) * SUB_COUNT, counts.length);
        counts = wider;
        lowRow = low;
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
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperBound(lowRow * SUB_COUNT + i));
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
