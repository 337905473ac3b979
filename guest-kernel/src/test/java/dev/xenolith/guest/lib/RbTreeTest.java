package dev.xenolith.guest.lib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RbTreeTest {

    @Test
    void emptyTree_hasNoFirstLastOrRoot() {
        RbTree<Item> tree = new RbTree<>();
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.root()).isNull();
        assertThat(tree.rbFirst()).isNull();
        assertThat(tree.rbLast()).isNull();
        assertThat(new CachedRbTree<Item>().rbFirst()).isNull();
    }

    @Test
    void rbInsertColor_ascendingKeys_staysBalanced() {
        RbTree<Item> tree = new RbTree<>();
        for (int i = 0; i < 1023; i++) {
            new Item(i, i).insertInto(tree);
            RbInvariants.check(tree, item -> item.key);
        }
        assertThat(height(tree.root())).isLessThanOrEqualTo(2 * 10);
    }

    @Test
    void equalKeys_walkInInsertionOrder() {
        RbTree<Item> tree = new CachedRbTree<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Item item = new Item(i, i % 2 == 0 ? 5 : 7);
            items.add(item);
            item.insertInto(tree);
        }
        List<Integer> order = new ArrayList<>();
        for (RbNode<Item> n = tree.rbFirst(); n != null; n = RbTree.rbNext(n)) {
            order.add(n.owner().id);
        }
        assertThat(order).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19);
    }

    @Test
    void cachedTree_leftmostFollowsInsertAndEraseOfTheMinimum() {
        CachedRbTree<Item> tree = new CachedRbTree<>();
        Item b = new Item(1, 20);
        Item a = new Item(2, 10);
        Item c = new Item(3, 10);
        b.insertInto(tree);
        assertThat(tree.rbFirst()).isSameAs(b.node);
        a.insertInto(tree);
        assertThat(tree.rbFirst()).isSameAs(a.node);
        c.insertInto(tree);
        assertThat(tree.rbFirst()).as("an equal key goes right: not the new leftmost").isSameAs(a.node);
        tree.rbErase(a.node);
        assertThat(tree.rbFirst()).isSameAs(c.node);
        tree.rbErase(b.node);
        assertThat(tree.rbFirst()).isSameAs(c.node);
        tree.rbErase(c.node);
        assertThat(tree.rbFirst()).isNull();
    }

    @Test
    void rbErase_clearsTheNodeSoItCanBeReinserted() {
        RbTree<Item> tree = new RbTree<>();
        Item a = new Item(1, 1);
        Item b = new Item(2, 2);
        a.insertInto(tree);
        b.insertInto(tree);
        tree.rbErase(a.node);
        assertThat(a.node.isLinked()).isFalse();
        assertThat(a.node.parent()).isNull();
        assertThat(RbTree.rbNext(a.node)).isNull();
        assertThat(RbTree.rbPrev(a.node)).isNull();
        a.insertInto(tree);
        assertThat(tree.rbFirst()).isSameAs(a.node);
        assertThat(RbTree.rbNext(a.node)).isSameAs(b.node);
        assertThat(RbTree.rbPrev(b.node)).isSameAs(a.node);
    }

    @Test
    void rbLinkNode_ofANodeAlreadyInATree_isAProgrammingError() {
        RbTree<Item> tree = new RbTree<>();
        Item a = new Item(1, 1);
        a.insertInto(tree);
        assertThatThrownBy(() -> tree.rbLinkNode(a.node, null, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rbLinkNode_onATakenLink_isAProgrammingError() {
        RbTree<Item> tree = new RbTree<>();
        new Item(1, 1).insertInto(tree);
        Item other = new Item(2, 2);
        assertThatThrownBy(() -> tree.rbLinkNode(other.node, null, false)).isInstanceOf(IllegalStateException.class);
        assertThat(other.node.isLinked()).isFalse();
    }

    @Test
    void rbErase_ofANodeInNoTree_isAProgrammingError() {
        RbTree<Item> tree = new RbTree<>();
        assertThatThrownBy(() -> tree.rbErase(new Item(1, 1).node)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rbErase_everyNodeOfAFullTree_inEveryPosition() {
        for (int victim = 0; victim < 31; victim++) {
            RbTree<Item> tree = new RbTree<>();
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < 31; i++) {
                Item item = new Item(i, i);
                items.add(item);
                item.insertInto(tree);
            }
            tree.rbErase(items.get(victim).node);
            List<Item> left = RbInvariants.check(tree, item -> item.key);
            items.remove(victim);
            assertThat(left).isEqualTo(items);
        }
    }

    private static int height(RbNode<?> node) {
        return node == null ? 0 : 1 + Math.max(height(node.left()), height(node.right()));
    }
}
