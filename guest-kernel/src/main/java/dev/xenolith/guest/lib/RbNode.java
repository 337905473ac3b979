package dev.xenolith.guest.lib;

/**
 * A red-black tree node, Linux's {@code struct rb_node}, embedded in the object it orders.
 *
 * <p><b>Embedding.</b> Two ways, both created once with the owner and reused for every insertion, so a
 * tree never allocates; {@link #owner()} is the kernel's {@code rb_entry}/{@code container_of} either way.
 * <ul>
 *   <li>The owner holds its node in a final field ({@code final RbNode<Hrtimer> node = new RbNode<>(this)})
 *   and the node points back at it: for owners that have their own hierarchy, or sit in several trees.</li>
 *   <li>The owner <em>is</em> its node: it extends this class through the no-argument constructor, as
 *   {@code struct sched_entity} has its {@code run_node} at hand. A walk down the tree then touches one
 *   object per level, key and links together, instead of a node and then its owner: what counts at tens
 *   of thousands of entries, where a descent's lower levels miss the caches.</li>
 * </ul>
 *
 * <p>The kernel packs the parent pointer and the colour into one word; here they are two fields. A node
 * that is in no tree is "cleared" ({@code RB_CLEAR_NODE}): its parent is itself, which is what
 * {@link #isLinked()} tests ({@code !RB_EMPTY_NODE}).
 *
 * @param <T> the type of the object the node is embedded in
 */
public class RbNode<T> {
    private final T owner;
    RbNode<T> parent;
    RbNode<T> left;
    RbNode<T> right;
    boolean red;

    public RbNode(T owner) {
        this.owner = owner;
        clear();
    }

    /** For an owner that is its own node: a subclass {@code S extends RbNode<S>}. */
    @SuppressWarnings("unchecked")
    protected RbNode() {
        this.owner = (T) this;
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
        // an owner that is its own node shows by its class: its toString may well be this one
        Object shown = owner == this ? getClass().getSimpleName() : owner;
        return "RbNode(" + shown + (isLinked() ? (red ? ", red)" : ", black)") : ", cleared)");
    }
}
