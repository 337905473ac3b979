package dev.xenolith.guest.time;

import static dev.xenolith.guest.time.HrtimerRestart.HRTIMER_NORESTART;
import static dev.xenolith.guest.time.HrtimerRestart.HRTIMER_RESTART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of kernel/hrtimer.c one at a time, on one clock base. */
final class HrtimerQueueTest {
    private static final long TICK_NSEC = 4_000_250;

    private final HrtimerQueue queue = new HrtimerQueue(1);
    private final List<String> ran = new ArrayList<>();

    private Hrtimer oneShot(String name) {
        return new Hrtimer(queue, (t, now) -> {
            ran.add(name + "@" + now);
            return HRTIMER_NORESTART;
        });
    }

    @Test
    void hrtimerStart_reportsWhetherTheTimerWasQueued_andTracksFirst() {
        Hrtimer a = oneShot("a");
        Hrtimer b = oneShot("b");
        assertThat(queue.first()).isNull();
        assertThat(queue.firstExpiry()).isEqualTo(HrtimerQueue.KTIME_MAX);
        assertThat(queue.hrtimerStart(a, 500)).isFalse();
        assertThat(queue.hrtimerStart(b, 300)).isFalse();
        assertThat(queue.first()).isSameAs(b);
        assertThat(queue.hrtimerStart(b, 900)).isTrue();
        assertThat(queue.first()).isSameAs(a);
        assertThat(queue.firstExpiry()).isEqualTo(500);
        assertThat(HrtimerQueue.hrtimerIsQueued(b)).isTrue();
        assertThat(HrtimerQueue.hrtimerActive(b)).isTrue();
    }

    @Test
    void equalExpiries_expireInStartOrder_andARestartGoesBehind() {
        Hrtimer a = oneShot("a");
        Hrtimer b = oneShot("b");
        Hrtimer c = oneShot("c");
        queue.hrtimerStart(a, 100);
        queue.hrtimerStart(b, 100);
        queue.hrtimerStart(c, 100);
        queue.hrtimerStart(a, 100);
        assertThat(queue.expireUpTo(100)).isEqualTo(HrtimerQueue.KTIME_MAX);
        assertThat(ran).containsExactly("b@100", "c@100", "a@100");
    }

    @Test
    void expireUpTo_runsOnlyExpiredTimers_inExpiryOrder_andReturnsTheNextExpiry() {
        queue.hrtimerStart(oneShot("late"), 250);
        queue.hrtimerStart(oneShot("mid"), 200);
        queue.hrtimerStart(oneShot("early"), 150);
        assertThat(queue.expireUpTo(149)).isEqualTo(150);
        assertThat(ran).isEmpty();
        assertThat(queue.expireUpTo(200)).isEqualTo(250);
        assertThat(ran).containsExactly("early@200", "mid@200");
    }

    @Test
    void periodicTimer_forwardedAndRestarted_runsOncePerPeriod_countingOverruns() {
        List<Long> overruns = new ArrayList<>();
        Hrtimer tick = new Hrtimer(queue, (t, now) -> {
            overruns.add(HrtimerQueue.hrtimerForward(t, now, 1000));
            return HRTIMER_RESTART;
        });
        queue.hrtimerStart(tick, 1000);
        assertThat(queue.expireUpTo(1000)).isEqualTo(2000);
        assertThat(queue.expireUpTo(2500)).isEqualTo(3000);
        assertThat(queue.expireUpTo(7000)).as("late by four periods").isEqualTo(8000);
        assertThat(overruns).containsExactly(1L, 1L, 5L);
    }

    @Test
    void hrtimerForward_beforeExpiry_changesNothing_andAShortIntervalIsRaisedToTheResolution() {
        HrtimerQueue lowRes = new HrtimerQueue(TICK_NSEC);
        Hrtimer timer = new Hrtimer(lowRes, (t, now) -> HRTIMER_NORESTART);
        timer.setExpires(10_000);
        assertThat(HrtimerQueue.hrtimerForward(timer, 9_999, 5)).isZero();
        assertThat(timer.expires()).isEqualTo(10_000);
        assertThat(HrtimerQueue.hrtimerForward(timer, 10_000, 5)).isEqualTo(1);
        assertThat(timer.expires()).isEqualTo(10_000 + TICK_NSEC);
    }

    @Test
    void hrtimerForward_pastTheEndOfTime_parksAtKtimeSecMax() {
        Hrtimer timer = oneShot("t");
        timer.setExpires(Long.MAX_VALUE - 10);
        assertThat(HrtimerQueue.hrtimerForward(timer, Long.MAX_VALUE - 5, 100)).isEqualTo(1);
        assertThat(timer.expires()).isEqualTo(9_223_372_036_000_000_000L);
    }

    @Test
    void hrtimerStartRelative_addsNow_andAnOverflowingSleepNeverExpires() {
        Hrtimer a = oneShot("a");
        Hrtimer b = oneShot("b");
        queue.hrtimerStartRelative(a, 50, 1_000);
        queue.hrtimerStartRelative(b, Long.MAX_VALUE, 1_000);
        assertThat(a.expires()).isEqualTo(1_050);
        assertThat(b.expires()).isEqualTo(HrtimerQueue.KTIME_MAX);
    }

    @Test
    void hrtimerCancelAndTryToCancel_reportWhetherTheTimerWasQueued() {
        Hrtimer a = oneShot("a");
        queue.hrtimerStart(a, 10);
        assertThat(HrtimerQueue.hrtimerTryToCancel(a)).isEqualTo(1);
        assertThat(HrtimerQueue.hrtimerTryToCancel(a)).isZero();
        queue.hrtimerStart(a, 10);
        assertThat(HrtimerQueue.hrtimerCancel(a)).isTrue();
        assertThat(HrtimerQueue.hrtimerCancel(a)).isFalse();
        assertThat(HrtimerQueue.hrtimerActive(a)).isFalse();
        assertThat(queue.expireUpTo(100)).isEqualTo(HrtimerQueue.KTIME_MAX);
        assertThat(ran).isEmpty();
    }

    @Test
    void insideItsFunction_aTimerIsActiveButNotQueued_andCannotBeCancelled() {
        List<Object> seen = new ArrayList<>();
        Hrtimer self = new Hrtimer(queue, (t, now) -> {
            seen.add(HrtimerQueue.hrtimerActive(t));
            seen.add(HrtimerQueue.hrtimerIsQueued(t));
            seen.add(HrtimerQueue.hrtimerCallbackRunning(t));
            seen.add(HrtimerQueue.hrtimerTryToCancel(t));
            assertThatThrownBy(() -> HrtimerQueue.hrtimerCancel(t)).isInstanceOf(IllegalStateException.class);
            return HRTIMER_NORESTART;
        });
        queue.hrtimerStart(self, 5);
        queue.expireUpTo(5);
        assertThat(seen).containsExactly(true, false, true, -1);
        assertThat(HrtimerQueue.hrtimerActive(self)).isFalse();
    }

    @Test
    void functionStartingItsOwnTimer_leavesItQueuedAtTheNewExpiry() {
        Hrtimer self = new Hrtimer(queue, (t, now) -> {
            assertThat(t.base().hrtimerStart(t, now + 40)).isFalse();
            assertThat(HrtimerQueue.hrtimerCallbackRunning(t)).isTrue();
            assertThat(HrtimerQueue.hrtimerTryToCancel(t)).isEqualTo(-1);
            return HRTIMER_NORESTART;
        });
        queue.hrtimerStart(self, 10);
        assertThat(queue.expireUpTo(10)).isEqualTo(50);
        assertThat(HrtimerQueue.hrtimerIsQueued(self)).isTrue();
        assertThat(HrtimerQueue.hrtimerCallbackRunning(self)).isFalse();
    }

    @Test
    void restartAfterStartingItself_isABug() {
        Hrtimer self = new Hrtimer(queue, (t, now) -> {
            t.base().hrtimerStart(t, now + 40);
            return HRTIMER_RESTART;
        });
        queue.hrtimerStart(self, 10);
        assertThatThrownBy(() -> queue.expireUpTo(10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void restartWithoutForwarding_isReportedInsteadOfLoopingForEver() {
        queue.hrtimerStart(new Hrtimer(queue, (t, now) -> HRTIMER_RESTART), 10);
        assertThatThrownBy(() -> queue.expireUpTo(10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void timerStartedByAFunctionAtOrBeforeNow_runsInTheSameExpiry() {
        Hrtimer second = oneShot("second");
        queue.hrtimerStart(new Hrtimer(queue, (t, now) -> {
            ran.add("first@" + now);
            queue.hrtimerStart(second, now - 3);
            return HRTIMER_NORESTART;
        }), 20);
        queue.expireUpTo(20);
        assertThat(ran).containsExactly("first@20", "second@20");
    }

    @Test
    void hrtimerGetNextEvent_isTheDelayToTheFirstTimer() {
        assertThat(queue.hrtimerGetNextEvent(0)).isEqualTo(HrtimerQueue.KTIME_MAX);
        queue.hrtimerStart(oneShot("a"), 1_000);
        assertThat(queue.hrtimerGetNextEvent(400)).isEqualTo(600);
        assertThat(queue.hrtimerGetNextEvent(1_500)).isZero();
    }

    @Test
    void hrtimerStart_movesTheTimerToTheCallingCpusQueue_unlessItsFunctionRuns() {
        HrtimerQueue other = new HrtimerQueue(1);
        Hrtimer timer = oneShot("t");
        queue.hrtimerStart(timer, 100);
        assertThat(other.hrtimerStart(timer, 200)).isTrue();
        assertThat(timer.base()).isSameAs(other);
        assertThat(queue.first()).isNull();
        assertThat(other.first()).isSameAs(timer);

        Hrtimer stays = new Hrtimer(queue, (t, now) -> {
            other.hrtimerStart(t, now + 10);
            return HRTIMER_NORESTART;
        });
        queue.hrtimerStart(stays, 5);
        queue.expireUpTo(5);
        assertThat(stays.base()).isSameAs(queue);
        assertThat(queue.first()).isSameAs(stays);
    }

    @Test
    void queuedTimer_refusesDirectChangesOfItsExpiry() {
        Hrtimer timer = oneShot("t");
        queue.hrtimerStart(timer, 100);
        assertThatThrownBy(() -> timer.setExpires(5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HrtimerQueue.hrtimerForward(timer, 200, 10))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expireUpTo_fromATimerFunction_isAnError() {
        queue.hrtimerStart(new Hrtimer(queue, (t, now) -> {
            queue.expireUpTo(now);
            return HRTIMER_NORESTART;
        }), 1);
        assertThatThrownBy(() -> queue.expireUpTo(1)).isInstanceOf(IllegalStateException.class);
    }
}
