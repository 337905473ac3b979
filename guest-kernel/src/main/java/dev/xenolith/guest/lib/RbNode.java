package dev.xenolith.guest.lib;

/**
 * A red-black tree node, Linux's {@code struct rb_node}, embedded in the object it orders.
 *
 * <p><b>Embedding.</b> The owner holds its node in a final field ({@code final RbNode<SchedEntity> runNode
 * = new RbNode<>(this)}), and the node points back at its owner; {@link #owner()} is the kernel's
 * {@code rb_entry}/{@code container_of}. A field rather than a superclass because the owners already have
 * their own hierarchy, and one object may sit in several trees at once, one node per tree. The node is
 * created once with its owner and reused for every insertion, so a tree never allocates.
 *
 * <p>The kernel packs the parent pointer and the colour into one word; here they are two fields. A node
 * that is in no tree is "cleared" ({@code RB_CLEAR_NODE}): its parent is itself, which is what
 * {@link #isLinked()} tests ({@code !RB_EMPTY_NODE}).
 *
 * @param <T> the type of the object the node is embedded in
 */
public final class RbNode<T> {
    private final T owner;
    RbNode<T> parent;
    RbNode<T> left;
    RbNode<T> right;
    boolean red;

    public RbNode(T owner) {
        this.owner = owner;
        clear();
    }

    /** The object this node is embedded in ({@code rb_entry}). */
    public T owner() {
        return owner;
    }

    /** The left child, for the caller's descent to the insertion point; null at a leaf. */
    public RbNode<T> left() {
        return left;
    }

    /** The right child, for the caller's descent to the insertion point; null at a leaf. */
    public RbNode<T> right() {
        return right;
    }

    /** {@code rb_parent}: null for the root and for a node in no tree. */
    public RbNode<T> parent() {
        return parent == this ? null : parent;
    }

    /** True from {@code rbLinkNode} until {@code rbErase}: the kernel's {@code !RB_EMPTY_NODE}. */
    public boolean isLinked() {
        return parent != this;
    }

    /** {@code RB_CLEAR_NODE}, which rbErase also does so that a stale node cannot be walked from. */
    void clear() {
        parent = this;
        left = null;
        right = null;
        red = false;
    }

    @Override
    public String toString() {
        return "RbNode(" + owner + (isLinked() ? (red ? ", red)" : ", black)") : ", cleared)");
    }
}
