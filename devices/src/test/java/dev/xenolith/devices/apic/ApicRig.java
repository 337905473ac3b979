package dev.xenolith.devices.apic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.event.IndexedEventQueue;
import dev.xenolith.machine.time.ClockDomain;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;

/**
 * A few local APICs on one bus, driven through their registers the way their CPUs would, on a plain
 * event queue. {@link #now} is the accessing CPU's local time; {@link #runUntil} fires every event up
 * to a time and moves {@code now} there.
 */
final class ApicRig {
    /** 100 MHz: one bus clock is 10 ns, so counts are easy to turn into time. */
    static final ClockDomain BUS = ClockDomain.of("apic-bus", 100_000_000L);
    static final ClockDomain TSC = ClockDomain.of("cpu", 2_000_000_000L);
    static final long BUS_CYCLE = Picos.ofNanos(10);
    static final long LATENCY = Picos.ofNanos(250);
    static final int SVR_ENABLED = 0x1FF;

    final IndexedEventQueue events = new IndexedEventQueue();
    final ApicBus bus;
    final List<LocalApic> apics = new ArrayList<>();
    final List<FakeCpu> cpus = new ArrayList<>();
    long now;

    ApicRig(int count) {
        this(count, true);
    }

    ApicRig(int count, boolean tscDeadline) {
        bus = new ApicBus(events, BUS, LATENCY);
        for (int i = 0; i < count; i++) {
            FakeCpu cpu = new FakeCpu();
            cpus.add(cpu);
            apics.add(new LocalApic(bus, i, i == 0, cpu, TSC, tscDeadline));
        }
    }

    /** One APIC, software-enabled. */
    static ApicRig enabled() {
        ApicRig rig = new ApicRig(1);
        rig.write(LocalApic.SVR, SVR_ENABLED);
        return rig;
    }

    LocalApic apic() {
        return apics.get(0);
    }

    FakeCpu cpu() {
        return cpus.get(0);
    }

    int read(int register) {
        return read(0, register);
    }

    int read(int apic, int register) {
        return (int) apics.get(apic).mmioRead(register, 4, now);
    }

    void write(int register, int value) {
        write(0, register, value);
    }

    void write(int apic, int register, int value) {
        apics.get(apic).mmioWrite(register, 4, value & 0xFFFF_FFFFL, now);
    }

    void runUntil(long time) {
        while (events.peek() != null && events.peek().when() <= time) {
            events.fireNext();
        }
        now = Math.max(now, time);
    }

    /** Runs every pending event (the rig must have nothing periodic running). */
    void drain() {
        while (events.peek() != null) {
            now = Math.max(now, events.peek().when());
            events.fireNext();
        }
    }

    /** Does what the CPU does when it takes an interrupt: checks there is one and acknowledges it. */
    int take(int apic) {
        assertThat(apics.get(apic).hasInterrupt()).as("apic%d has an interrupt", apic).isTrue();
        return apics.get(apic).acknowledge();
    }

    int take() {
        return take(0);
    }

    /** A fixed interrupt of {@code vector} arriving at APIC {@code apic} from the bus. */
    void deliverFixed(int apic, int vector) {
        apics.get(apic).receive(DeliveryMode.FIXED, vector);
    }

    void deliverFixed(int vector) {
        deliverFixed(0, vector);
    }

    /** Bit {@code vector} of the 256-bit bank at {@code bank} (ISR, TMR or IRR). */
    boolean bit(int apic, int bank, int vector) {
        return (read(apic, bank + (vector >>> 5 << 4)) & 1 << (vector & 31)) != 0;
    }

    boolean bit(int bank, int vector) {
        return bit(0, bank, vector);
    }
}
