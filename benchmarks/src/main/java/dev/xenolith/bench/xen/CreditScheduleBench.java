package dev.xenolith.bench.xen;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.PluginFunctions;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.hypervisor.timer.AcTimerHeap;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The credit scheduler's decision path with 8 and 64 CPU-bound vcpus queued on one pCPU, in steady
 * state (the run queue full, every vcpu active, nothing allocated).
 *
 * <ul>
 *   <li>{@code doSchedule}: one {@code csched_schedule} at a slice end: burn the runner's credits,
 *   queue it by priority, take the head. Time advances one tslice per call; no ticks or accounting
 *   run, so priorities stay as the warm-up left them.</li>
 *   <li>{@code sliceWithTicks}: a whole 30 ms slice of scheduler work: the three {@code csched_tick}s and
 *   the {@code csched_acct} that fall in it, then {@code csched_schedule}.</li>
 * </ul>
 * A minimal host stands in for {@code schedule.c}: it keeps the current vcpu, fires due ac_timers and
 * does the framework's switch bookkeeping; tracing charges nothing.
 */
public class CreditScheduleBench extends HotPathBenchmark {
    private static final long TSLICE = 30_000_000L;

    @Param({"8", "64"})
    public int vcpus;

    private BenchHost host;
    private CreditScheduler credit;
    private final TaskSlice slice = new TaskSlice();
    private long now;

    @Setup
    public void setUp() {
        host = new BenchHost();
        credit = new CreditScheduler();
        credit.init(host, SchedParams.NONE);
        credit.addVcpu(host.idle);
        for (int id = 1; id <= vcpus; id++) {
            Domain domain = new Domain(id, "d" + id);
            Vcpu vcpu = domain.addVcpu(0, 1);
            credit.addVcpu(vcpu);
            credit.adjustDomain(domain, new SchedParams(Map.of("weight", 128L + id)));
            credit.wake(vcpu);
        }
        // Every vcpu runs at a few ticks and joins the active list before measuring.
        for (int i = 0; i < 20 * vcpus; i++) {
            sliceWithTicks();
        }
    }

    @Benchmark
    public Vcpu doSchedule() {
        now += TSLICE;
        return host.schedule(credit, now, slice);
    }

    @Benchmark
    public Vcpu sliceWithTicks() {
        now += TSLICE;
        host.fireTimers(now);
        return host.schedule(credit, now, slice);
    }

    /** One pCPU's worth of {@code schedule.c}: current vcpu, ac_timers, switch bookkeeping. */
    private static final class BenchHost implements SchedulerHost {

        final Vcpu idle = new Domain(Domain.IDLE_DOMAIN_ID, "idle").addVcpu(0, 1);
        private final AcTimerHeap timers = new AcTimerHeap();
        private Vcpu current = idle;
        private long now;

        Vcpu schedule(CreditScheduler scheduler, long now, TaskSlice slice) {
            this.now = now;
            Vcpu prev = current;
            prev.addCpuTime(now - prev.lastSchedTime());
            scheduler.doSchedule(0, now, slice);
            Vcpu next = slice.task();
            current = next;
            next.setLastSchedTime(now);
            if (next != prev) {
                prev.setRunning(false);
                next.setRunning(true);
            }
            return next;
        }

        void fireTimers(long now) {
            this.now = now;
            for (AcTimer top = timers.top(); top != null && top.expires() <= now; top = timers.top()) {
                timers.remove(top);
                top.function().expire(0, top.expires());
            }
        }

        @Override
        public int cpuCount() {
            return 1;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public Vcpu idleVcpu(int cpu) {
            return idle;
        }

        @Override
        public Vcpu current(int cpu) {
            return current;
        }

        @Override
        public void raiseScheduleSoftirq(int cpu) {
            // The benchmark schedules at every slice end anyway.
        }

        @Override
        public void addTimer(AcTimer timer, long expires) {
            timers.add(timer, expires);
        }

        @Override
        public void removeTimer(AcTimer timer) {
            timers.remove(timer);
        }

        @Override
        public void modifyTimer(AcTimer timer, long expires) {
            timers.remove(timer);
            addTimer(timer, expires);
        }

        @Override
        public AcTimer scheduleTimer(int cpu) {
            throw new UnsupportedOperationException("credit never reads s_timer");
        }

        @Override
        public <F extends Enum<F> & TracedFunction> PluginFunctions<F> functions(Class<F> type) {
            return PluginFunctions.none();
        }
    }
}
