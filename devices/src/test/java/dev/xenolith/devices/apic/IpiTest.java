package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interprocessor interrupts: the ICR (SDM §10.6) and delivery over the APIC bus, between four APICs. */
final class IpiTest {
    private static final int FIXED = 0x000;
    private static final int LOWEST = 0x100;
    private static final int SMI = 0x200;
    private static final int NMI = 0x400;
    private static final int INIT = 0x500;
    private static final int STARTUP = 0x600;
    private static final int LOGICAL = 1 << 11;
    private static final int ASSERT = 1 << 14;
    private static final int LEVEL = 1 << 15;
    private static final int SELF = 1 << 18;
    private static final int ALL_INCLUDING_SELF = 2 << 18;
    private static final int ALL_EXCLUDING_SELF = 3 << 18;
    private static final int VECTOR = 0x41;

    private final ApicRig rig = new ApicRig(4);

    @BeforeEach
    void enableAll() {
        for (int i = 0; i < 4; i++) {
            rig.write(i, SVR, ApicRig.SVR_ENABLED);
        }
    }

    private void send(int from, int destination, int command) {
        rig.write(from, ICR_HIGH, destination << 24);
        rig.write(from, ICR_LOW, command);
    }

    /** Delivers everything in flight, then lists the APICs holding {@code vector} in IRR. */
    private List<Integer> receivers(int vector) {
        rig.drain();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (rig.bit(i, IRR_BANK, vector)) {
                got.add(i);
            }
        }
        return got;
    }

    @Test
    @DisplayName("a fixed IPI reaches its target's IRR after the bus latency; until then the ICR reads send-pending")
    void fixedPhysical_arrivesAfterLatency() {
        rig.now = Picos.ofMicros(1);
        send(0, 2, ASSERT | FIXED | VECTOR);

        assertThat(rig.read(0, ICR_LOW) & Icr.SEND_PENDING).isNotZero();
        rig.runUntil(Picos.ofMicros(1) + ApicRig.LATENCY - 1);
        assertThat(rig.bit(2, IRR_BANK, VECTOR)).isFalse();
        assertThat(rig.read(0, ICR_LOW) & Icr.SEND_PENDING).isNotZero();
        rig.runUntil(Picos.ofMicros(1) + ApicRig.LATENCY);

        assertThat(rig.bit(2, IRR_BANK, VECTOR)).isTrue();
        assertThat(rig.cpus.get(2).interruptRequests).isEqualTo(1);
        assertThat(rig.read(0, ICR_LOW)).isEqualTo(ASSERT | FIXED | VECTOR);
        assertThat(receivers(VECTOR)).containsExactly(2);
    }

    @Test
    @DisplayName("physical destination 0xFF is a broadcast, the sender included")
    void physicalBroadcast_reachesEveryApic() {
        send(1, 0xFF, FIXED | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void physical_nonexistentTarget_isIgnoredWithoutError() {
        send(0, 9, FIXED | VECTOR);

        assertThat(receivers(VECTOR)).isEmpty();
        rig.write(0, ESR, 0);
        assertThat(rig.read(0, ESR)).isZero();
    }

    @Test
    @DisplayName("physical addressing uses the ID register as it is when the message arrives")
    void physical_followsWrittenId() {
        rig.write(1, ID, 7 << 24);

        send(0, 7, FIXED | VECTOR);
        send(0, 1, FIXED | 0x42);

        assertThat(receivers(VECTOR)).containsExactly(1);
        assertThat(receivers(0x42)).isEmpty();
    }

    @Test
    @DisplayName("the destination is decided when the message arrives, not when it is sent")
    void physical_decidedAtArrival() {
        send(0, 7, FIXED | VECTOR);

        rig.write(3, ID, 7 << 24);

        assertThat(receivers(VECTOR)).containsExactly(3);
    }

    @Test
    @DisplayName("kvm-unit-tests aliased IDs: every APIC with the ID gets a physical IPI to it")
    void physical_aliasedIds_allReceive() {
        rig.write(2, ID, 5 << 24);
        rig.write(3, ID, 5 << 24);

        send(0, 5, FIXED | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(2, 3);
    }

    @Test
    void shorthandSelf_reachesOnlySender() {
        send(2, 0, SELF | FIXED | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(2);
    }

    @Test
    void shorthandAllIncludingSelf_reachesEveryone() {
        send(2, 0, ALL_INCLUDING_SELF | FIXED | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void shorthandAllExcludingSelf_skipsSender() {
        send(2, 2, ALL_EXCLUDING_SELF | FIXED | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(0, 1, 3);
    }

    @Test
    @DisplayName("logical flat model: every 8-bit destination reaches the APICs whose LDR bit it contains")
    void logicalFlat_allDestinations() {
        for (int i = 0; i < 4; i++) {
            rig.write(i, LDR, 1 << (24 + i));
        }
        for (int destination = 0; destination <= 0xFF; destination++) {
            send(0, destination, LOGICAL | FIXED | VECTOR);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                if (destination == 0xFF || (destination & 1 << i) != 0) {
                    expected.add(i);
                }
            }

            assertThat(receivers(VECTOR)).as("destination 0x%02x", destination).isEqualTo(expected);
            for (int i : expected) {
                assertThat(rig.take(i)).isEqualTo(VECTOR);
                rig.write(i, EOI, 0);
            }
        }
    }

    @Test
    @DisplayName("logical cluster model: the cluster nibble must match and the member bits intersect")
    void logicalCluster_matchesClusterAndMembers() {
        int[] ldrs = {0x11, 0x12, 0x21, 0x22};
        for (int i = 0; i < 4; i++) {
            rig.write(i, DFR, 0x0FFF_FFFF);
            rig.write(i, LDR, ldrs[i] << 24);
        }

        send(0, 0x13, LOGICAL | FIXED | 0x41);
        send(0, 0x22, LOGICAL | FIXED | 0x42);
        send(0, 0x31, LOGICAL | FIXED | 0x43);
        send(0, 0xFF, LOGICAL | FIXED | 0x44);

        assertThat(receivers(0x41)).containsExactly(0, 1);
        assertThat(receivers(0x42)).containsExactly(3);
        assertThat(receivers(0x43)).isEmpty();
        assertThat(receivers(0x44)).containsExactly(0, 1, 2, 3);
    }

    @Test
    @DisplayName("lowest priority goes to the lowest TPR among the enabled targets, ties to the lowest ID")
    void lowestPriority_lowestTprThenLowestId() {
        int[] tprs = {0x30, 0x10, 0x20, 0x10};
        for (int i = 0; i < 4; i++) {
            rig.write(i, LDR, 1 << 24);
            rig.write(i, TPR, tprs[i]);
        }

        send(0, 0x01, LOGICAL | LOWEST | 0x41);
        assertThat(receivers(0x41)).containsExactly(1);
        rig.write(1, SVR, 0xFF);
        send(0, 0x01, LOGICAL | LOWEST | 0x42);

        assertThat(receivers(0x42)).as("a software-disabled APIC takes no part").containsExactly(3);
    }

    @Test
    @DisplayName("lowest priority to all-excluding-self may come back to the sender")
    void lowestPriority_allExcludingSelf_mayReturnToSender() {
        for (int i = 1; i < 4; i++) {
            rig.write(i, TPR, 0x40);
        }

        send(0, 0, ALL_EXCLUDING_SELF | LOWEST | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(0);
    }

    @Test
    @DisplayName("a fixed IPI is edge-triggered even with the trigger bit set (Pentium 4 xAPIC)")
    void fixedWithLevelTrigger_isEdgeTriggered() {
        send(0, 1, LEVEL | ASSERT | FIXED | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(1);
        assertThat(rig.bit(1, TMR_BANK, VECTOR)).isFalse();
    }

    @Test
    void nmi_drivesTargetNmiPinWithoutIrr() {
        send(0, 3, NMI);

        rig.drain();

        assertThat(rig.cpus.get(3).nmis).isEqualTo(1);
        assertThat(rig.cpus.get(0).nmis).isZero();
        assertThat(rig.apics.get(3).hasInterrupt()).isFalse();
    }

    @Test
    @DisplayName("INIT resets the target APIC to its power-on state, except its ID, and INITs its CPU")
    void init_resetsTargetExceptIdAndInitsCpu() {
        rig.write(2, ID, 9 << 24);
        rig.write(2, TPR, 0x30);
        rig.write(2, LVT_LINT0, 0x700);
        rig.write(2, TIMER_INITIAL_COUNT, 1000);
        rig.deliverFixed(2, 0x50);

        send(0, 9, ASSERT | INIT);
        rig.drain();

        assertThat(rig.cpus.get(2).inits).isEqualTo(1);
        assertThat(rig.read(2, ID)).isEqualTo(9 << 24);
        assertThat(rig.read(2, SVR)).isEqualTo(0xFF);
        assertThat(rig.read(2, TPR)).isZero();
        assertThat(rig.read(2, LVT_LINT0)).isEqualTo(LVT_MASKED);
        assertThat(rig.read(2, TIMER_INITIAL_COUNT)).isZero();
        assertThat(rig.bit(2, IRR_BANK, 0x50)).isFalse();
        assertThat(rig.apics.get(2).readMsr(IA32_APIC_BASE, rig.now) & APIC_BASE_ENABLE).isNotZero();
    }

    @Test
    @DisplayName("INIT with level de-assert is an ordinary INIT on a Pentium 4 xAPIC")
    void initLevelDeassert_isAnInit() {
        send(0, 1, LEVEL | INIT);

        rig.drain();

        assertThat(rig.cpus.get(1).inits).isEqualTo(1);
    }

    @Test
    void startup_passesVectorToTargetCpu() {
        send(0, 0xFF, ALL_EXCLUDING_SELF | STARTUP | 0x9A);

        rig.drain();

        assertThat(rig.cpus.get(0).startups).isEmpty();
        for (int i = 1; i < 4; i++) {
            assertThat(rig.cpus.get(i).startups).containsExactly(0x9A);
        }
    }

    @Test
    @DisplayName("a software-disabled target refuses fixed IPIs but takes NMI, INIT and start-up")
    void softwareDisabledTarget_takesOnlyNmiInitStartup() {
        rig.write(1, SVR, 0xFF);

        send(0, 1, FIXED | VECTOR);
        send(0, 1, NMI);
        send(0, 1, STARTUP | 0x10);
        send(0, 1, INIT);

        assertThat(receivers(VECTOR)).isEmpty();
        FakeCpu target = rig.cpus.get(1);
        assertThat(target.nmis).isEqualTo(1);
        assertThat(target.startups).containsExactly(0x10);
        assertThat(target.inits).isEqualTo(1);
    }

    @Test
    @DisplayName("a globally disabled target takes no message at all")
    void globallyDisabledTarget_takesNothing() {
        rig.apics.get(1).writeMsr(IA32_APIC_BASE, DEFAULT_BASE, rig.now);

        send(0, 0xFF, FIXED | VECTOR);
        send(0, 0xFF, NMI);
        send(0, 1, INIT);

        rig.drain();
        for (int i : new int[] {0, 2, 3}) {
            assertThat(rig.bit(i, IRR_BANK, VECTOR)).isTrue();
        }
        LocalApic disabled = rig.apics.get(1);
        assertThat(disabled.hasInterrupt()).isFalse();
        assertThat(rig.cpus.get(1).nmis).isZero();
        assertThat(rig.cpus.get(1).inits).isZero();
        disabled.writeMsr(IA32_APIC_BASE, DEFAULT_BASE | APIC_BASE_ENABLE, rig.now);
        assertThat(rig.bit(1, IRR_BANK, VECTOR)).isFalse();
    }

    @Test
    void softwareDisabledSender_stillSends() {
        rig.write(0, SVR, 0xFF);

        send(0, 1, FIXED | VECTOR);

        assertThat(receivers(VECTOR)).containsExactly(1);
    }

    @ParameterizedTest(name = "ICR 0x{0}")
    @ValueSource(ints = {SELF | NMI, SELF | LOWEST | VECTOR, SELF | INIT, SELF | STARTUP, ALL_INCLUDING_SELF | NMI,
        ALL_INCLUDING_SELF | INIT, ALL_INCLUDING_SELF | STARTUP | 1, ALL_INCLUDING_SELF | LOWEST | VECTOR,
        0x300 | VECTOR, 0x700 | VECTOR})
    @DisplayName("combinations Table 10-3 marks invalid, and the reserved or ExtINT modes, are not sent")
    void invalidCommand_isNotSent(int command) {
        send(0, 1, command);

        assertThat(rig.events.isEmpty()).isTrue();
        assertThat(rig.read(0, ICR_LOW)).isEqualTo(command);
    }

    @Test
    void smi_isDropped() {
        send(0, 1, SMI);

        rig.drain();

        FakeCpu target = rig.cpus.get(1);
        assertThat(target.nmis + target.inits + target.interruptRequests).isZero();
    }

    @Test
    @DisplayName("a fixed IPI with a vector below 16 is not sent and sets the sender's ESR[5]")
    void illegalVector_setsSendIllegalVector() {
        send(0, 1, FIXED | 0x0F);

        assertThat(rig.events.isEmpty()).isTrue();
        rig.write(0, ESR, 0);
        assertThat(rig.read(0, ESR)).isEqualTo(ESR_SEND_ILLEGAL_VECTOR);
    }

    @Test
    void nmi_ignoresVector() {
        send(0, 1, NMI | 0x02);

        rig.drain();

        assertThat(rig.cpus.get(1).nmis).isEqualTo(1);
    }

    @Test
    @DisplayName("commands written without waiting for delivery status all arrive, in order, each after the latency")
    void backToBackCommands_allArriveInOrder() {
        for (int i = 0; i < 6; i++) {
            rig.now = i * 10L;
            send(0, 1, FIXED | (0x41 + i));
        }
        List<Long> arrivals = new ArrayList<>();
        while (rig.events.peek() != null) {
            arrivals.add(rig.events.peek().when());
            rig.events.fireNext();
        }

        assertThat(arrivals).containsExactly(ApicRig.LATENCY, ApicRig.LATENCY + 10, ApicRig.LATENCY + 20,
                ApicRig.LATENCY + 30, ApicRig.LATENCY + 40, ApicRig.LATENCY + 50);
        for (int i = 0; i < 6; i++) {
            assertThat(rig.bit(1, IRR_BANK, 0x41 + i)).isTrue();
        }
    }

    @Test
    void powerOnReset_dropsMessagesInFlight() {
        send(0, 1, FIXED | VECTOR);

        rig.apics.get(0).reset();

        assertThat(receivers(VECTOR)).isEmpty();
        assertThat(rig.read(0, ICR_LOW)).isZero();
    }
}
