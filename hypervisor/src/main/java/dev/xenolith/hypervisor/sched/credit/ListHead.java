package dev.xenolith.hypervisor.sched.credit;

/**
 * Linux's (and Xen's) {@code struct list_head}: an intrusive circular doubly linked list, so that the
 * credit scheduler's queues keep the source's exact order operations (insert before an element, move to
 * the head, unlink while iterating) and allocate nothing. A list is a head node with a null owner; an
 * element node belongs to its owner and is "empty" ({@code list_empty}) while on no list.
 */
final class ListHead<T> {
    /** The element this node is embedded in; null for a list's head. */
    final T owner;
    ListHead<T> prev = this;
    ListHead<T> next = this;

    ListHead(T owner) {
        this.owner = owner;
    }

    /** {@code list_empty}: for a head, the list has no element; for an element, it is on no list. */
    boolean isEmpty() {
        return next == this;
    }

    /** {@code list_add(this, where)}: links this node right after {@code where}. */
    void addAfter(ListHead<T> where) {
        link(where, where.next);
    }

    /** {@code list_add_tail(this, where)}: links this node right before {@code where}. */
    void addBefore(ListHead<T> where) {
        link(where.prev, where);
    }

    /** {@code list_del_init}: unlinks this node and leaves it empty. */
    void delInit() {
        prev.next = next;
        next.prev = prev;
        prev = this;
        next = this;
    }

    /** The first element's owner, or null for an empty list. */
    T first() {
        return next.owner;
    }

    private void link(ListHead<T> before, ListHead<T> after) {
        before.next = this;
        this.prev = before;
        this.next = after;
        after.prev = this;
    }
}
