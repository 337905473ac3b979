package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.time.Picos;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** TSC-deadline mode (SDM §10.5.4.1) on a 2 GHz time-stamp counter: 2000 TSC cycles per microsecond. */
final class TscDeadlineTest {
    private static final int VECTOR = 0x40;
    private static final int DEADLINE_MODE = VECTOR | 0b10 << 17;
    private static final long TSC_PER_US = 2000;

    private final ApicRig rig = ApicRig.enabled();

    private long readDeadline() {
        return rig.apic().readMsr(IA32_TSC_DEADLINE, rig.now);
    }

    private void writeDeadline(long tsc) {
        rig.apic().writeMsr(IA32_TSC_DEADLINE, tsc, rig.now);
    }

    private int interruptsTaken() {
        int taken = 0;
        while (rig.apic().hasInterrupt()) {
            assertThat(rig.apic().acknowledge()).isEqualTo(VECTOR);
            rig.write(EOI, 0);
            taken++;
        }
        return taken;
    }

    @Test
    @DisplayName("an armed deadline fires once when the TSC reaches it; the MSR then reads 0")
    void deadline_firesOnceWhenTscReachesIt() {
        rig.write(LVT_TIMER, DEADLINE_MODE);

        writeDeadline(3 * TSC_PER_US);

        assertThat(readDeadline()).isEqualTo(3 * TSC_PER_US);
        rig.runUntil(Picos.ofMicros(3) - 1);
        assertThat(rig.apic().hasInterrupt()).isFalse();
        rig.runUntil(Picos.ofMicros(3));
        assertThat(interruptsTaken()).isEqualTo(1);
        assertThat(readDeadline()).isZero();
        rig.runUntil(Picos.ofMicros(100));
        assertThat(interruptsTaken()).isZero();
    }

    @Test
    @DisplayName("kvm-unit-tests: a deadline equal to the current TSC gives exactly one interrupt")
    void deadline_atCurrentTsc_firesOnceAtOnce() {
        rig.write(LVT_TIMER, DEADLINE_MODE);
        rig.runUntil(Picos.ofMicros(7));

        writeDeadline(7 * TSC_PER_US);
        rig.runUntil(Picos.ofMicros(7));

        assertThat(interruptsTaken()).isEqualTo(1);
        assertThat(readDeadline()).isZero();
    }

    @Test
    void deadline_inThePast_firesAtOnce() {
        rig.write(LVT_TIMER, DEADLINE_MODE);
        rig.runUntil(Picos.ofMicros(7));

        writeDeadline(1);

        assertThat(rig.events.peek().when()).isEqualTo(Picos.ofMicros(7));
    }

    @Test
    void writeZero_disarms() {
        rig.write(LVT_TIMER, DEADLINE_MODE);
        writeDeadline(3 * TSC_PER_US);

        writeDeadline(0);
        rig.runUntil(Picos.ofMicros(100));

        assertThat(interruptsTaken()).isZero();
        assertThat(rig.events.isEmpty()).isTrue();
    }

    @Test
    void rewrite_movesDeadline() {
        rig.write(LVT_TIMER, DEADLINE_MODE);
        writeDeadline(3 * TSC_PER_US);

        writeDeadline(5 * TSC_PER_US);
        rig.runUntil(Picos.ofMicros(4));
        assertThat(interruptsTaken()).isZero();
        rig.runUntil(Picos.ofMicros(5));

        assertThat(interruptsTaken()).isEqualTo(1);
    }

    @Test
    @DisplayName("in TSC-deadline mode TMICT writes are ignored and TMCCT reads 0")
    void deadlineMode_ignoresInitialCount() {
        rig.write(LVT_TIMER, DEADLINE_MODE);

        rig.write(TIMER_INITIAL_COUNT, 100);

        assertThat(rig.read(TIMER_INITIAL_COUNT)).isZero();
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
        assertThat(rig.events.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("outside TSC-deadline mode the MSR reads 0 and ignores writes")
    void oneShotMode_ignoresDeadlineMsr() {
        rig.write(LVT_TIMER, VECTOR);

        writeDeadline(3 * TSC_PER_US);

        assertThat(readDeadline()).isZero();
        rig.runUntil(Picos.ofMicros(100));
        assertThat(interruptsTaken()).isZero();
    }

    @Test
    @DisplayName("leaving TSC-deadline mode disarms the deadline")
    void leavingDeadlineMode_disarms() {
        rig.write(LVT_TIMER, DEADLINE_MODE);
        writeDeadline(3 * TSC_PER_US);

        rig.write(LVT_TIMER, VECTOR);
        rig.write(LVT_TIMER, DEADLINE_MODE);
        rig.runUntil(Picos.ofMicros(100));

        assertThat(readDeadline()).isZero();
        assertThat(interruptsTaken()).isZero();
    }

    @Test
    @DisplayName("entering TSC-deadline mode stops a running count and clears TMICT")
    void enteringDeadlineMode_stopsCount() {
        rig.write(LVT_TIMER, VECTOR);
        rig.write(TIMER_INITIAL_COUNT, 1000);

        rig.write(LVT_TIMER, DEADLINE_MODE);
        rig.write(LVT_TIMER, VECTOR);
        rig.runUntil(Picos.ofMicros(100));

        assertThat(rig.read(TIMER_INITIAL_COUNT)).isZero();
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
        assertThat(interruptsTaken()).isZero();
    }

    @Test
    @DisplayName("masked: the deadline still passes and disarms, without an interrupt")
    void masked_deadlinePassesSilently() {
        rig.write(LVT_TIMER, DEADLINE_MODE | LVT_MASKED);
        writeDeadline(TSC_PER_US);

        rig.runUntil(Picos.ofMicros(2));

        assertThat(readDeadline()).isZero();
        assertThat(interruptsTaken()).isZero();
    }

    @Test
    @DisplayName("a deadline beyond any reachable time stays armed and never fires")
    void unreachableDeadline_staysArmed() {
        rig.write(LVT_TIMER, DEADLINE_MODE);

        writeDeadline(-1L);

        assertThat(readDeadline()).isEqualTo(-1L);
        assertThat(rig.events.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("a CPU ahead of the machine reads 0 once its own time has passed the deadline")
    void readAfterDeadlineInLocalTime_deliversIt() {
        rig.write(LVT_TIMER, DEADLINE_MODE);
        writeDeadline(TSC_PER_US);

        rig.now = Picos.ofMicros(2);

        assertThat(readDeadline()).isZero();
        assertThat(interruptsTaken()).isEqualTo(1);
    }

    @Test
    @DisplayName("without TSC-deadline support the MSR does not exist (the CPU raises #GP)")
    void unsupported_msrNotOwned() {
        ApicRig plain = new ApicRig(1, false);

        assertThat(plain.apic().ownsMsr(IA32_TSC_DEADLINE)).isFalse();
        assertThat(rig.apic().ownsMsr(IA32_TSC_DEADLINE)).isTrue();
        assertThat(plain.apic().ownsMsr(IA32_APIC_BASE)).isTrue();
    }
}
