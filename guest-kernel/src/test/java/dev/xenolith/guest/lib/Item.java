package dev.xenolith.guest.lib;

/** A test owner with an embedded node, inserted the way CFS inserts: equal keys go to the right. */
final class Item {
    final int id;
    long key;
    final RbNode<Item> node = new RbNode<>(this);

    Item(int id, long key) {
        this.id = id;
        this.key = key;
    }

    /** The kernel's insertion: descend comparing keys, link, recolour. */
    void insertInto(RbTree<Item> tree) {
        RbNode<Item> parent = null;
        boolean left = false;
        for (RbNode<Item> link = tree.root(); link != null; link = left ? link.left() : link.right()) {
            parent = link;
            left = key < link.owner().key;
        }
        tree.rbLinkNode(node, parent, left);
        tree.rbInsertColor(node);
    }

    @Override
    public String toString() {
        return "item" + id + "(" + key + ")";
    }
}
