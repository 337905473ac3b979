package dev.xenolith.guest.sched;

import static dev.xenolith.guest.sched.SchedKit.IDEAL;
import static dev.xenolith.guest.sched.SchedKit.MS;
import static dev.xenolith.guest.sched.SchedKit.NS_PER_MS;
import static dev.xenolith.guest.sched.SchedKit.NS_PER_US;
import static dev.xenolith.guest.sched.SchedKit.boot;
import static dev.xenolith.guest.sched.SchedKit.hog;
import static dev.xenolith.guest.sched.SchedKit.sleeper;
import static dev.xenolith.guest.sched.SchedKit.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.TraceLog;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.cost.CostModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real-time class on one CPU (linux.md §3, §9.3, §9.4): RR slices, FIFO, RT preemption, throttling. */
class RtSchedulingTest {

    /**
     * Two SCHED_RR hogs at one priority: each first slice is the HZ ticks (1 s) the counter inherited from
     * init_task, then they alternate in DEF_TIMESLICE = 25 ticks = 100 ms. Throttled stretches (the CPU idles,
     * no CFS task) do not count, as the counter only moves at ticks the task runs.
     */
    @Test
    void twoRoundRobinTasksAlternateInHundredMillisecondSlices() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, IDEAL, log, task("rr1", Policy.RR, 10, 0, hog()),
                task("rr2", Policy.RR, 10, 0, hog()));
        m.runUntil(3500 * MS);

        List<Slice> slices = slices(log, 3500 * MS);
        assertThat(slices.stream().map(Slice::comm).limit(6)).containsExactly("rr1", "rr2", "rr1", "rr2", "rr1", "rr2");
        assertThat(slices.get(0).ran()).isBetween(990 * MS, 1000 * MS);
        assertThat(slices.get(1).ran()).isEqualTo(1000 * MS);
        List<Slice> steady = slices.subList(2, slices.size() - 1);
        assertThat(steady).hasSizeGreaterThanOrEqualTo(10);
        assertThat(steady).allSatisfy(slice -> assertThat(slice.ran()).isEqualTo(100 * MS));
        for (int i = 1; i < slices.size(); i++) {
            assertThat(slices.get(i).comm()).isNotEqualTo(slices.get(i - 1).comm());
        }
    }

    /**
     * A SCHED_FIFO hog at priority 50, started 50 ms after boot, is never preempted by a waking task of its
     * own or a lower priority (they never run again), but a priority-70 task that wakes every 12 ms takes the
     * CPU on the wake-up's interrupt return, within 100 µs with the default costs. The hog only otherwise
     * leaves the CPU when RT throttling stops it (to the CFS hog), which holds back the high task too.
     */
    @Test
    void fifoIsPreemptedOnlyByAHigherPriorityAndThatAtOnce() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, CostModel.defaults(), log,
                new TaskConfig("fifo", Policy.FIFO, 50, 0, List.of(), 50 * MS, hog()),
                task("peer", Policy.FIFO, 50, 0, sleeper(10 * MS, MS)),
                task("low", Policy.FIFO, 10, 0, sleeper(10 * MS, MS)),
                task("high", Policy.FIFO, 70, 0, sleeper(10 * MS, MS)),
                task("cfs", Policy.NORMAL, 0, 0, hog()));
        m.runUntil(100 * MS);
        long peerBefore = SchedKit.task(m, "peer").runtimeNs();
        long lowBefore = SchedKit.task(m, "low").runtimeNs();
        m.runUntil(2100 * MS);

        assertThat(peerBefore).isPositive();
        assertThat(lowBefore).isPositive();
        assertThat(SchedKit.task(m, "peer").runtimeNs()).isEqualTo(peerBefore);
        assertThat(SchedKit.task(m, "low").runtimeNs()).isEqualTo(lowBefore);
        List<String> afterFifo = log.switches(100 * MS, 2100 * MS).stream().filter(s -> s.prevComm().equals("fifo"))
                .map(SchedEvent.Switch::nextComm).toList();
        assertThat(afterFifo).containsOnly("high", "cfs");
        assertThat(afterFifo.stream().filter("cfs"::equals).count()).isEqualTo(2);

        // a wake-up inside one of the two throttled stretches waits for the period's end, like everyone
        LatencyHistogram high = SchedKit.task(m, "high").wakeupLatency();
        assertThat(high.count()).isGreaterThan(150);
        assertThat(high.percentile((high.count() - 2.0) / high.count())).isLessThan(100 * NS_PER_US);
        assertThat(high.max()).isLessThanOrEqualTo(52 * NS_PER_MS);
    }

    /**
     * A priority-50 task woken while a priority-10 task works inside a system call: the wake-up (from the
     * tick's hrtimer) reschedules, and the same interrupt's return path preempts the kernel code through
     * {@code resume_kernel} → {@code preempt_schedule_irq}, before any other interrupt.
     */
    @Test
    void aWakingHigherPriorityTaskPreemptsKernelCodeOnTheInterruptReturnPath() {
        TraceLog trace = new TraceLog();
        NativeMachine m = boot(1, 250, CostModel.defaults(), trace,
                task("low", Policy.FIFO, 10, 0,
                        List.of(new Op.Kernel(Work.picos(5 * MS)), new Op.Loop(Op.Loop.FOREVER))),
                task("high", Policy.FIFO, 50, 0, sleeper(10 * MS, MS)));
        m.runUntil(200 * MS);

        List<String> lines = trace.on(0, 50 * MS);
        int wake = TraceLog.matchInOrder(lines, List.of(">hrtimer_wakeup", ">try_to_wake_up"));
        assertThat(wake).isPositive();
        List<String> after = lines.subList(wake, lines.size());
        int switched = TraceLog.matchInOrder(after, List.of(">check_preempt_curr_rt", ">resched_task", ">irq_exit",
                ">ret_from_intr", ">resume_kernel", ">preempt_schedule_irq", ">schedule", ">pick_next_task_rt",
                "!sched_switch prev_comm=low"));
        assertThat(switched).isPositive();
        assertThat(after.subList(0, switched)).noneMatch(line -> line.startsWith("!int_entry"));

        LatencyHistogram high = SchedKit.task(m, "high").wakeupLatency();
        assertThat(high.count()).isGreaterThan(10);
        assertThat(high.max()).isLessThan(100 * NS_PER_US);
    }

    /**
     * A SCHED_FIFO hog and a CFS hog: RT throttling (2.6.25: 950 ms of RT runtime per 1 s period, detected at
     * ticks) leaves the CFS task about 50 ms of every second, within a tick.
     */
    @Test
    void rtThrottlingLeavesCfsFiftyMillisecondsOfEverySecond() {
        NativeMachine m = boot(1, 250, IDEAL, null, task("fifo", Policy.FIFO, 50, 0, hog()),
                task("cfs", Policy.NORMAL, 0, 0, hog()));
        m.runUntil(1000 * MS);
        Task fifo = SchedKit.task(m, "fifo");
        Task cfs = SchedKit.task(m, "cfs");
        long cfsStart = cfs.runtimeNs();
        for (int second = 2; second <= 5; second++) {
            long cfsBefore = cfs.runtimeNs();
            long fifoBefore = fifo.runtimeNs();
            m.runUntil(second * 1000 * MS);
            assertThat(cfs.runtimeNs() - cfsBefore).as("cfs in second %d", second)
                    .isCloseTo(50 * NS_PER_MS, within(4 * NS_PER_MS));
            assertThat(fifo.runtimeNs() - fifoBefore).as("fifo in second %d", second)
                    .isCloseTo(950 * NS_PER_MS, within(4 * NS_PER_MS));
        }
        assertThat(cfs.runtimeNs() - cfsStart).isCloseTo(4 * 50 * NS_PER_MS, within(4 * NS_PER_MS));
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
