package dev.xenolith.guest.sched;

import dev.xenolith.guest.lib.CachedRbTree;

/**
 * {@code struct cfs_rq} (2.6.25, flat: no group scheduling): the summed weight and count of queued
 * entities (the running one included), the monotonic {@code min_vruntime}, the timeline ordered by
 * {@code vruntime - min_vruntime} with its cached leftmost, the running entity (kept out of the tree),
 * and the wake-up buddy.
 */
final class CfsRq {
    /** {@code (u64)(-(1LL << 20))}: min_vruntime starts just below the wrap, so wrap-safe compares are exercised. */
    static final long INITIAL_MIN_VRUNTIME = -(1L << 20);

    final LoadWeight load = new LoadWeight();
    int nrRunning;
    long minVruntime = INITIAL_MIN_VRUNTIME;
    final CachedRbTree<SchedEntity> timeline = new CachedRbTree<>();
    SchedEntity curr;
    SchedEntity next;
}
