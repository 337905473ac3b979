package dev.xenolith.guest.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test of the wheel against the simplest possible baseline: every timer knows the 64-bit
 * jiffy it is due at, computed when it is armed as the kernel defines it (its expiry, or the next jiffy
 * to process if that expiry is already past). A seeded random mix of mod_timer, add_timer and del_timer,
 * and of time advances of one jiffy, of many jiffies, and of NO_HZ jumps straight to
 * get_next_timer_interrupt, drives both. Timer functions re-arm themselves, re-arm or delete other timers
 * (including ones due in the same jiffy), all decided by the same random stream.
 *
 * <p>Checked in lock step: every timer function runs at exactly the jiffy the baseline says, no due timer
 * is left behind, the return values of mod_timer and del_timer and timer_pending agree, and
 * get_next_timer_interrupt is the earliest expiry (raised to now, capped at NEXT_TIMER_MAX_DELTA).
 *
 * <p>Scenarios start just before the jiffies wrap (INITIAL_JIFFIES at several HZ) and just before the
 * boundaries of every level (256, 2^14, 2^20, 2^26), with timeouts drawn level by level, boundary values
 * included, so every kind of cascade happens many times.
 */
final class TimerWheelModelTest {
    private static final long NOT_PENDING = Long.MIN_VALUE;
    private static final int[] LEVEL_STARTS = {0, 1 << 8, 1 << 14, 1 << 20, 1 << 26};

    private static final int MAX_OPERATIONS = 40_000;
    /**
     * Every fourth timer is patient: armed at the start and then only by its own function, so that long
     * timeouts live to their expiry (random re-arming would nearly always cut them short).
     */
    private static final int PATIENT_EVERY = 4;

    /**
     * How a scenario runs: where it starts, how far timeouts reach, the longest plain multi-jiffy advance,
     * and how many jiffies it may cover (or {@value #MAX_OPERATIONS} operations, whichever comes first).
     */
    private record Scenario(long seed, int start, int maxTimeout, int maxJump, long jiffyBudget) {
    }

    static Stream<Arguments> scenarios() {
        Stream<Scenario> wraps = Stream.of(100, 250, 1000)
                .map(hz -> new Scenario(hz, Jiffies.initialJiffies(hz), 1 << 21, 600, 1L << 23));
        Stream<Scenario> boundaries = LongStream.rangeClosed(1, 16).mapToObj(seed -> new Scenario(seed,
                (1 << (8 + 6 * (int) (seed % 4))) * (int) (1 + seed) - 100, 1 << 21, 600, 1L << 22));
        Stream<Scenario> outerLevels = LongStream.rangeClosed(1, 2).mapToObj(seed -> new Scenario(100 + seed,
                (int) (seed << 26) - 5_000, (1 << 27) + 5, 1 << 20, 3L << 27));
        return Stream.of(wraps, boundaries, outerLevels).flatMap(s -> s)
                .map(s -> Arguments.of(s.seed(), Integer.toUnsignedString(s.start()), s));
    }

    @ParameterizedTest(name = "seed {0} from jiffy {1}")
    @MethodSource("scenarios")
    void wheel_runsEveryTimerAtTheJiffyTheBaselineComputes(long seed, String start, Scenario scenario) {
        new Run(scenario).go();
    }

    /** One scenario: the wheel, the baseline, the random stream that drives both. */
    private static final class Run {
        private final Scenario scenario;
        private final SplittableRandom random;
        private final TimerWheel wheel;
        private final List<TimerList> timers = new ArrayList<>();
        /** Baseline: the 64-bit jiffy each timer is due at, or NOT_PENDING. */
        private final long[] due;
        /** Baseline: each timer's expiry unwrapped to 64 bits (earlier than due when armed overdue). */
        private final long[] expires;
        /** Baseline: the next jiffy the wheel processes, and jiffies, both unwrapped. */
        private long timerJiffies;
        private long now;
        /** While a run is under way: the jiffy being processed, unwrapped. */
        private long processing;
        /** Timers that ran, by the level their distance chose when they were armed (5 = overdue). */
        private final int[] firedByLevel = new int[TimerWheel.LEVELS + 1];
        private final int[] armedLevel;

        Run(Scenario scenario) {
            this.scenario = scenario;
            this.random = new SplittableRandom(scenario.seed());
            this.wheel = new TimerWheel(scenario.start());
            this.timerJiffies = (1L << 32) + Integer.toUnsignedLong(scenario.start());
            this.now = timerJiffies;
            int population = random.nextInt(8, 65);
            due = new long[population];
            expires = new long[population];
            armedLevel = new int[population];
            for (int i = 0; i < population; i++) {
                int id = i;
                timers.add(new TimerList(wheel, t -> expired(id, t)));
                due[i] = NOT_PENDING;
            }
        }

        void go() {
            for (int id = 0; id < timers.size(); id += PATIENT_EVERY) {
                arm(id);
            }
            long end = now + scenario.jiffyBudget();
            for (int operation = 0; operation < MAX_OPERATIONS && now < end; operation++) {
                int op = random.nextInt(100);
                if (op < 45) {
                    arm(busyTimer());
                } else if (op < 55) {
                    delete(busyTimer());
                } else {
                    advance();
                }
                checkPendingAndNextInterrupt();
            }
            for (int level = 0; level <= TimerWheel.LEVELS; level++) {
                if (level == TimerWheel.LEVELS || LEVEL_STARTS[level] <= scenario.maxTimeout()) {
                    assertThat(firedByLevel[level]).as("timers armed for level %d that ran", level).isPositive();
                }
            }
        }

        private void arm(int id) {
            TimerList timer = timers.get(id);
            int timeout = timeout();
            int newExpires = (int) timerJiffies + timeout;
            boolean pending = due[id] != NOT_PENDING;
            if (!pending && random.nextBoolean()) {
                timer.setExpires(newExpires);
                wheel.addTimer(timer);
            } else {
                assertThat(wheel.modTimer(timer, newExpires)).isEqualTo(pending);
            }
            boolean unchanged = pending && (int) expires[id] == newExpires;
            if (!unchanged) { // mod_timer to the same expiry leaves a pending timer alone
                expires[id] = timerJiffies + timeout;
                due[id] = Math.max(expires[id], timerJiffies);
                armedLevel[id] = levelOf(timeout);
            }
        }

        /** A timeout from a level chosen uniformly, often right on a level boundary, sometimes overdue. */
        private int timeout() {
            if (random.nextInt(20) == 0) {
                return -random.nextInt(1, 300);
            }
            int levels = 1;
            while (levels < LEVEL_STARTS.length && LEVEL_STARTS[levels] <= scenario.maxTimeout()) {
                levels++;
            }
            int level = random.nextInt(levels);
            int low = LEVEL_STARTS[level];
            int high = level + 1 < levels ? LEVEL_STARTS[level + 1] : scenario.maxTimeout();
            return switch (random.nextInt(8)) {
                case 0 -> low;
                case 1 -> high - 1;
                case 2 -> Math.min(low + 1, high - 1);
                default -> random.nextInt(low, high);
            };
        }

        /** A timer other than the patient ones, which only their own function re-arms. */
        private int busyTimer() {
            int id = random.nextInt(timers.size());
            return id % PATIENT_EVERY == 0 && timers.size() > 1 ? (id + 1) % timers.size() : id;
        }

        private void delete(int id) {
            assertThat(TimerWheel.delTimer(timers.get(id))).isEqualTo(due[id] != NOT_PENDING);
            due[id] = NOT_PENDING;
        }

        private static int levelOf(int timeout) {
            if (timeout < 0) {
                return TimerWheel.LEVELS;
            }
            int level = 0;
            while (level + 1 < LEVEL_STARTS.length && timeout >= LEVEL_STARTS[level + 1]) {
                level++;
            }
            return level;
        }

        private void advance() {
            int kind = random.nextInt(100);
            long target;
            if (kind < 55) {
                target = now + 1;
            } else if (kind < 80) {
                target = now + random.nextInt(2, scenario.maxJump());
            } else {
                // NO_HZ: sleep to the next event, or as long as the longest timeout if there is none
                int sleep = Math.min(wheel.getNextTimerInterrupt((int) now) - (int) now, scenario.maxTimeout());
                target = now + Math.max(1, sleep);
            }
            processing = timerJiffies;
            wheel.runTimers((int) target);
            now = target;
            timerJiffies = target + 1;
            for (int id = 0; id < due.length; id++) {
                assertThat(due[id] == NOT_PENDING || due[id] > target)
                        .as("timer %d due at %d still pending after running to %d", id, due[id], target).isTrue();
            }
        }

        /** Lock step: the timer function runs; the baseline says whether this is the right jiffy. */
        private void expired(int id, TimerList timer) {
            long jiffy = timerJiffies + (wheel.timerJiffies() - 1 - (int) timerJiffies);
            assertThat(jiffy).as("timer %d ran at a jiffy not yet reached", id).isGreaterThanOrEqualTo(processing);
            processing = jiffy;
            assertThat(due[id]).as("timer %d ran at %d", id, jiffy).isEqualTo(jiffy);
            assertThat(TimerWheel.timerPending(timer)).isFalse();
            assertThat(wheel.runningTimer()).isSameAs(timer);
            due[id] = NOT_PENDING;
            firedByLevel[armedLevel[id]]++;
            long savedTimerJiffies = timerJiffies;
            timerJiffies = jiffy + 1; // what mod_timer measures from inside the run
            int action = random.nextInt(10);
            if (action < 4 || id % PATIENT_EVERY == 0) {
                arm(id);
            } else if (action < 6) {
                arm(busyTimer());
            } else if (action < 7) {
                delete(busyTimer());
            }
            timerJiffies = savedTimerJiffies;
        }

        private boolean dueNextJiffyExactly() {
            for (int id = 0; id < due.length; id++) {
                if (due[id] == now + 1 && expires[id] == now + 1) {
                    return true;
                }
            }
            return false;
        }

        private void checkPendingAndNextInterrupt() {
            long earliest = timerJiffies + Jiffies.NEXT_TIMER_MAX_DELTA;
            for (int id = 0; id < due.length; id++) {
                boolean pending = due[id] != NOT_PENDING;
                assertThat(TimerWheel.timerPending(timers.get(id))).isEqualTo(pending);
                if (pending) {
                    earliest = Math.min(earliest, expires[id]);
                }
            }
            long expected = Math.max(earliest, now);
            int actual = wheel.getNextTimerInterrupt((int) now);
            if (actual != (int) expected && expected == now && dueNextJiffyExactly()) {
                expected = now + 1; // tv1's first timer hides an overdue one behind it: see nextTimerInterrupt
            }
            assertThat(actual)
                    .as("get_next_timer_interrupt at %d", now).isEqualTo((int) expected);
        }
    }
}
