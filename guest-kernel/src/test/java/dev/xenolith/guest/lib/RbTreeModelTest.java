package dev.xenolith.guest.lib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test: the intrusive tree (plain and cached) and a {@code TreeMap} keyed by (key, insertion
 * sequence) run the same seeded random insert/erase sequence. After every step the red-black rules must
 * hold and the tree's order, walked forwards with rbFirst/rbNext and backwards with rbLast/rbPrev, must be
 * the model's order: equal keys in insertion order, as CFS needs. Narrow key ranges make duplicates
 * frequent on purpose.
 */
final class RbTreeModelTest {
    private record Key(long key, long seq) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(key, o.key);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    static Stream<Arguments> seeds() {
        return LongStream.rangeClosed(1, 24).boxed()
                .flatMap(seed -> Stream.of(Arguments.of(seed, false), Arguments.of(seed, true)));
    }

    @ParameterizedTest(name = "seed {0}, cached {1}")
    @MethodSource("seeds")
    void randomInsertErase_matchesTreeMapAndKeepsInvariants(long seed, boolean cached) {
        SplittableRandom random = new SplittableRandom(seed);
        RbTree<Item> tree = cached ? new CachedRbTree<>() : new RbTree<>();
        TreeMap<Key, Item> model = new TreeMap<>();
        Key[] keyOf = new Key[1 + random.nextInt(300)];
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < keyOf.length; i++) {
            items.add(new Item(i, 0));
        }
        long keyRange = random.nextBoolean() ? 8 : 1_000_000;
        long seq = 0;
        for (int step = 0; step < 3_000; step++) {
            Item item = items.get(random.nextInt(items.size()));
            boolean insert = keyOf[item.id] == null && random.nextInt(100) < 70;
            if (insert) {
                item.key = random.nextLong(keyRange) - keyRange / 2;
                keyOf[item.id] = new Key(item.key, seq++);
                model.put(keyOf[item.id], item);
                item.insertInto(tree);
            } else if (keyOf[item.id] != null) {
                model.remove(keyOf[item.id]);
                keyOf[item.id] = null;
                tree.rbErase(item.node);
                assertThat(item.node.isLinked()).isFalse();
            }
            assertSameOrder(tree, model, "seed " + seed + " step " + step);
        }
    }

    private static void assertSameOrder(RbTree<Item> tree, TreeMap<Key, Item> model, String where) {
        List<Item> expected = new ArrayList<>(model.values());
        assertThat(RbInvariants.check(tree, i -> i.key)).as(where).isEqualTo(expected);
        List<Item> forwards = new ArrayList<>();
        for (RbNode<Item> n = tree.rbFirst(); n != null; n = RbTree.rbNext(n)) {
            forwards.add(n.owner());
        }
        assertThat(forwards).as(where).isEqualTo(expected);
        List<Item> backwards = new ArrayList<>();
        for (RbNode<Item> n = tree.rbLast(); n != null; n = RbTree.rbPrev(n)) {
            backwards.add(n.owner());
        }
        Collections.reverse(backwards);
        assertThat(backwards).as(where).isEqualTo(expected);
        assertThat(tree.isEmpty()).isEqualTo(model.isEmpty());
    }
}
