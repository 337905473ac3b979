package dev.xenolith.guest.lib;

/**
 * A red-black tree that keeps its leftmost node at hand, so {@link #rbFirst()} is O(1). This is what
 * CFS does with {@code cfs_rq->rb_leftmost} (the next entity to run) and hrtimers with
 * {@code clock_base->first} (the next timer to expire) in 2.6.25; later kernels name the pattern
 * {@code rb_root_cached}.
 *
 * <p>The kernel's callers track "did the descent ever go right?" and set the cache themselves. Here the
 * tree does it in {@link #rbLinkNode}, which comes to the same answer: a new node is the smallest exactly
 * when it is linked as the left child of the current leftmost node (or into an empty tree). Erasing the
 * leftmost node moves the cache to its successor first, as {@code __dequeue_entity} and
 * {@code __remove_hrtimer} do.
 *
 * <p>Invariant: {@code rbFirst()} is always the node a walk down the left spine would find.
 *
 * @param <T> the type of the objects the nodes are embedded in
 */
public final class CachedRbTree<T> extends RbTree<T> {
    private RbNode<T> leftmost;

    @Override
    public void rbLinkNode(RbNode<T> node, RbNode<T> parent, boolean left) {
        super.rbLinkNode(node, parent, left);
        if (parent == null || (left && parent == leftmost)) {
            leftmost = node;
        }
    }

    @Override
    public void rbErase(RbNode<T> node) {
        if (node == leftmost) {
            leftmost = rbNext(node);
        }
        super.rbErase(node);
    }

    /** The cached leftmost node ({@code rb_leftmost}, {@code first}); null when empty. */
    @Override
    public RbNode<T> rbFirst() {
        return leftmost;
    }
}
