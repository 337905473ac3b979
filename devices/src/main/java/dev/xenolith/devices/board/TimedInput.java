package dev.xenolith.devices.board;

import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventPriority;
import dev.xenolith.machine.event.EventQueue;

/**
 * Bytes that arrive from outside the machine at given times: keys on the i8042, characters on COM1. Each
 * entry is one long-lived event; a periodic entry reschedules itself until its end. The bytes are handed to
 * the device at once, and the device paces them as its line does (the UART one character time each).
 */
public final class TimedInput {
    /** Where the bytes go: a device's receive method. */
    @FunctionalInterface
    public interface Receiver {
        void receive(int b, long now);
    }

    private final EventQueue events;

    public TimedInput(EventQueue events) {
        this.events = events;
    }

    /** Delivers {@code bytes} to {@code receiver} once, at {@code at}. */
    public void once(String name, long at, byte[] bytes, Receiver receiver) {
        events.schedule(new Event(name, EventPriority.INPUT, now -> deliver(bytes, receiver, now)), at);
    }

    /** Delivers {@code bytes} at {@code from}, then every {@code period}, as long as the time is at most {@code until}. */
    public void every(String name, long from, long period, long until, byte[] bytes, Receiver receiver) {
        if (period <= 0) {
            throw new IllegalArgumentException(name + ": period must be positive");
        }
        Event[] self = new Event[1];
        self[0] = new Event(name, EventPriority.INPUT, now -> {
            deliver(bytes, receiver, now);
            if (now + period <= until) {
                events.schedule(self[0], now + period);
            }
        });
        if (from <= until) {
            events.schedule(self[0], from);
        }
    }

    private static void deliver(byte[] bytes, Receiver receiver, long now) {
        for (byte b : bytes) {
            receiver.receive(b & 0xFF, now);
        }
    }
}
