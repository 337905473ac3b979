package dev.xenolith.devices.apic;

import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventPriority;
import dev.xenolith.machine.event.EventQueue;

/**
 * The interrupt messages one local APIC has put on the bus and that have not reached their targets
 * yet. Each takes the bus's delivery latency from the moment software wrote the ICR; they arrive in
 * the order they were sent. The queue is a ring that only grows (by doubling, if software keeps
 * writing the ICR without waiting for the delivery status), so steady-state sending allocates nothing.
 */
final class IpiOutbox {
    private static final int INITIAL_CAPACITY = 4;

    private final LocalApic sender;
    private final ApicBus bus;
    private final EventQueue events;
    private final Event arrival;

    /** ICR low word in bits [31:0], destination in [39:32]. */
    private long[] messages = new long[INITIAL_CAPACITY];
    private long[] arrivals = new long[INITIAL_CAPACITY];
    private int head;
    private int count;
    private long lastArrival;

    IpiOutbox(LocalApic sender, String name, ApicBus bus) {
        this.sender = sender;
        this.bus = bus;
        this.events = bus.events();
        this.arrival = new Event(name, EventPriority.MESSAGE, this::arrive);
    }

    /** Sends ICR low word {@code command} to {@code destination} at the sender's local time {@code now}. */
    void post(int command, int destination, long now) {
        if (count == messages.length) {
            messages = unwrap(messages);
            arrivals = unwrap(arrivals);
            head = 0;
        }
        // a later command never overtakes an earlier one from the same APIC
        long at = Math.max(now + bus.latency(), lastArrival);
        int tail = (head + count) % messages.length;
        messages[tail] = (long) destination << 32 | (command & 0xFFFF_FFFFL);
        arrivals[tail] = at;
        count++;
        lastArrival = at;
        if (count == 1) {
            events.schedule(arrival, at);
        }
    }

    /** The ICR's delivery status at local time {@code now}: the last command is still on its way. */
    boolean pending(long now) {
        return now < lastArrival;
    }

    /** Drops everything in flight (power-on reset). */
    void clear() {
        events.deschedule(arrival);
        head = 0;
        count = 0;
        lastArrival = 0;
    }

    private void arrive(long now) {
        long message = messages[head];
        head = (head + 1) % messages.length;
        count--;
        if (count > 0) {
            events.schedule(arrival, arrivals[head]);
        }
        bus.deliver(sender, (int) message, (int) (message >>> 32));
    }

    /** The ring's contents, oldest first, in an array twice as large. */
    private long[] unwrap(long[] ring) {
        long[] copy = new long[ring.length * 2];
        for (int i = 0; i < count; i++) {
            copy[i] = ring[(head + i) % ring.length];
        }
        return copy;
    }
}
