package dev.xenolith.devices.apic;

import dev.xenolith.machine.event.EventQueue;
import dev.xenolith.machine.time.ClockDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * What connects the local APICs of one machine: the system bus that carries interprocessor interrupt
 * messages (a Pentium 4 / Xeon xAPIC sends them over the front-side bus), and the APIC bus clock that
 * feeds every local APIC timer.
 *
 * <p>A message is decided at its arrival, as on the real bus where every agent looks at each message
 * and accepts it if it is addressed to it: destination matching uses each APIC's ID, LDR and DFR as
 * they are when the message arrives, which is the sender's ICR write plus the bus latency.
 *
 * <p>Lowest-priority delivery is arbitrated as on Pentium 4 / Xeon systems, where the chipset picks
 * the target with the lowest task priority (SDM §10.6.2.4; there is no focus processor on these
 * parts). Among the destination APICs that are enabled, the lowest TPR wins; ties go to the lowest APIC
 * ID, then to the APIC attached first. (QEMU takes the first APIC of the destination set instead; the
 * choice is deterministic either way.) With the all-excluding-self shorthand the sender takes part too:
 * the SDM notes the message may come back to it.
 */
public final class ApicBus {
    private final EventQueue events;
    private final ClockDomain clock;
    private final long latency;
    private final List<LocalApic> apics = new ArrayList<>();

    /**
     * @param events        the machine's event queue, which carries timer expiries and messages
     * @param clock         the APIC bus clock that drives each local APIC timer before its divider
     * @param latencyPicos  from an ICR write to the target's IRR (cost {@code ipi_latency}, in time)
     */
    public ApicBus(EventQueue events, ClockDomain clock, long latencyPicos) {
        if (latencyPicos < 0) {
            throw new IllegalArgumentException("IPI latency must not be negative: " + latencyPicos);
        }
        this.events = events;
        this.clock = clock;
        this.latency = latencyPicos;
    }

    EventQueue events() {
        return events;
    }

    ClockDomain clock() {
        return clock;
    }

    long latency() {
        return latency;
    }

    /** Called once by each local APIC as it is built; the order is the tie-break of last resort. */
    void attach(LocalApic apic) {
        apics.add(apic);
    }

    /** A message arrives: ICR low word {@code command}, sent by {@code sender} to {@code destination}. */
    void deliver(LocalApic sender, int command, int destination) {
        int mode = DeliveryMode.of(command);
        int vector = command & Icr.VECTOR;
        if (mode == DeliveryMode.LOWEST_PRIORITY) {
            LocalApic target = lowestPriorityTarget(sender, command, destination);
            if (target != null) {
                target.receive(DeliveryMode.FIXED, vector);
            }
            return;
        }
        for (int i = 0; i < apics.size(); i++) {
            LocalApic apic = apics.get(i);
            if (addressed(apic, sender, command, destination)) {
                apic.receive(mode, vector);
            }
        }
    }

    private LocalApic lowestPriorityTarget(LocalApic sender, int command, int destination) {
        boolean senderMayTakeIt = Icr.shorthand(command) == Icr.ALL_EXCLUDING_SELF;
        LocalApic best = null;
        for (int i = 0; i < apics.size(); i++) {
            LocalApic apic = apics.get(i);
            boolean candidate = addressed(apic, sender, command, destination) || (senderMayTakeIt && apic == sender);
            if (candidate && apic.acceptsFixedInterrupts() && (best == null || lowerPriority(apic, best))) {
                best = apic;
            }
        }
        return best;
    }

    private static boolean lowerPriority(LocalApic a, LocalApic b) {
        if (a.taskPriority() != b.taskPriority()) {
            return a.taskPriority() < b.taskPriority();
        }
        return a.apicId() < b.apicId();
    }

    private static boolean addressed(LocalApic apic, LocalApic sender, int command, int destination) {
        return switch (Icr.shorthand(command)) {
            case Icr.SELF -> apic == sender;
            case Icr.ALL_INCLUDING_SELF -> true;
            case Icr.ALL_EXCLUDING_SELF -> apic != sender;
            default -> Icr.logical(command) ? apic.matchesLogical(destination) : apic.matchesPhysical(destination);
        };
    }
}
