package dev.xenolith.guest.sched;

/**
 * The priority scale of {@code include/linux/sched.h} and the CFS weight tables of {@code kernel/sched.c}
 * (identical in 2.6.24 and 2.6.25): each nice level is worth about 1.25 times the next, so two tasks a nice
 * level apart share a CPU about 55:45. These tables are data and are listed in full.
 */
final class PrioTables {
    static final int MAX_RT_PRIO = 100;
    static final int MAX_PRIO = MAX_RT_PRIO + 40;
    static final long NICE_0_LOAD = 1024;
    /** SCHED_IDLE's weight ({@code WEIGHT_IDLEPRIO}) and inverse ({@code WMULT_IDLEPRIO}). */
    static final long WEIGHT_IDLEPRIO = 2;
    static final long WMULT_IDLEPRIO = 1L << 31;

    /** {@code prio_to_weight[]}: index 0 is nice -20, index 39 nice 19. */
    static final long[] PRIO_TO_WEIGHT = {
        88761, 71755, 56483, 46273, 36291,
        29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906,
        3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423,
        335, 272, 215, 172, 137,
        110, 87, 70, 56, 45,
        36, 29, 23, 18, 15,
    };

    /** {@code prio_to_wmult[]}: 2^32 / weight, as the kernel lists it. */
    static final long[] PRIO_TO_WMULT = {
        48388, 59856, 76040, 92818, 118348,
        147320, 184698, 229616, 287308, 360437,
        449829, 563644, 704093, 875809, 1099582,
        1376151, 1717300, 2157191, 2708050, 3363326,
        4194304, 5237765, 6557202, 8165337, 10153587,
        12820798, 15790321, 19976592, 24970740, 31350126,
        39045157, 49367440, 61356676, 76695844, 95443717,
        119304647, 148102320, 186737708, 238609294, 286331153,
    };

    private PrioTables() {
    }

    /** {@code NICE_TO_PRIO}. */
    static int niceToPrio(int nice) {
        return MAX_RT_PRIO + 20 + nice;
    }

    static int prioToNice(int prio) {
        return prio - MAX_RT_PRIO - 20;
    }
}
