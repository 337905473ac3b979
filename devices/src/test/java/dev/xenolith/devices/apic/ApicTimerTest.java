package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.time.Picos;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The APIC timer in one-shot and periodic mode (SDM §10.5.4), on a 100 MHz bus clock (10 ns per
 * input clock). Every time here is simulated time.
 */
final class ApicTimerTest {
    private static final int VECTOR = 0x40;
    private static final int ONE_SHOT = VECTOR;
    private static final int PERIODIC = VECTOR | 1 << 17;
    private static final int DIVIDE_BY_1 = 0xB;

    private final ApicRig rig = ApicRig.enabled();

    private static long us(long micros) {
        return Picos.ofMicros(micros);
    }

    private static long ns(long nanos) {
        return Picos.ofNanos(nanos);
    }

    private void start(int lvt, int divide, int count) {
        rig.write(LVT_TIMER, lvt);
        rig.write(TIMER_DIVIDE_CONFIG, divide);
        rig.write(TIMER_INITIAL_COUNT, count);
    }

    private boolean fired() {
        return rig.bit(IRR_BANK, VECTOR);
    }

    /** Takes the pending timer interrupt and ends it, as a handler would. */
    private void service() {
        assertThat(rig.take()).isEqualTo(VECTOR);
        rig.write(EOI, 0);
    }

    @Test
    @DisplayName("one-shot: the interrupt comes exactly TMICT x divisor bus clocks after the write")
    void oneShot_firesAfterInitialCountTimesDivisor() {
        start(ONE_SHOT, DIVIDE_BY_1, 1000);

        rig.runUntil(us(10) - 1);
        assertThat(fired()).isFalse();
        rig.runUntil(us(10));

        assertThat(fired()).isTrue();
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
        assertThat(rig.read(TIMER_INITIAL_COUNT)).as("TMICT is kept").isEqualTo(1000);
        assertThat(rig.events.isEmpty()).as("one-shot stays at 0").isTrue();
    }

    @Test
    @DisplayName("kvm-unit-tests one shot: TDCR 0xB, TMICT 0x10000 gives one interrupt after >= 0x10000 clocks")
    void oneShot_kvmUnitTest() {
        start(ONE_SHOT, DIVIDE_BY_1, 0x10000);

        rig.drain();

        assertThat(rig.now).isGreaterThanOrEqualTo(0x10000 * ApicRig.BUS_CYCLE);
        service();
        assertThat(rig.apic().hasInterrupt()).isFalse();
    }

    @ParameterizedTest(name = "TDCR 0x{0} divides by {1}")
    @CsvSource({"0, 2", "1, 4", "2, 8", "3, 16", "8, 32", "9, 64", "A, 128", "B, 1", "F, 1", "4, 2"})
    @DisplayName("TDCR bits [3,1,0] select the divisor; bit 2 is reserved")
    void divideConfiguration_selectsDivisor(String tdcr, int divisor) {
        start(ONE_SHOT, Integer.parseInt(tdcr, 16), 10);

        rig.runUntil(10L * divisor * ApicRig.BUS_CYCLE - 1);
        assertThat(fired()).isFalse();
        rig.runUntil(10L * divisor * ApicRig.BUS_CYCLE);

        assertThat(fired()).isTrue();
        assertThat(rig.read(TIMER_DIVIDE_CONFIG)).isEqualTo(Integer.parseInt(tdcr, 16) & 0xB);
    }

    @Test
    @DisplayName("TMCCT drops by one only when a whole divided period has passed")
    void currentCount_isFloorBased() {
        start(ONE_SHOT, 0x0, 100); // divide by 2: one count per 20 ns

        rig.runUntil(ns(19));
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(100);
        rig.runUntil(ns(20));
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(99);
        rig.runUntil(ns(39));
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(99);
        rig.runUntil(ns(1990));
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(1);
    }

    @Test
    @DisplayName("counting starts at the bus-clock edge at or before the TMICT write")
    void initialCountWrite_betweenEdges_countsFromPreviousEdge() {
        rig.now = ns(5);
        start(ONE_SHOT, DIVIDE_BY_1, 3);

        rig.runUntil(ns(29));
        assertThat(fired()).isFalse();
        rig.runUntil(ns(30));

        assertThat(fired()).isTrue();
    }

    @Test
    @DisplayName("TMICT = 0 stops the timer and removes its event (unlike gem5 bug #1771)")
    void initialCountZero_stopsAndDeschedules() {
        start(ONE_SHOT | LVT_MASKED, DIVIDE_BY_1, 1000);
        rig.runUntil(us(5));

        rig.write(TIMER_INITIAL_COUNT, 0);
        rig.write(LVT_TIMER, PERIODIC);
        rig.runUntil(us(100));

        assertThat(rig.events.isEmpty()).isTrue();
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
        assertThat(fired()).isFalse();
    }

    @Test
    void initialCountRewrite_restartsFromNewValue() {
        start(ONE_SHOT, DIVIDE_BY_1, 1000);
        rig.runUntil(us(5));

        rig.write(TIMER_INITIAL_COUNT, 1000);
        rig.runUntil(us(15) - 1);
        assertThat(fired()).isFalse();
        rig.runUntil(us(15));

        service();
        rig.runUntil(us(100));
        assertThat(fired()).isFalse();
    }

    @Test
    @DisplayName("masking suppresses delivery only: the count runs down to 0 all the same")
    void masked_countsWithoutInterrupt() {
        start(ONE_SHOT | LVT_MASKED, DIVIDE_BY_1, 1000);

        rig.runUntil(us(4));
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(600);
        rig.runUntil(us(20));

        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
        assertThat(rig.apic().hasInterrupt()).isFalse();
        assertThat(rig.cpu().interruptRequests).isZero();
    }

    @Test
    @DisplayName("periodic: one interrupt every TMICT counts, reloading to TMICT (period TMICT, not TMICT + 1)")
    void periodic_interruptsEveryInitialCount() {
        start(PERIODIC, DIVIDE_BY_1, 100);

        for (int period = 1; period <= 10; period++) {
            rig.runUntil(us(period) - 1);
            assertThat(fired()).as("before period %d ends", period).isFalse();
            rig.runUntil(us(period));
            assertThat(rig.read(TIMER_CURRENT_COUNT)).as("reloaded at the end of period %d", period).isEqualTo(100);
            service();
        }
        rig.runUntil(us(10) + ns(500));
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(50);
    }

    @Test
    @DisplayName("periodic: TMCCT runs TMICT..1 and never reads 0")
    void periodic_currentCountNeverZero() {
        start(PERIODIC | LVT_MASKED, DIVIDE_BY_1, 3);

        for (long t = 0; t <= ns(200); t += ns(10)) {
            rig.runUntil(t);
            assertThat(rig.read(TIMER_CURRENT_COUNT)).as("at %d ps", t).isBetween(1, 3);
        }
    }

    @Test
    @DisplayName("one-shot -> periodic mid-count keeps TMCCT, then wraps to TMICT")
    void modeChange_oneShotToPeriodic_continuesThenWraps() {
        start(ONE_SHOT, DIVIDE_BY_1, 1000);
        rig.runUntil(us(5));

        rig.write(LVT_TIMER, PERIODIC);

        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(500);
        assertThat(rig.read(TIMER_INITIAL_COUNT)).isEqualTo(1000);
        rig.runUntil(us(10));
        service();
        rig.runUntil(us(11));
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(900);
        rig.runUntil(us(20));
        service();
    }

    @Test
    @DisplayName("periodic -> one-shot mid-count runs down to 0 and stops")
    void modeChange_periodicToOneShot_runsDownAndStops() {
        start(PERIODIC, DIVIDE_BY_1, 1000);
        rig.runUntil(us(10));
        service();
        rig.runUntil(us(15));

        rig.write(LVT_TIMER, ONE_SHOT);

        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(500);
        rig.runUntil(us(20));
        service();
        rig.runUntil(us(100));
        assertThat(fired()).isFalse();
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
    }

    @Test
    @DisplayName("switching to periodic after a one-shot expired leaves TMCCT at 0: no restart")
    void modeChange_toPeriodicAfterExpiry_doesNotRestart() {
        start(ONE_SHOT, DIVIDE_BY_1, 100);
        rig.runUntil(us(2));
        service();

        rig.write(LVT_TIMER, PERIODIC);
        rig.runUntil(us(100));

        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
        assertThat(rig.read(TIMER_INITIAL_COUNT)).isEqualTo(100);
        assertThat(fired()).isFalse();
    }

    @Test
    @DisplayName("a TDCR write while counting keeps the count and continues at the new rate")
    void divideChange_midCount_keepsCountAndChangesRate() {
        start(ONE_SHOT, DIVIDE_BY_1, 1000);
        rig.runUntil(us(2));

        rig.write(TIMER_DIVIDE_CONFIG, 0x0);

        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(800);
        rig.runUntil(us(18) - 1);
        assertThat(fired()).isFalse();
        rig.runUntil(us(18));
        assertThat(fired()).isTrue();
    }

    @Test
    @DisplayName("a CPU ahead of the machine sees an expiry it has passed at its own time")
    void access_afterExpiryInLocalTime_deliversIt() {
        start(ONE_SHOT, DIVIDE_BY_1, 100);

        rig.now = us(2); // the CPU's path has charged past the expiry; the machine has not got there
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();

        assertThat(fired()).isTrue();
        assertThat(rig.events.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("periods passed in local time collapse into one interrupt, and the next zero stays in phase")
    void access_severalPeriodsLate_deliversOnceAndKeepsPhase() {
        start(PERIODIC, DIVIDE_BY_1, 100);

        rig.now = ns(3500);
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isEqualTo(50);

        service();
        assertThat(rig.events.peek().when()).isEqualTo(us(4));
    }

    @Test
    @DisplayName("the reserved timer mode 11b counts as one-shot")
    void reservedMode_behavesAsOneShot() {
        start(VECTOR | 0b11 << 17, DIVIDE_BY_1, 100);

        rig.runUntil(us(1));
        service();
        rig.runUntil(us(10));

        assertThat(fired()).isFalse();
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
    }

    @Test
    @DisplayName("the LVT delivery-status bit reads idle: a local interrupt enters IRR at once")
    void deliveryStatus_readsIdle() {
        start(ONE_SHOT, DIVIDE_BY_1, 1);

        rig.runUntil(us(1));

        assertThat(fired()).isTrue();
        assertThat(rig.read(LVT_TIMER) & 1 << 12).isZero();
    }

    @Test
    @DisplayName("an illegal timer vector is refused and sets ESR[6]")
    void illegalTimerVector_setsReceiveIllegalVector() {
        start(0x0F, DIVIDE_BY_1, 1);

        rig.runUntil(us(1));

        assertThat(rig.apic().hasInterrupt()).isFalse();
        rig.write(ESR, 0);
        assertThat(rig.read(ESR)).isEqualTo(ESR_RECEIVE_ILLEGAL_VECTOR);
    }

    @Test
    void reset_stopsTimerAndRestoresDivider() {
        start(PERIODIC, DIVIDE_BY_1, 100);

        rig.apic().reset();

        assertThat(rig.events.isEmpty()).isTrue();
        assertThat(rig.read(TIMER_CURRENT_COUNT)).isZero();
        assertThat(rig.read(TIMER_INITIAL_COUNT)).isZero();
        assertThat(rig.read(TIMER_DIVIDE_CONFIG)).isZero();
        assertThat(rig.read(LVT_TIMER)).isEqualTo(LVT_MASKED);
    }
}
