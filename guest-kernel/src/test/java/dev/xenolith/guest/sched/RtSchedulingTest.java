package dev.xenolith.guest.sched;

import static dev.xenolith.guest.NativeMachine.BOOTED;
import static dev.xenolith.guest.sched.SchedKit.IDEAL;
import static dev.xenolith.guest.sched.SchedKit.MS;
import static dev.xenolith.guest.sched.SchedKit.NS_PER_US;
import static dev.xenolith.guest.sched.SchedKit.boot;
import static dev.xenolith.guest.sched.SchedKit.hog;
import static dev.xenolith.guest.sched.SchedKit.sleeper;
import static dev.xenolith.guest.sched.SchedKit.task;
import static dev.xenolith.guest.sched.SchedKit.tickPicos;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.TraceLog;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real-time class on one CPU (linux.md §3, §9.3, §9.4): RR slices, FIFO, RT preemption, throttling. At
 * HZ=250 a tick lasts {@link SchedKit#tickPicos} = 4000160 ns and moves the run queue's clock, which RT
 * runtime is counted in, by TICK_NSEC = 4000250 ns.
 */
class RtSchedulingTest {
    private static final long TICK = tickPicos(250);
    private static final long TICK_NSEC = SchedTunables.tickNsec(250);

    /**
     * Two SCHED_RR hogs at one priority: each first slice is the HZ ticks (1 s) the counter inherited from
     * init_task, then they alternate in DEF_TIMESLICE = 25 ticks = 100 ms. Throttled stretches (the CPU idles,
     * no CFS task) do not count, as the counter only moves at ticks the task runs. The first task starts
     * between ticks, so its first slice is 249 ticks and a part of one.
     */
    @Test
    void twoRoundRobinTasksAlternateInHundredMillisecondSlices() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, IDEAL, log, task("rr1", Policy.RR, 10, 0, hog()),
                task("rr2", Policy.RR, 10, 0, hog()));
        long run = BOOTED + 3400 * MS;
        m.runUntil(run);

        List<Slice> slices = slices(log, run);
        assertThat(slices.stream().map(Slice::comm).limit(6)).containsExactly("rr1", "rr2", "rr1", "rr2", "rr1", "rr2");
        assertThat(slices.get(0).ran()).isBetween(249 * TICK, 250 * TICK);
        assertThat(slices.get(1).ran()).isEqualTo(250 * TICK);
        List<Slice> steady = slices.subList(2, slices.size() - 1);
        assertThat(steady).hasSizeGreaterThanOrEqualTo(10);
        assertThat(steady).allSatisfy(slice -> assertThat(slice.ran()).isEqualTo(25 * TICK));
        for (int i = 1; i < slices.size(); i++) {
            assertThat(slices.get(i).comm()).isNotEqualTo(slices.get(i - 1).comm());
        }
    }

    /**
     * A SCHED_FIFO hog at priority 50, started 50 ms after the boot's fork, is never preempted by a waking task
     * of its own or a lower priority (they never run again), but a priority-70 task that wakes every 12 ms
     * takes the CPU on the wake-up's interrupt return, within 100 µs with the default costs. The hog only
     * otherwise leaves the CPU when RT throttling stops it (to the CFS hog), which holds back the high task
     * too. Over the three seconds from 100 ms after the fork that happens twice: RT periods end at whole
     * seconds of the run queue's clock, 16 ms after the wall's, and the first one, which the RT tasks entered
     * 126.6 ms late, never throttled.
     */
    @Test
    void fifoIsPreemptedOnlyByAHigherPriorityAndThatAtOnce() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, CostModel.defaults(), log,
                new TaskConfig("fifo", Policy.FIFO, 50, 0, List.of(), BOOTED + 50 * MS, hog()),
                task("peer", Policy.FIFO, 50, 0, sleeper(10 * MS, MS)),
                task("low", Policy.FIFO, 10, 0, sleeper(10 * MS, MS)),
                task("high", Policy.FIFO, 70, 0, sleeper(10 * MS, MS)),
                task("cfs", Policy.NORMAL, 0, 0, hog()));
        long from = BOOTED + 100 * MS;
        long to = from + 3000 * MS;
        m.runUntil(from);
        long peerBefore = SchedKit.task(m, "peer").runtimeNs();
        long lowBefore = SchedKit.task(m, "low").runtimeNs();
        m.runUntil(to);

        assertThat(peerBefore).isPositive();
        assertThat(lowBefore).isPositive();
        assertThat(SchedKit.task(m, "peer").runtimeNs()).isEqualTo(peerBefore);
        assertThat(SchedKit.task(m, "low").runtimeNs()).isEqualTo(lowBefore);
        List<String> afterFifo = log.switches(from, to).stream().filter(s -> s.prevComm().equals("fifo"))
                .map(SchedEvent.Switch::nextComm).toList();
        assertThat(afterFifo).containsOnly("high", "cfs");
        assertThat(afterFifo.stream().filter("cfs"::equals).count()).isEqualTo(2);

        // the high task wakes every three ticks (12.0005 ms) from 143.6 ms after power-on, 258 times by the end
        // but for the two throttled stretches: a wake-up inside one waits for the period's end, like everyone,
        // at most 13 ticks (see rtThrottlingLeavesCfsFiftyMillisecondsOfEverySecond), and each such wait costs
        // it up to five of its wake-ups
        LatencyHistogram high = SchedKit.task(m, "high").wakeupLatency();
        assertThat(high.count()).isBetween(258L - 2 * 5, 258L);
        assertThat(high.percentile((high.count() - 2.0) / high.count())).isLessThan(100 * NS_PER_US);
        assertThat(high.max()).isLessThan((13 * TICK) / Picos.PER_NANOSECOND + 100 * NS_PER_US);
    }

    /**
     * A priority-50 task woken while a priority-10 task works inside a system call: the wake-up (from the
     * tick's hrtimer) reschedules, and the same interrupt's return path preempts the kernel code through
     * {@code resume_kernel} → {@code preempt_schedule_irq}, before any other interrupt. The task's 10 ms sleeps
     * begin 1 ms after a tick and end at the third tick after, so it wakes every 12.0005 ms from 143.6 ms after
     * power-on: 16 times in the 200 ms after the fork.
     */
    @Test
    void aWakingHigherPriorityTaskPreemptsKernelCodeOnTheInterruptReturnPath() {
        TraceLog trace = new TraceLog();
        NativeMachine m = boot(1, 250, CostModel.defaults(), trace,
                task("low", Policy.FIFO, 10, 0,
                        List.of(new Op.Kernel(Work.picos(5 * MS)), new Op.Loop(Op.Loop.FOREVER))),
                task("high", Policy.FIFO, 50, 0, sleeper(10 * MS, MS)));
        m.runUntil(BOOTED + 200 * MS);

        List<String> lines = trace.on(0, BOOTED);
        int wake = TraceLog.matchInOrder(lines, List.of(">hrtimer_wakeup", ">try_to_wake_up"));
        assertThat(wake).isPositive();
        List<String> after = lines.subList(wake, lines.size());
        int switched = TraceLog.matchInOrder(after, List.of(">check_preempt_curr_rt", ">resched_task", ">irq_exit",
                ">ret_from_intr", ">resume_kernel", ">preempt_schedule_irq", ">schedule", ">pick_next_task_rt",
                "!sched_switch prev_comm=low"));
        assertThat(switched).isPositive();
        assertThat(after.subList(0, switched)).noneMatch(line -> line.startsWith("!int_entry"));

        LatencyHistogram high = SchedKit.task(m, "high").wakeupLatency();
        assertThat(high.count()).isEqualTo(16);
        assertThat(high.max()).isLessThan(100 * NS_PER_US);
    }

    /**
     * A SCHED_FIFO hog and a CFS hog: RT throttling (2.6.25: 950 ms of RT runtime per 1 s period of the run
     * queue's clock, detected at ticks) leaves the CFS task about 50 ms of every second. The runtime grows by
     * TICK_NSEC a tick, and 950 ms is 237.49 of those: the second period (the hog entered the first 126.6 ms
     * late and did not use it up) throttles at its 238th tick, 2.06 ms over; the period's end forgives 950 ms,
     * so the next period starts 2.06 ms in debt and throttles after 237 ticks, 0.12 ms over, and so on. A
     * period is 250 ticks (1 s is 249.98 TICK_NSEC), so the CFS task gets 12 and 13 ticks in turn. Each second
     * from one second after the fork holds one whole throttled stretch, and 250 ticks.
     */
    @Test
    void rtThrottlingLeavesCfsFiftyMillisecondsOfEverySecond() {
        NativeMachine m = boot(1, 250, IDEAL, null, task("fifo", Policy.FIFO, 50, 0, hog()),
                task("cfs", Policy.NORMAL, 0, 0, hog()));
        m.runUntil(BOOTED + 1000 * MS);
        Task fifo = SchedKit.task(m, "fifo");
        Task cfs = SchedKit.task(m, "cfs");
        List<Long> cfsTicks = new ArrayList<>();
        for (int second = 2; second <= 5; second++) {
            long cfsBefore = cfs.runtimeNs();
            long fifoBefore = fifo.runtimeNs();
            m.runUntil(BOOTED + second * 1000 * MS);
            long cfsRan = cfs.runtimeNs() - cfsBefore;
            assertThat(cfsRan % TICK_NSEC).as("cfs in second %d", second).isZero();
            cfsTicks.add(cfsRan / TICK_NSEC);
            assertThat(fifo.runtimeNs() - fifoBefore).as("fifo in second %d", second)
                    .isEqualTo(250 * TICK_NSEC - cfsRan);
        }
        assertThat(cfsTicks).containsExactly(12L, 13L, 12L, 13L);
    }

    /** A stretch one task held the CPU, idle gaps (throttling) inside it left out. */
    record Slice(String comm, long ran) {
    }

    /** The CPU's successive holders from the switches, a task's stretches around idle gaps joined. */
    private static List<Slice> slices(SwitchLog log, long until) {
        List<Slice> slices = new ArrayList<>();
        String running = null;
        long since = 0;
        for (SwitchLog.Entry e : log.entries) {
            if (e.event() instanceof SchedEvent.Switch s) {
                credit(slices, s.prevComm(), e.time() - since);
                running = s.nextComm();
                since = e.time();
            }
        }
        credit(slices, running, until - since);
        return slices;
    }

    private static void credit(List<Slice> slices, String comm, long ran) {
        if (comm.startsWith("swapper")) {
            return;
        }
        int last = slices.size() - 1;
        if (last >= 0 && slices.get(last).comm().equals(comm)) {
            slices.set(last, new Slice(comm, slices.get(last).ran() + ran));
        } else {
            slices.add(new Slice(comm, ran));
        }
    }
}
