package dev.xenolith.devices.pit;

import dev.xenolith.machine.bus.IoDevice;
import dev.xenolith.machine.bus.IrqLine;
import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventPriority;
import dev.xenolith.machine.event.EventQueue;
import dev.xenolith.machine.time.ClockDomain;

/**
 * The Intel 8254 programmable interval timer of the PC: three 16-bit counters at I/O ports 0x40-0x42,
 * the control word register at 0x43, clocked at 1,193,182 Hz (14.31818 MHz / 12), counter 0's OUT wired
 * to IRQ0.
 *
 * <p>Implemented from the 8254 datasheet: control words (counter select, access mode latch / LSB / MSB /
 * LSB-then-MSB, modes 0-5 with 6 and 7 as aliases of 2 and 3, binary or BCD), the counter latch command,
 * the read-back command (count and status, several counters at once), independent read and write byte
 * flip-flops per counter, and the timing of every mode to the input clock (see {@link PitChannel}).
 *
 * <p>Nothing is simulated clock by clock. Counts are derived from elapsed time when they are read; the
 * only event is counter 0's next OUT transition, one long-lived event rescheduled forever, so a running
 * mode-2 timer costs two events per period (the low pulse and the rising edge that interrupts) and
 * allocates nothing. Counters 1 and 2 are not wired to anything here; the board reads OUT2 through
 * {@link #output(int, long)} for port 0x61.
 *
 * <p>Choices where the references leave room, each deliberate:
 * <ul>
 *   <li>Power-on state (the datasheet says "undefined"): every counter as after the control word
 *       "LSB then MSB, mode 3, binary" with no count yet, so OUT is high, nothing counts, and IRQ0 is
 *       driven high once by {@link #reset()}. QEMU instead starts counter 0 running mode 3 at 65536, as
 *       a BIOS would leave it; we leave that to software.</li>
 *   <li>A control word drops a pending count or status latch of that counter ("all control logic is
 *       reset"); QEMU keeps a pending latch.</li>
 *   <li>Mode 3 with an odd count follows the 8254 datasheet: the CE is loaded with N - 1 and reads even
 *       values only. QEMU derives the mode-3 count differently; OUT timing is the same.</li>
 *   <li>GATE is tied high on all three counters, which is how the PC wires counters 0 and 1; counter 2's
 *       GATE (port 0x61 bit 0) is not modelled, so modes 1 and 5 never trigger.</li>
 *   <li>Illegal counts of 1 in modes 2 and 3 leave OUT constant (low in mode 2, high in mode 3) rather
 *       than flapping every clock.</li>
 *   <li>Reading port 0x43 (write-only) returns 0xFF, a floating ISA bus. The registers are 8 bits wide:
 *       a wider access uses the low byte, and reads the other byte lanes as ones.</li>
 * </ul>
 *
 * <p>Time: an access stamped {@code now} happens at PIT clock {@code cyclesIn(now)}; accesses that
 * arrive stamped earlier than one already seen (two CPUs' local clocks) are treated as simultaneous with
 * it, so the device's own time never runs backwards. Before a write changes counter 0, OUT0 transitions
 * that fall at or before the write but whose event has not fired yet (the writing CPU runs ahead of the
 * machine) are delivered first, in order, so no edge on IRQ0 is lost to a reprogramming.
 */
public final class Pit8254 implements IoDevice {
    /** Input clock of the PC's 8254. */
    public static final long INPUT_HZ = 1_193_182L;
    /** First of the four ports the board maps to this device. */
    public static final int BASE_PORT = 0x40;
    public static final int PORT_COUNT = 4;

    static final int PORT_COUNTER0 = 0x40;
    static final int PORT_COUNTER1 = 0x41;
    static final int PORT_COUNTER2 = 0x42;
    static final int PORT_CONTROL = 0x43;

    /** Control word: [7:6] counter select, [5:4] access mode, [3:1] mode, [0] BCD. */
    static final int CW_SELECT_SHIFT = 6;
    static final int CW_ACCESS_SHIFT = 4;
    static final int CW_MODE_SHIFT = 1;
    static final int CW_BCD = 0x01;
    static final int SELECT_READ_BACK = 3;
    static final int ACCESS_LATCH_COMMAND = 0;

    /** Read-back command: bits are active low for COUNT and STATUS; bits 1-3 select counters 0-2. */
    static final int READ_BACK_NO_COUNT = 0x20;
    static final int READ_BACK_NO_STATUS = 0x10;
    static final int READ_BACK_COUNTER0 = 0x02;

    private static final int CHANNELS = 3;
    private static final int FLOATING_BUS = 0xFF;

    private final ClockDomain clock = ClockDomain.of("pit", INPUT_HZ);
    private final EventQueue queue;
    private final IrqLine irq0;
    private final PitChannel[] channels = new PitChannel[CHANNELS];
    private final Event out0Edge;

    private boolean out0Level;
    /** The latest PIT clock any access has been stamped with. */
    private long deviceClock;

    /**
     * @param queue the machine's event queue, for counter 0's OUT transitions
     * @param irq0  the wire from counter 0's OUT (to the PIC's IR0); driven high here, at power-on
     */
    public Pit8254(EventQueue queue, IrqLine irq0) {
        this.queue = queue;
        this.irq0 = irq0;
        for (int i = 0; i < CHANNELS; i++) {
            channels[i] = new PitChannel();
        }
        this.out0Edge = new Event("pit.out0", EventPriority.DEVICE, this::onOut0Edge);
        reset();
    }

    /** Power-on state (see the class comment): timers descheduled, every OUT high, IRQ0 driven high. */
    public void reset() {
        queue.deschedule(out0Edge);
        deviceClock = 0;
        for (PitChannel channel : channels) {
            channel.reset();
        }
        out0Level = channels[0].outAt(0);
        irq0.set(out0Level);
    }

    /** The level of OUT of {@code channel} (0-2) at {@code now}: OUT2 is what port 0x61 bit 5 shows. */
    public boolean output(int channel, long now) {
        return channels[channel].outAt(clockAt(now));
    }

    @Override
    public int ioRead(int port, int size, long now) {
        int value = switch (port) {
            case PORT_COUNTER0, PORT_COUNTER1, PORT_COUNTER2 ->
                    channels[port - PORT_COUNTER0].readByte(clockAt(now));
            default -> FLOATING_BUS;
        };
        return size == 1 ? value : value | (int) ((1L << size * 8) - 1) & ~0xFF;
    }

    @Override
    public void ioWrite(int port, int size, int value, long now) {
        int data = value & 0xFF;
        switch (port) {
            case PORT_COUNTER0, PORT_COUNTER1, PORT_COUNTER2 -> {
                int index = port - PORT_COUNTER0;
                long at = beforeWrite(index, now);
                channels[index].writeByte(data, at);
                afterWrite(index, at);
            }
            case PORT_CONTROL -> writeControl(data, now);
            default -> {
                // Not one of ours: the bus only maps 0x40-0x43 here.
            }
        }
    }

    private void writeControl(int word, long now) {
        int select = word >>> CW_SELECT_SHIFT;
        if (select == SELECT_READ_BACK) {
            readBack(word, clockAt(now));
            return;
        }
        int access = word >>> CW_ACCESS_SHIFT & 0x3;
        if (access == ACCESS_LATCH_COMMAND) {
            channels[select].latchCount(clockAt(now));
            return;
        }
        long at = beforeWrite(select, now);
        channels[select].program(access, word >>> CW_MODE_SHIFT & 0x7, (word & CW_BCD) != 0, at);
        afterWrite(select, at);
    }

    private void readBack(int command, long at) {
        for (int i = 0; i < CHANNELS; i++) {
            if ((command & READ_BACK_COUNTER0 << i) == 0) {
                continue;
            }
            if ((command & READ_BACK_NO_STATUS) == 0) {
                channels[i].latchStatus(at);
            }
            if ((command & READ_BACK_NO_COUNT) == 0) {
                channels[i].latchCount(at);
            }
        }
    }

    // ---------------------------------------------------------------- time and OUT0

    private long clockAt(long now) {
        deviceClock = Math.max(deviceClock, clock.cyclesIn(now));
        return deviceClock;
    }

    /** Gives the clock a write happens at, after delivering counter 0's transitions due by then. */
    private long beforeWrite(int channel, long now) {
        long at = clockAt(now);
        if (channel == 0) {
            long due = clock.timeOf(at);
            while (out0Edge.isScheduled() && out0Edge.when() <= due) {
                long when = out0Edge.when();
                queue.deschedule(out0Edge);
                onOut0Edge(when);
            }
        }
        return at;
    }

    private void afterWrite(int channel, long at) {
        if (channel == 0) {
            driveOut0(at);
        }
    }

    private void onOut0Edge(long now) {
        driveOut0(clock.cyclesIn(now));
    }

    /** Sets IRQ0 to OUT0 at {@code at} and schedules the next transition after it. */
    private void driveOut0(long at) {
        PitChannel channel0 = channels[0];
        boolean level = channel0.outAt(at);
        if (level != out0Level) {
            out0Level = level;
            irq0.set(level);
        }
        long next = channel0.nextEdgeAfter(at);
        if (next == PitChannel.NEVER) {
            queue.deschedule(out0Edge);
        } else {
            queue.reschedule(out0Edge, clock.timeOf(next));
        }
    }

    ClockDomain clock() {
        return clock;
    }
}
