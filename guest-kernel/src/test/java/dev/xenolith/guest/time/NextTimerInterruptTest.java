package dev.xenolith.guest.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * get_next_timer_interrupt as NO_HZ asks it, case by case: the scan of tv1 and of the outer levels'
 * cascade slots, the approximations 2.6.25 makes (deferrable timers on outer levels, the first timer of a
 * tv1 slot standing for all of it, the look-ahead horizon), and the low-resolution hrtimer comparison.
 */
final class NextTimerInterruptTest {
    private static final TimerList.Function NOTHING = t -> { };

    private final TimerWheel wheel = new TimerWheel(0);

    private TimerList armed(int expires) {
        TimerList timer = new TimerList(wheel, NOTHING);
        wheel.modTimer(timer, expires);
        return timer;
    }

    private TimerList armedDeferrable(int expires) {
        TimerList timer = TimerList.deferrable(wheel, NOTHING);
        wheel.modTimer(timer, expires);
        return timer;
    }

    @Test
    void noTimer_isTheHorizonFromTimerJiffies() {
        wheel.runTimers(99);
        assertThat(wheel.getNextTimerInterrupt(99)).isEqualTo(100 + Jiffies.NEXT_TIMER_MAX_DELTA);
    }

    @Test
    void timerInTv1_isItsExpiry() {
        armed(40);
        armed(30);
        wheel.runTimers(9);
        assertThat(wheel.getNextTimerInterrupt(9)).isEqualTo(30);
    }

    @Test
    void timerPastTheTv1Wrap_losesToAnEarlierTimerCascadingAtTheWrap() {
        TimerList outer = armed(0x200); // distance 512: tv2, cascades at 0x200
        wheel.runTimers(0x1EF);
        armed(0x205); // distance 22 from 0x1F0: tv1, but in a slot past the wrap
        assertThat(WheelProbe.placeOf(wheel, outer)[0]).isEqualTo(1);
        assertThat(wheel.getNextTimerInterrupt(0x1EF)).isEqualTo(0x200);
    }

    @Test
    void outerLevels_firstNonEmptyCascadeSlotGivesItsMinimum() {
        armed(70_000);
        armed(66_000);
        armed(5_000_000);
        assertThat(wheel.getNextTimerInterrupt(0)).isEqualTo(66_000);
    }

    @Test
    void overdueTimer_isReportedAsNow() {
        wheel.runTimers(49);
        armed(45);
        assertThat(wheel.getNextTimerInterrupt(49)).isEqualTo(49);
    }

    @Test
    void overdueTimerBehindOneDueNextJiffy_isReportedAsTheNextJiffy() {
        wheel.runTimers(49);
        armed(50);
        armed(45); // same current slot, behind: tv1's scan looks at the first timer only
        assertThat(wheel.getNextTimerInterrupt(49)).isEqualTo(50);
    }

    @Test
    void deferrableTimer_isSkippedInTv1() {
        armedDeferrable(10);
        armed(200);
        assertThat(wheel.getNextTimerInterrupt(0)).isEqualTo(200);
    }

    @Test
    void deferrableTimer_onAnOuterLevel_countsUntilItCascadesIntoTv1() {
        armedDeferrable(1_000);
        armed(3_000);
        assertThat(wheel.getNextTimerInterrupt(0)).isEqualTo(1_000);
        wheel.runTimers(768); // tv2 slot 3 cascades: the deferrable timer is now in tv1
        assertThat(wheel.getNextTimerInterrupt(768)).isEqualTo(3_000);
    }

    @Test
    void timerBeyondTheHorizon_isReportedAsTheHorizon() {
        armed(Jiffies.NEXT_TIMER_MAX_DELTA + 1000);
        assertThat(wheel.getNextTimerInterrupt(0)).isEqualTo(Jiffies.NEXT_TIMER_MAX_DELTA);
    }

    @Test
    void acrossTheJiffiesWrap_comparesWrapSafely() {
        TimerWheel wrapping = new TimerWheel(-10);
        wrapping.modTimer(new TimerList(wrapping, NOTHING), 20_000);
        wrapping.modTimer(new TimerList(wrapping, NOTHING), 5);
        assertThat(wrapping.getNextTimerInterrupt(-10)).isEqualTo(5);
    }

    @Test
    void earlierLowResHrtimer_wins_laterOneDoesNot() {
        armed(100);
        assertThat(wheel.getNextTimerInterrupt(0, 7)).isEqualTo(7);
        assertThat(wheel.getNextTimerInterrupt(0, 100)).isEqualTo(100);
        assertThat(wheel.getNextTimerInterrupt(0, 500)).isEqualTo(100);
        assertThat(wheel.getNextTimerInterrupt(0, TimerWheel.HRTIMER_NONE)).isEqualTo(100);
    }

    @Test
    void dueHrtimer_meansTheNextJiffy_andAFarOneIsCappedAtTheHorizon() {
        assertThat(wheel.getNextTimerInterrupt(0, 0)).isEqualTo(1);
        assertThat(wheel.getNextTimerInterrupt(0, 1L << 40)).isEqualTo(Jiffies.NEXT_TIMER_MAX_DELTA);
    }

    @Test
    void overdueWheelTimer_winsOverAnyHrtimer() {
        wheel.runTimers(9);
        armed(3);
        assertThat(wheel.getNextTimerInterrupt(9, 0)).isEqualTo(9);
    }
}
