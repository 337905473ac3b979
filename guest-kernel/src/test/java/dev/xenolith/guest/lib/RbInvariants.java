package dev.xenolith.guest.lib;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Checks the red-black rules on a whole tree by walking its nodes directly (not through the functions
 * under test), and lists its owners in order. Throws AssertionError naming the broken rule.
 */
final class RbInvariants {
    private RbInvariants() {
    }

    /** Verifies every rule and the key order; returns the owners in in-order. */
    static <T> List<T> check(RbTree<T> tree, ToLongFunction<T> key) {
        RbNode<T> root = tree.root();
        if (root != null) {
            require(!root.red, "root is red");
            require(root.parent == null, "root has a parent");
        }
        blackHeight(root);
        List<T> inOrder = new ArrayList<>();
        collect(root, inOrder);
        for (int i = 1; i < inOrder.size(); i++) {
            require(key.applyAsLong(inOrder.get(i - 1)) <= key.applyAsLong(inOrder.get(i)), "keys out of order");
        }
        RbNode<T> walkedFirst = root;
        while (walkedFirst != null && walkedFirst.left != null) {
            walkedFirst = walkedFirst.left;
        }
        require(tree.rbFirst() == walkedFirst, "rbFirst is not the leftmost node");
        return inOrder;
    }

    private static int blackHeight(RbNode<?> node) {
        if (node == null) {
            return 1;
        }
        require(node.isLinked(), "a node in the tree is cleared");
        for (RbNode<?> child : new RbNode<?>[] {node.left, node.right}) {
            if (child != null) {
                require(child.parent == node, "child's parent link is wrong");
                require(!(node.red && child.red), "red node with a red child");
            }
        }
        int left = blackHeight(node.left);
        int right = blackHeight(node.right);
        require(left == right, "black heights differ");
        return left + (node.red ? 0 : 1);
    }

    private static <T> void collect(RbNode<T> node, List<T> out) {
        if (node != null) {
            collect(node.left, out);
            out.add(node.owner());
            collect(node.right, out);
        }
    }

    private static void require(boolean rule, String broken) {
        if (!rule) {
            throw new AssertionError("red-black invariant broken: " + broken);
        }
    }
}
