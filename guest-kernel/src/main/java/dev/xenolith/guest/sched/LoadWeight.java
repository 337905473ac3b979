package dev.xenolith.guest.sched;

/**
 * {@code struct load_weight} and the fixed-point arithmetic of 2.6.25's {@code calc_delta_mine}: a weight
 * with its inverse (2^32 / weight), so that scaling a time by a weight ratio is a multiply and a shift. A
 * run queue's summed weight gets its inverse lazily, because 2.6.25's {@code update_load_add} and
 * {@code update_load_sub} clear it.
 */
final class LoadWeight {
    /** {@code WMULT_CONST} on 32-bit x86, where {@code unsigned long} is 32 bits wide. */
    static final long WMULT_CONST = 0xFFFF_FFFFL;
    private static final int WMULT_SHIFT = 32;
    /** {@code LONG_MAX} of a 32-bit kernel: the results are {@code unsigned long}s clamped to it. */
    private static final long LONG_MAX_32 = Integer.MAX_VALUE;

    long weight;
    long invWeight;

    void set(long weight, long invWeight) {
        this.weight = weight;
        this.invWeight = invWeight;
    }

    void add(long inc) {
        weight += inc;
        invWeight = 0;
    }

    void sub(long dec) {
        weight -= dec;
        invWeight = 0;
    }

    /** {@code calc_delta_mine(delta, weight, lw)}: about {@code delta * weight / lw.weight}. */
    static long calcDeltaMine(long delta, long weight, LoadWeight lw) {
        if (lw.invWeight == 0) {
            lw.invWeight = (WMULT_CONST - lw.weight / 2) / (lw.weight + 1);
        }
        long tmp = delta * weight;
        if (Long.compareUnsigned(tmp, WMULT_CONST) > 0) {
            tmp = srr(srr(tmp, WMULT_SHIFT / 2) * lw.invWeight, WMULT_SHIFT / 2);
        } else {
            tmp = srr(tmp * lw.invWeight, WMULT_SHIFT);
        }
        return Long.compareUnsigned(tmp, LONG_MAX_32) > 0 ? LONG_MAX_32 : tmp;
    }

    /** {@code calc_delta_fair}: {@code delta} in the virtual time of a nice-0 task against {@code lw}. */
    static long calcDeltaFair(long delta, LoadWeight lw) {
        return calcDeltaMine(delta, PrioTables.NICE_0_LOAD, lw);
    }

    /** {@code SRR}: shift right with rounding. */
    private static long srr(long x, int y) {
        return (x + (1L << (y - 1))) >>> y;
    }
}
