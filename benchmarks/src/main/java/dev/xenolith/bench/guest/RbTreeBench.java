package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.guest.lib.CachedRbTree;
import dev.xenolith.guest.lib.RbNode;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * CFS's timeline (the intrusive red-black tree with cached leftmost) against the {@code java.util.TreeMap}
 * baseline keyed by (vruntime, sequence), in one run.
 *
 * <ul>
 *   <li>{@code pickNext}: the hold model of a busy runqueue: pick the leftmost entity, take it out (it
 *   runs), charge it a random weighted slice and put it back, as {@code pick_next_task_fair} and
 *   {@code put_prev_entity} do. The number of entities never drifts.</li>
 *   <li>{@code wakeupMix}: three in four operations put a random entity to sleep and wake it again
 *   (dequeue, then enqueue at {@code max(vruntime, leftmost - sched_latency)} as {@code place_entity}
 *   does); one in four is a {@code pickNext}.</li>
 * </ul>
 * Slices and victims are precomputed and read with a cursor; the entities and their nodes are reused,
 * so steady state allocates nothing for ours (the baseline allocates a key and a map entry per enqueue).
 */
public class RbTreeBench extends HotPathBenchmark {
    private static final long SCHED_LATENCY_NS = 20_000_000;

    @Param({"rbtree", "java.util"})
    public String impl;

    @Param({"8", "1024", "65536"})
    public int entities;

    private Timeline timeline;
    private Entity[] all;
    private final long[] slices = new long[INPUTS];
    private final int[] victims = new int[INPUTS];
    private int cursor;

    /** A schedulable entity: its vruntime, its embedded tree node, and its key for the baseline. */
    static final class Entity {
        long vruntime;
        final RbNode<Entity> runNode = new RbNode<>(this);
        Key key;
    }

    record Key(long vruntime, long seq) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(vruntime, o.vruntime);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** The three operations CFS asks of its timeline. */
    interface Timeline {
        void enqueue(Entity e);

        void dequeue(Entity e);

        Entity leftmost();
    }

    /** Ours, inserted as {@code __enqueue_entity} does: equal vruntimes go right. */
    static final class RbTimeline implements Timeline {
        private final CachedRbTree<Entity> tree = new CachedRbTree<>();

        @Override
        public void enqueue(Entity e) {
            RbNode<Entity> parent = null;
            boolean left = false;
            for (RbNode<Entity> link = tree.root(); link != null; link = left ? link.left() : link.right()) {
                parent = link;
                left = e.vruntime < link.owner().vruntime;
            }
            tree.rbLinkNode(e.runNode, parent, left);
            tree.rbInsertColor(e.runNode);
        }

        @Override
        public void dequeue(Entity e) {
            tree.rbErase(e.runNode);
        }

        @Override
        public Entity leftmost() {
            return tree.rbFirst().owner();
        }
    }

    /** The baseline: a sorted map whose sequence number keeps equal vruntimes in FIFO order. */
    static final class TreeMapTimeline implements Timeline {
        private final TreeMap<Key, Entity> map = new TreeMap<>();
        private long seq;

        @Override
        public void enqueue(Entity e) {
            e.key = new Key(e.vruntime, seq++);
            map.put(e.key, e);
        }

        @Override
        public void dequeue(Entity e) {
            map.remove(e.key);
        }

        @Override
        public Entity leftmost() {
            return map.firstEntry().getValue();
        }
    }

    @Setup
    public void setUp() {
        timeline = "rbtree".equals(impl) ? new RbTimeline() : new TreeMapTimeline();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < INPUTS; i++) {
            slices[i] = 1 + random.nextLong(4_000_000);
            victims[i] = random.nextInt(entities);
        }
        all = new Entity[entities];
        for (int i = 0; i < entities; i++) {
            all[i] = new Entity();
            all[i].vruntime = slices[i];
            timeline.enqueue(all[i]);
        }
    }

    @Benchmark
    public Entity pickNext() {
        Entity next = timeline.leftmost();
        timeline.dequeue(next);
        next.vruntime += slices[cursor++ & MASK];
        timeline.enqueue(next);
        return next;
    }

    @Benchmark
    public Entity wakeupMix() {
        int i = cursor++ & MASK;
        if ((i & 3) == 0) {
            return pickNext();
        }
        Entity sleeper = all[victims[i]];
        timeline.dequeue(sleeper);
        sleeper.vruntime = Math.max(sleeper.vruntime, timeline.leftmost().vruntime - SCHED_LATENCY_NS);
        timeline.enqueue(sleeper);
        return sleeper;
    }
}
