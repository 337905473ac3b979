package dev.xenolith.guest.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test: the hrtimer queue and a {@code TreeMap} keyed by (expiry, enqueue sequence) run the
 * same seeded random mix of hrtimer_start (often on queued timers, often at equal expiries),
 * hrtimer_cancel, hrtimer_try_to_cancel and expiries at advancing times. Timer functions, in lock step
 * with the model, check that they are the model's next timer, then start, cancel or forward-and-restart
 * timers (their own included) as the same random stream decides.
 *
 * <p>Checked: the order and time of every expiry, return values, hrtimer_active and hrtimer_is_queued of
 * every timer, first, and hrtimer_get_next_event, after every operation.
 */
final class HrtimerQueueModelTest {
    private record Key(long expires, long seq) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(expires, o.expires);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 30).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void queue_expiresExactlyAsTheTreeMapModel(long seed) {
        new Run(seed).go();
    }

    private static final class Run {
        private final SplittableRandom random;
        private final HrtimerQueue queue = new HrtimerQueue(1);
        private final List<Hrtimer> timers = new ArrayList<>();
        private final TreeMap<Key, Integer> model = new TreeMap<>();
        private final Key[] keyOf;
        private final long spread;
        private long seq;
        private long now;
        /** The timer whose function runs now, or -1. */
        private int running = -1;
        private int expired;

        Run(long seed) {
            random = new SplittableRandom(seed);
            int population = random.nextInt(2, 200);
            keyOf = new Key[population];
            spread = random.nextBoolean() ? 20 : 1_000_000; // narrow: many equal expiries
            for (int i = 0; i < population; i++) {
                int id = i;
                timers.add(new Hrtimer(queue, (t, at) -> expire(id, t, at)));
            }
        }

        void go() {
            for (int step = 0; step < 4_000; step++) {
                int op = random.nextInt(100);
                int id = random.nextInt(timers.size());
                if (op < 45) {
                    start(id, now + random.nextLong(spread) - spread / 10);
                } else if (op < 55) {
                    assertThat(HrtimerQueue.hrtimerCancel(timers.get(id))).isEqualTo(keyOf[id] != null);
                    dequeue(id);
                } else if (op < 60) {
                    assertThat(HrtimerQueue.hrtimerTryToCancel(timers.get(id))).isEqualTo(keyOf[id] != null ? 1 : 0);
                    dequeue(id);
                } else {
                    now += random.nextLong(spread / 4 + 1);
                    long next = queue.expireUpTo(now);
                    assertThat(model.isEmpty() || model.firstKey().expires() > now).isTrue();
                    assertThat(next).isEqualTo(model.isEmpty() ? HrtimerQueue.KTIME_MAX : model.firstKey().expires());
                }
                checkAll();
            }
            assertThat(expired).isPositive();
        }

        private void start(int id, long expires) {
            assertThat(queue.hrtimerStart(timers.get(id), expires)).isEqualTo(keyOf[id] != null);
            dequeue(id);
            enqueue(id, expires);
        }

        private void enqueue(int id, long expires) {
            keyOf[id] = new Key(expires, seq++);
            model.put(keyOf[id], id);
        }

        private void dequeue(int id) {
            if (keyOf[id] != null) {
                model.remove(keyOf[id]);
                keyOf[id] = null;
            }
        }

        /** Lock step: the model's first expired timer must be the one whose function runs. */
        private HrtimerRestart expire(int id, Hrtimer timer, long at) {
            assertThat(at).isEqualTo(now);
            Map.Entry<Key, Integer> first = model.pollFirstEntry();
            assertThat(first).isNotNull();
            assertThat(first.getValue()).as("expiring timer").isEqualTo(id);
            assertThat(first.getKey().expires()).isLessThanOrEqualTo(now).isEqualTo(timer.expires());
            keyOf[id] = null;
            expired++;
            running = id;
            assertThat(HrtimerQueue.hrtimerActive(timer)).isTrue();
            assertThat(HrtimerQueue.hrtimerTryToCancel(timer)).isEqualTo(-1);
            HrtimerRestart restart = HrtimerRestart.HRTIMER_NORESTART;
            int action = random.nextInt(10);
            if (action < 3) {
                long overruns = HrtimerQueue.hrtimerForward(timer, now, 1 + random.nextLong(spread));
                assertThat(overruns).isPositive();
                assertThat(timer.expires()).isGreaterThan(now);
                enqueue(id, timer.expires()); // re-enqueued right after the function returns
                restart = HrtimerRestart.HRTIMER_RESTART;
            } else if (action < 5) {
                start(id, now + random.nextLong(spread));
            } else if (action < 7) {
                start(random.nextInt(timers.size()), now - random.nextLong(3) + random.nextLong(spread));
            } else if (action < 8) {
                int victim = random.nextInt(timers.size());
                if (victim != id) {
                    assertThat(HrtimerQueue.hrtimerCancel(timers.get(victim))).isEqualTo(keyOf[victim] != null);
                    dequeue(victim);
                }
            }
            running = -1;
            return restart;
        }

        private void checkAll() {
            for (int id = 0; id < timers.size(); id++) {
                Hrtimer timer = timers.get(id);
                boolean queued = keyOf[id] != null;
                assertThat(HrtimerQueue.hrtimerIsQueued(timer)).isEqualTo(queued);
                assertThat(HrtimerQueue.hrtimerActive(timer)).isEqualTo(queued || id == running);
                if (queued) {
                    assertThat(timer.expires()).isEqualTo(keyOf[id].expires());
                }
            }
            Hrtimer first = queue.first();
            if (model.isEmpty()) {
                assertThat(first).isNull();
                assertThat(queue.hrtimerGetNextEvent(now)).isEqualTo(HrtimerQueue.KTIME_MAX);
            } else {
                assertThat(first).isSameAs(timers.get(model.firstEntry().getValue()));
                assertThat(queue.hrtimerGetNextEvent(now)).isEqualTo(Math.max(0, model.firstKey().expires() - now));
            }
        }
    }
}
