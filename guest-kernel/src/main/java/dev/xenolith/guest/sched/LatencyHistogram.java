package dev.xenolith.guest.sched;

/**
 * Wake-up latencies in ns, kept in log-linear buckets (64 linear steps per power of two, so a reported
 * percentile is within 1.6 % of the true value), made with the first sample and never again: recording
 * happens on the scheduler's hot path.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB_COUNT;
    /**
     * Made on the first sample: most tasks of a big run queue never wake, and 30 KB each would spread the
     * run queue's tree nodes, which live in the tasks, over the heap.
     */
    private long[] counts;
    private long total;
    private long max;

    void record(long ns) {
        if (counts == null) {
            counts = new long[BUCKETS];
        }
        long value = Math.max(0, ns);
        counts[index(value)]++;
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
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperBound(i));
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
