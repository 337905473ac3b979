package dev.xenolith.guest.time;

/**
 * A link of a circular doubly-linked list ({@code struct list_head}). A slot of the timer wheel is a head
 * that links to itself when empty; a {@link TimerList} is an entry whose {@code next} is null while it is
 * on no list, which is exactly the kernel's {@code timer_pending} test.
 */
class ListHead {
    ListHead next;
    ListHead prev;

    /** A list head, empty ({@code INIT_LIST_HEAD}). */
    static ListHead emptyHead() {
        ListHead head = new ListHead();
        head.next = head;
        head.prev = head;
        return head;
    }

    static ListHead[] emptyHeads(int count) {
        ListHead[] heads = new ListHead[count];
        for (int i = 0; i < count; i++) {
            heads[i] = emptyHead();
        }
        return heads;
    }

    final boolean isEmptyHead() {
        return next == this;
    }

    /** {@code list_add_tail}: appends this entry to the list headed by {@code head}. */
    final void addTail(ListHead head) {
        ListHead last = head.prev;
        next = head;
        prev = last;
        last.next = this;
        head.prev = this;
    }

    /** Takes this entry off its list and marks it as on none. */
    final void unlink() {
        prev.next = next;
        next.prev = prev;
        next = null;
        prev = null;
    }

    /** {@code list_replace_init}: this head takes over every entry of {@code from}, which is left empty. */
    final void takeAll(ListHead from) {
        if (from.isEmptyHead()) {
            next = this;
            prev = this;
            return;
        }
        next = from.next;
        prev = from.prev;
        next.prev = this;
        prev.next = this;
        from.next = from;
        from.prev = from;
    }
}
