package dev.xenolith.guest.lib;

/**
 * An intrusive red-black tree with the algorithms of Linux 2.6.25's {@code lib/rbtree.c}
 * ({@code struct rb_root} and its functions).
 *
 * <p><b>How it is used.</b> As in the kernel, the tree knows nothing about keys: the caller descends from
 * {@link #root()} comparing its own keys, remembers the last node and the side it left it by, then calls
 * {@link #rbLinkNode} and {@link #rbInsertColor}. CFS and hrtimers go left when the new key is smaller
 * and right otherwise, so equal keys end up in insertion order (FIFO):
 * <pre>{@code
 * RbNode<E> parent = null;
 * boolean left = false;
 * for (RbNode<E> link = tree.root(); link != null; ) {
 *     parent = link;
 *     left = key(e) < key(link.owner());
 *     link = left ? link.left() : link.right();
 * }
 * tree.rbLinkNode(e.node, parent, left);
 * tree.rbInsertColor(e.node);
 * }</pre>
 *
 * <p><b>Invariants</b> (after every public operation): the root is black; a red node has no red child;
 * every path from a node down to a null link crosses the same number of black nodes; parent links
 * mirror child links. Hence the height is at most 2·log2(n+1) and every operation is O(log n),
 * except {@link #rbNext}/{@link #rbPrev}, which are O(1) amortised over a full walk.
 *
 * <p>Nothing here allocates: the nodes are embedded in their owners ({@link RbNode}).
 *
 * <p><b>Simplification.</b> {@link #rbErase} also clears the erased node ({@code RB_CLEAR_NODE}), which
 * the kernel leaves to the caller; it changes nothing for a correct caller and makes a stale node
 * detectable.
 *
 * @param <T> the type of the objects the nodes are embedded in
 */
public class RbTree<T> {
    private RbNode<T> root;

    /** The root ({@code root->rb_node}), where the caller's descent starts; null when empty. */
    public final RbNode<T> root() {
        return root;
    }

    public final boolean isEmpty() {
        return root == null;
    }

    /**
     * {@code rb_link_node}: hangs a cleared node, red and childless, under {@code parent} on the given
     * side (or as the root when {@code parent} is null). The tree may now break the colour rules until
     * {@link #rbInsertColor} is called with the same node.
     *
     * @throws IllegalStateException if the node is already in a tree, or the chosen link is taken
     */
    public void rbLinkNode(RbNode<T> node, RbNode<T> parent, boolean left) {
        if (node.isLinked()) {
            throw new IllegalStateException(node + " is already in a tree");
        }
        RbNode<T> occupant = parent == null ? root : left ? parent.left : parent.right;
        if (occupant != null) {
            throw new IllegalStateException("the link under " + parent + " is not free");
        }
        node.parent = parent;
        node.red = true;
        if (parent == null) {
            root = node;
        } else if (left) {
            parent.left = node;
        } else {
            parent.right = node;
        }
    }

    /**
     * {@code rb_insert_color}: restores the colour rules after {@link #rbLinkNode}, by recolouring while
     * the new node's uncle is red (pushing the conflict two levels up) and by at most two rotations
     * once it is black.
     */
    public final void rbInsertColor(RbNode<T> node) {
        RbNode<T> parent;
        while ((parent = node.parent) != null && parent.red) {
            RbNode<T> gparent = parent.parent;
            boolean parentIsLeft = parent == gparent.left;
            RbNode<T> uncle = parentIsLeft ? gparent.right : gparent.left;
            if (uncle != null && uncle.red) {
                uncle.red = false;
                parent.red = false;
                gparent.red = true;
                node = gparent;
                continue;
            }
            if (node == (parentIsLeft ? parent.right : parent.left)) {
                // Zig-zag: turn it into a straight line first, the old parent becoming the lower node.
                rotate(parent, parentIsLeft);
                RbNode<T> swap = parent;
                parent = node;
                node = swap;
            }
            parent.red = false;
            gparent.red = true;
            rotate(gparent, !parentIsLeft);
        }
        root.red = false;
    }

    /**
     * {@code rb_erase}: unlinks a node. A node with two children is replaced in place by its in-order
     * successor (which takes over its colour), so only a node with at most one child is ever cut out;
     * if that node was black, the lost black height is repaired ({@code __rb_erase_color}).
     *
     * @throws IllegalStateException if the node is in no tree
     */
    public void rbErase(RbNode<T> node) {
        if (!node.isLinked()) {
            throw new IllegalStateException(node + " is in no tree");
        }
        RbNode<T> child;
        RbNode<T> parent;
        boolean removedRed;
        if (node.left != null && node.right != null) {
            RbNode<T> successor = node.right;
            while (successor.left != null) {
                successor = successor.left;
            }
            child = successor.right;
            parent = successor.parent;
            removedRed = successor.red;
            if (parent == node) {
                parent = successor; // the successor was node's right child and keeps its own right subtree
            } else {
                parent.left = child;
                successor.right = node.right;
                node.right.parent = successor;
            }
            if (child != null) {
                child.parent = parent;
            }
            successor.left = node.left;
            node.left.parent = successor;
            successor.red = node.red;
            successor.parent = node.parent;
            replaceChild(node, successor);
        } else {
            child = node.left != null ? node.left : node.right;
            parent = node.parent;
            removedRed = node.red;
            if (child != null) {
                child.parent = parent;
            }
            replaceChild(node, child);
        }
        node.clear();
        if (!removedRed) {
            eraseColor(child, parent);
        }
    }

    /** {@code rb_first}: the leftmost (smallest) node, or null when empty. */
    public RbNode<T> rbFirst() {
        return root == null ? null : leftmostUnder(root);
    }

    /** {@code rb_last}: the rightmost (largest) node, or null when empty. */
    public final RbNode<T> rbLast() {
        RbNode<T> n = root;
        if (n == null) {
            return null;
        }
        while (n.right != null) {
            n = n.right;
        }
        return n;
    }

    /** {@code rb_next}: the in-order successor, or null for the last node and for a cleared node. */
    public static <T> RbNode<T> rbNext(RbNode<T> node) {
        if (!node.isLinked()) {
            return null;
        }
        if (node.right != null) {
            return leftmostUnder(node.right);
        }
        RbNode<T> parent;
        while ((parent = node.parent) != null && node == parent.right) {
            node = parent;
        }
        return parent;
    }

    /** {@code rb_prev}: the in-order predecessor, or null for the first node and for a cleared node. */
    public static <T> RbNode<T> rbPrev(RbNode<T> node) {
        if (!node.isLinked()) {
            return null;
        }
        if (node.left != null) {
            RbNode<T> n = node.left;
            while (n.right != null) {
                n = n.right;
            }
            return n;
        }
        RbNode<T> parent;
        while ((parent = node.parent) != null && node == parent.left) {
            node = parent;
        }
        return parent;
    }

    private static <T> RbNode<T> leftmostUnder(RbNode<T> n) {
        while (n.left != null) {
            n = n.left;
        }
        return n;
    }

    /**
     * {@code __rb_erase_color}: {@code node} (possibly null) is one black short on its side of
     * {@code parent}. Either a red sibling is rotated up to get a black one, a black sibling with black
     * children is turned red (moving the deficit up), or a sibling with a red child is rotated over
     * {@code parent}, which settles it.
     */
    private void eraseColor(RbNode<T> node, RbNode<T> parent) {
        while ((node == null || !node.red) && node != root) {
            boolean nodeIsLeft = node == parent.left;
            RbNode<T> sibling = nodeIsLeft ? parent.right : parent.left;
            if (sibling.red) {
                sibling.red = false;
                parent.red = true;
                rotate(parent, nodeIsLeft);
                sibling = nodeIsLeft ? parent.right : parent.left;
            }
            RbNode<T> near = nodeIsLeft ? sibling.left : sibling.right;
            RbNode<T> far = nodeIsLeft ? sibling.right : sibling.left;
            if (!isRed(near) && !isRed(far)) {
                sibling.red = true;
                node = parent;
                parent = node.parent;
                continue;
            }
            if (!isRed(far)) {
                near.red = false;
                sibling.red = true;
                rotate(sibling, !nodeIsLeft);
                sibling = nodeIsLeft ? parent.right : parent.left;
                far = nodeIsLeft ? sibling.right : sibling.left;
            }
            sibling.red = parent.red;
            parent.red = false;
            if (far != null) {
                far.red = false;
            }
            rotate(parent, nodeIsLeft);
            node = root;
            break;
        }
        if (node != null) {
            node.red = false;
        }
    }

    private static boolean isRed(RbNode<?> node) {
        return node != null && node.red;
    }

    /**
     * {@code __rb_rotate_left} when {@code toLeft}, else {@code __rb_rotate_right}: the child on the
     * other side takes {@code node}'s place and {@code node} becomes its child on the {@code toLeft}
     * side.
     */
    private void rotate(RbNode<T> node, boolean toLeft) {
        RbNode<T> pivot = toLeft ? node.right : node.left;
        RbNode<T> inner = toLeft ? pivot.left : pivot.right;
        if (toLeft) {
            node.right = inner;
            pivot.left = node;
        } else {
            node.left = inner;
            pivot.right = node;
        }
        if (inner != null) {
            inner.parent = node;
        }
        pivot.parent = node.parent;
        replaceChild(node, pivot);
        node.parent = pivot;
    }

    /** Points the link that led to {@code old} (its parent's child link, or the root) at {@code by}. */
    private void replaceChild(RbNode<T> old, RbNode<T> by) {
        RbNode<T> parent = old.parent;
        if (parent == null) {
            root = by;
        } else if (parent.left == old) {
            parent.left = by;
        } else {
            parent.right = by;
        }
    }
}
