package dev.xenolith.guest.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of kernel/timer.c one at a time: where internal_add_timer files a timer, when __run_timers
 * runs it, the order inside a jiffy, and the return values and side rules of mod_timer, add_timer,
 * del_timer and del_timer_sync.
 */
final class TimerWheelTest {
    private static final int START = 0x1234_5678;

    private final List<String> ran = new ArrayList<>();

    private TimerList recording(TimerWheel wheel, String name) {
        return new TimerList(wheel, t -> ran.add(name + "@" + (t.base().timerJiffies() - 1)));
    }

    static Stream<Arguments> distances() {
        return Stream.of(
                Arguments.of(0, 0), Arguments.of(1, 0), Arguments.of(255, 0),
                Arguments.of(256, 1), Arguments.of((1 << 14) - 1, 1),
                Arguments.of(1 << 14, 2), Arguments.of((1 << 20) - 1, 2),
                Arguments.of(1 << 20, 3), Arguments.of((1 << 26) - 1, 3),
                Arguments.of(1 << 26, 4), Arguments.of(Integer.MAX_VALUE, 4));
    }

    @ParameterizedTest(name = "distance {0} -> tv{1}+1")
    @MethodSource("distances")
    void internalAddTimer_filesByDistanceAtTheSlotOfTheAbsoluteExpiry(int distance, int level) {
        TimerWheel wheel = new TimerWheel(START);
        TimerList timer = recording(wheel, "t");
        int expires = START + distance;
        wheel.modTimer(timer, expires);
        int shift = level == 0 ? 0 : 8 + 6 * (level - 1);
        int slot = (expires >>> shift) & (level == 0 ? 255 : 63);
        assertThat(WheelProbe.placeOf(wheel, timer)).containsExactly(level, slot);
    }

    @ParameterizedTest(name = "distance {0}")
    @MethodSource("overdueDistances")
    void internalAddTimer_overdueOrBeyondTheWrapHorizon_goesToTheCurrentSlot(int distance) {
        TimerWheel wheel = new TimerWheel(START);
        TimerList timer = recording(wheel, "t");
        wheel.modTimer(timer, START + distance);
        assertThat(WheelProbe.placeOf(wheel, timer)).containsExactly(0, START & 255);
        wheel.runTimers(START);
        assertThat(ran).containsExactly("t@" + START);
    }

    static Stream<Integer> overdueDistances() {
        return Stream.of(-1, -255, -256, -100_000, Integer.MIN_VALUE);
    }

    @ParameterizedTest(name = "distance {0}")
    @MethodSource("firingDistances")
    void runTimers_runsATimerAtExactlyItsExpiryFromEveryLevel(int distance) {
        TimerWheel wheel = new TimerWheel(START);
        TimerList timer = recording(wheel, "t");
        int expires = START + distance;
        wheel.modTimer(timer, expires);
        wheel.runTimers(expires - 1);
        assertThat(ran).isEmpty();
        assertThat(TimerWheel.timerPending(timer)).isTrue();
        wheel.runTimers(expires);
        assertThat(ran).containsExactly("t@" + expires);
        assertThat(TimerWheel.timerPending(timer)).isFalse();
    }

    static Stream<Integer> firingDistances() {
        return Stream.of(0, 1, 255, 256, 257, 16_383, 16_384, 16_385, (1 << 20) - 1, 1 << 20, (1 << 20) + 1,
                (1 << 26) + 77);
    }

    @Test
    void runTimers_acrossTheJiffiesWrapFromInitialJiffies_runsOnTime() {
        int start = Jiffies.initialJiffies(250);
        assertThat(Integer.toUnsignedString(start)).isEqualTo("4294892296");
        TimerWheel wheel = new TimerWheel(start);
        int[] distances = {74_999, 75_000, 75_001, 75_256, 100_000, 1 << 20};
        for (int d : distances) {
            wheel.modTimer(recording(wheel, "+" + d), start + d);
        }
        wheel.runTimers(start + (1 << 20));
        assertThat(ran).containsExactly("+74999@-1", "+75000@0", "+75001@1", "+75256@256", "+100000@25000",
                "+1048576@" + (start + (1 << 20)));
    }

    @Test
    void sameExpiry_runsInArmingOrder_andModTimerToTheSameExpiryKeepsThePlace() {
        TimerWheel wheel = new TimerWheel(START);
        TimerList a = recording(wheel, "a");
        TimerList b = recording(wheel, "b");
        TimerList c = recording(wheel, "c");
        wheel.modTimer(a, START + 10);
        wheel.modTimer(b, START + 10);
        wheel.modTimer(c, START + 10);
        assertThat(wheel.modTimer(a, START + 10)).isTrue();
        wheel.modTimer(b, START + 11);
        wheel.modTimer(b, START + 10);
        wheel.runTimers(START + 10);
        assertThat(ran).containsExactly("a@" + (START + 10), "c@" + (START + 10), "b@" + (START + 10));
    }

    @Test
    void cascadedTimer_runsAfterTimersFiledDirectlyIntoItsTv1Slot() {
        TimerWheel wheel = new TimerWheel(0);
        TimerList early = recording(wheel, "armedFirst");
        TimerList late = recording(wheel, "armedLater");
        wheel.modTimer(early, 300); // distance 300: tv2, cascades into tv1 at jiffy 256
        wheel.runTimers(100);
        wheel.modTimer(late, 300); // distance 199: straight into tv1
        assertThat(WheelProbe.placeOf(wheel, early)[0]).isEqualTo(1);
        wheel.runTimers(256);
        assertThat(WheelProbe.slotContents(wheel, 0, 300 & 255)).containsExactly(late, early);
        wheel.runTimers(300);
        assertThat(ran).containsExactly("armedLater@300", "armedFirst@300");
    }

    @Test
    void cascade_atEveryLevelBoundary_refilesOneLevelDown() {
        TimerWheel wheel = new TimerWheel(0);
        TimerList timer = recording(wheel, "t");
        int expires = (5 << 26) + (3 << 20) + (2 << 14) + (1 << 8) + 7;
        wheel.modTimer(timer, expires);
        int[][] expected = {{4, 5}, {3, 3}, {2, 2}, {1, 1}, {0, 7}};
        int[] boundaries = {0, 5 << 26, (5 << 26) + (3 << 20), (5 << 26) + (3 << 20) + (2 << 14),
            (5 << 26) + (3 << 20) + (2 << 14) + (1 << 8)};
        for (int i = 0; i < boundaries.length; i++) {
            if (boundaries[i] > 0) {
                wheel.runTimers(boundaries[i] - 1);
                assertThat(WheelProbe.placeOf(wheel, timer)).as("before %d", boundaries[i]).containsExactly(expected[i - 1]);
                wheel.runTimers(boundaries[i]);
            }
            assertThat(WheelProbe.placeOf(wheel, timer)).as("at %d", boundaries[i]).containsExactly(expected[i]);
        }
        wheel.runTimers(expires);
        assertThat(ran).containsExactly("t@" + expires);
    }

    @Test
    void runTimers_withJiffiesBehindTimerJiffies_doesNothing() {
        TimerWheel wheel = new TimerWheel(START);
        wheel.modTimer(recording(wheel, "t"), START - 3);
        wheel.runTimers(START - 1);
        assertThat(ran).isEmpty();
        assertThat(wheel.timerJiffies()).isEqualTo(START);
    }

    @Test
    void modTimerAndDelTimer_reportWhetherTheTimerWasPending() {
        TimerWheel wheel = new TimerWheel(START);
        TimerList timer = recording(wheel, "t");
        assertThat(TimerWheel.timerPending(timer)).isFalse();
        assertThat(wheel.modTimer(timer, START + 5)).isFalse();
        assertThat(TimerWheel.timerPending(timer)).isTrue();
        assertThat(wheel.modTimer(timer, START + 6)).isTrue();
        assertThat(TimerWheel.delTimer(timer)).isTrue();
        assertThat(TimerWheel.timerPending(timer)).isFalse();
        assertThat(TimerWheel.delTimer(timer)).isFalse();
        wheel.runTimers(START + 10);
        assertThat(ran).isEmpty();
    }

    @Test
    void addTimer_usesTheExpirySetBeforehand_andRefusesAPendingTimer() {
        TimerWheel wheel = new TimerWheel(START);
        TimerList timer = recording(wheel, "t");
        timer.setExpires(START + 3);
        wheel.addTimer(timer);
        assertThatThrownBy(() -> wheel.addTimer(timer)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> timer.setExpires(START + 4)).isInstanceOf(IllegalStateException.class);
        wheel.runTimers(START + 3);
        assertThat(ran).containsExactly("t@" + (START + 3));
    }

    @Test
    void timerFunction_rearmingItself_runsPeriodically() {
        TimerWheel wheel = new TimerWheel(START);
        List<Integer> runs = new ArrayList<>();
        TimerList periodic = new TimerList(wheel, t -> {
            runs.add(t.base().timerJiffies() - 1 - START);
            t.base().modTimer(t, t.expires() + 100);
        });
        wheel.modTimer(periodic, START + 100);
        wheel.runTimers(START + 1000);
        assertThat(runs).containsExactly(100, 200, 300, 400, 500, 600, 700, 800, 900, 1000);
    }

    @Test
    void timerFunction_deletingATimerDueInTheSameJiffy_stopsIt_andArmingForNowRunsNextJiffy() {
        TimerWheel wheel = new TimerWheel(START);
        TimerList victim = recording(wheel, "victim");
        TimerList late = recording(wheel, "late");
        TimerList killer = new TimerList(wheel, t -> {
            ran.add("killer");
            assertThat(TimerWheel.delTimer(victim)).isTrue();
            wheel.modTimer(late, t.base().timerJiffies() - 1);
        });
        wheel.modTimer(killer, START + 4);
        wheel.modTimer(victim, START + 4);
        wheel.runTimers(START + 4);
        assertThat(ran).containsExactly("killer");
        wheel.runTimers(START + 5);
        assertThat(ran).containsExactly("killer", "late@" + (START + 5));
    }

    @Test
    void modTimer_movesATimerToTheCallingCpusWheel() {
        TimerWheel cpu0 = new TimerWheel(START);
        TimerWheel cpu1 = new TimerWheel(START);
        TimerList timer = recording(cpu0, "t");
        cpu0.modTimer(timer, START + 20);
        assertThat(cpu1.modTimer(timer, START + 30)).isTrue();
        assertThat(timer.base()).isSameAs(cpu1);
        cpu0.runTimers(START + 40);
        assertThat(ran).isEmpty();
        cpu1.runTimers(START + 40);
        assertThat(ran).containsExactly("t@" + (START + 30));
    }

    @Test
    void modTimer_fromItsOwnFunctionOnAnotherCpu_keepsItsBase() {
        TimerWheel cpu0 = new TimerWheel(START);
        TimerWheel cpu1 = new TimerWheel(START);
        TimerList timer = new TimerList(cpu0, t -> cpu1.modTimer(t, START + 50));
        cpu0.modTimer(timer, START + 1);
        cpu0.runTimers(START + 1);
        assertThat(timer.base()).isSameAs(cpu0);
        assertThat(WheelProbe.placeOf(cpu0, timer)).isNotNull();
    }

    @Test
    void delTimerSync_fromItsOwnFunction_isAnError_butFromAnotherTimerItWorks() {
        TimerWheel wheel = new TimerWheel(START);
        TimerList other = recording(wheel, "other");
        int[] tryResult = new int[1];
        TimerList self = new TimerList(wheel, t -> {
            tryResult[0] = TimerWheel.tryToDelTimerSync(t);
            assertThat(wheel.runningTimer()).isSameAs(t);
            assertThat(TimerWheel.delTimerSync(other)).isTrue();
            assertThatThrownBy(() -> TimerWheel.delTimerSync(t)).isInstanceOf(IllegalStateException.class);
        });
        wheel.modTimer(self, START + 2);
        wheel.modTimer(other, START + 9);
        wheel.runTimers(START + 9);
        assertThat(tryResult[0]).isEqualTo(-1);
        assertThat(ran).isEmpty();
        assertThat(wheel.runningTimer()).isNull();
        assertThat(TimerWheel.delTimerSync(self)).isFalse();
    }

    @Test
    void runTimers_fromATimerFunction_isAnError() {
        TimerWheel wheel = new TimerWheel(START);
        List<Throwable> errors = new ArrayList<>();
        wheel.modTimer(new TimerList(wheel, t -> {
            try {
                wheel.runTimers(START + 5);
            } catch (IllegalStateException e) {
                errors.add(e);
            }
        }), START);
        wheel.runTimers(START);
        assertThat(errors).hasSize(1);
    }
}
