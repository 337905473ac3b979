package dev.xenolith.devices.pit;

import dev.xenolith.machine.bus.IrqLine;
import dev.xenolith.machine.event.IndexedEventQueue;
import dev.xenolith.machine.time.ClockDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * A PIT on its own event queue, with IRQ0 recorded. Times given to its helpers are PIT clock numbers
 * (clock k is the k-th input-clock edge), so a test reads like a datasheet timing diagram.
 */
final class PitBench {
    static final ClockDomain CLOCK = ClockDomain.of("pit", Pit8254.INPUT_HZ);

    /** One change of IRQ0, stamped with the simulated time it happened at. */
    record Transition(long time, boolean high) {
        long clock() {
            return CLOCK.cyclesIn(time);
        }
    }

    final IndexedEventQueue queue = new IndexedEventQueue();
    final List<Transition> irq0 = new ArrayList<>();
    final Pit8254 pit;
    private long now;

    PitBench() {
        IrqLine line = high -> irq0.add(new Transition(now, high));
        pit = new Pit8254(queue, line);
        irq0.clear();
    }

    /** The simulated time of PIT clock edge {@code clock}. */
    static long at(long clock) {
        return CLOCK.timeOf(clock);
    }

    /** Fires every event due by {@code time}, as the machine's loop would. */
    void runUntil(long time) {
        while (queue.peek() != null && queue.peek().when() <= time) {
            now = queue.peek().when();
            queue.fireNext();
        }
        now = time;
    }

    void write(int port, int value, long clock) {
        runUntil(at(clock));
        pit.ioWrite(port, 1, value, at(clock));
    }

    int read(int port, long clock) {
        runUntil(at(clock));
        return pit.ioRead(port, 1, at(clock));
    }

    /** Control word, then a 16-bit count LSB first (for control words in LSB-then-MSB access). */
    void program(int controlWord, int count, long clock) {
        write(Pit8254.PORT_CONTROL, controlWord, clock);
        int port = Pit8254.PORT_COUNTER0 + (controlWord >>> 6);
        write(port, count & 0xFF, clock);
        write(port, count >>> 8 & 0xFF, clock);
    }

    /** Latches counter {@code channel} and reads the 16-bit latch, LSB then MSB. */
    int latchAndRead(int channel, long clock) {
        write(Pit8254.PORT_CONTROL, channel << 6, clock);
        int port = Pit8254.PORT_COUNTER0 + channel;
        return read(port, clock) | read(port, clock) << 8;
    }

    /** Read-back of counter {@code channel}'s status byte alone. */
    int status(int channel, long clock) {
        write(Pit8254.PORT_CONTROL, 0xE0 | Pit8254.READ_BACK_COUNTER0 << channel, clock);
        return read(Pit8254.PORT_COUNTER0 + channel, clock);
    }

    List<Long> clocksOf(boolean high) {
        return irq0.stream().filter(t -> t.high() == high).map(Transition::clock).toList();
    }

    List<Long> risingClocks() {
        return clocksOf(true);
    }

    List<Long> fallingClocks() {
        return clocksOf(false);
    }
}
