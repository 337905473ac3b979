package dev.xenolith.guest.sched;

/**
 * {@code struct rt_rq} with its {@code rt_prio_array} (2.6.25): one FIFO list per priority, threaded
 * through the tasks themselves, and a bitmap of the non-empty lists with a permanent delimiter bit at
 * {@code MAX_RT_PRIO}, so finding the highest priority is one find-first-bit over two words. The running RT
 * task stays at its place in its list.
 */
final class RtRq {
    private final long[] bitmap = new long[2];
    private final Task[] heads = new Task[PrioTables.MAX_RT_PRIO];
    private final Task[] tails = new Task[PrioTables.MAX_RT_PRIO];
    int rtNrRunning;
    int rtNrMigratory;
    boolean overloaded;
    boolean rtThrottled;
    long rtTime;

    RtRq() {
        set(PrioTables.MAX_RT_PRIO);
    }

    /** {@code list_add_tail} on the task's priority list. */
    void enqueue(Task p) {
        int prio = p.prio;
        p.rtNext = null;
        p.rtPrev = tails[prio];
        if (tails[prio] == null) {
            heads[prio] = p;
        } else {
            tails[prio].rtNext = p;
        }
        tails[prio] = p;
        set(prio);
        rtNrRunning++;
        if (p.nrCpusAllowed > 1) {
            rtNrMigratory++;
        }
    }

    void dequeue(Task p) {
        int prio = p.prio;
        if (p.rtPrev == null) {
            heads[prio] = p.rtNext;
        } else {
            p.rtPrev.rtNext = p.rtNext;
        }
        if (p.rtNext == null) {
            tails[prio] = p.rtPrev;
        } else {
            p.rtNext.rtPrev = p.rtPrev;
        }
        p.rtNext = null;
        p.rtPrev = null;
        if (heads[prio] == null) {
            bitmap[prio >>> 6] &= ~(1L << (prio & 63));
        }
        rtNrRunning--;
        if (p.nrCpusAllowed > 1) {
            rtNrMigratory--;
        }
    }

    /** {@code requeue_task_rt}: to the tail of its list. */
    void requeue(Task p) {
        if (tails[p.prio] != p) {
            dequeue(p);
            enqueue(p);
        }
    }

    /** {@code sched_find_first_bit}: the highest queued priority, or {@code MAX_RT_PRIO} when none. */
    int highestPrio() {
        return bitmap[0] != 0 ? Long.numberOfTrailingZeros(bitmap[0]) : 64 + Long.numberOfTrailingZeros(bitmap[1]);
    }

    Task head(int prio) {
        return heads[prio];
    }

    /** Whether another task shares {@code p}'s list ({@code run_list.prev != run_list.next}). */
    boolean hasPeers(Task p) {
        return heads[p.prio] != tails[p.prio];
    }

    private void set(int prio) {
        bitmap[prio >>> 6] |= 1L << (prio & 63);
    }
}
