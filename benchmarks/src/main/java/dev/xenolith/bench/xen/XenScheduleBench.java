package dev.xenolith.bench.xen;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.hypervisor.XenFunction;
import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.PluginFunctions;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import dev.xenolith.hypervisor.sched.bvt.BvtScheduler;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.hypervisor.sched.rrobin.RoundRobinScheduler;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.hypervisor.timer.AcTimerHeap;
import dev.xenolith.machine.trace.TracedFunction;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Xen's three schedulers' decision path with 8 and 64 CPU-bound vcpus queued on one pCPU, in steady state
 * (the run queue full, every vcpu runnable, nothing allocated), absolute: there is no {@code java.util}
 * counterpart to a scheduling decision. Time moves on by the slice the previous decision returned, so every
 * call is the {@code do_schedule} that the expiry of {@code s_timer} leads to.
 *
 * <ul>
 *   <li>{@code doSchedule}: one {@code do_schedule} at a slice end: credit's {@code csched_schedule} (burn
 *   the runner's credits, queue it by priority, take the head), BVT's {@code bvt_do_schedule} (charge the
 *   runner's virtual time, scan the run queue for the lowest and the runner-up), round robin's
 *   {@code rr_do_schedule} (rotate the queue). No ac_timers fire, so credit's priorities stay as the warm-up
 *   left them.</li>
 *   <li>{@code sliceWithTicks}: the same with the ac_timers that fall in the slice fired first: for credit the
 *   {@code csched_tick}s and the {@code csched_acct} of its 30 ms; BVT (without warp) and round robin arm no
 *   timers, so for them it is {@code doSchedule} again.</li>
 * </ul>
 * Domains get distinct weights: credit's {@code weight} 129..192, BVT's {@code mcu_advance} 10..17 (a vcpu's
 * virtual time runs that many times faster than real time); round robin has no parameters. A minimal host
 * stands in for {@code schedule.c}: it keeps the current vcpu and {@code s_timer}, fires due ac_timers and does
 * the framework's switch bookkeeping; tracing charges nothing.
 */
public class XenScheduleBench extends HotPathBenchmark {
    @Param({"credit", "bvt", "rrobin"})
    public String scheduler;

    @Param({"8", "64"})
    public int vcpus;

    private BenchHost host;
    private Scheduler plugin;
    private final TaskSlice slice = new TaskSlice();
    private long now;

    @Setup
    public void setUp() {
        host = new BenchHost();
        plugin = switch (scheduler) {
            case "credit" -> new CreditScheduler();
            case "bvt" -> new BvtScheduler();
            case "rrobin" -> new RoundRobinScheduler();
            default -> throw new IllegalArgumentException(scheduler);
        };
        plugin.init(host, SchedParams.NONE);
        plugin.addVcpu(host.idle);
        for (int id = 1; id <= vcpus; id++) {
            Domain domain = new Domain(id, "d" + id);
            Vcpu vcpu = domain.addVcpu(0, 1);
            plugin.addVcpu(vcpu);
            plugin.adjustDomain(domain, domainParams(id));
            plugin.wake(vcpu);
        }
        // Every vcpu runs at a few ticks (credit's join the active list) before measuring.
        host.schedule(plugin, now, slice);
        for (int i = 0; i < 20 * vcpus; i++) {
            sliceWithTicks();
        }
    }

    private SchedParams domainParams(int id) {
        return switch (scheduler) {
            case "credit" -> new SchedParams(Map.of("weight", 128L + id));
            case "bvt" -> new SchedParams(Map.of("mcu_advance", 10L + id % 8));
            default -> SchedParams.NONE;
        };
    }

    @Benchmark
    public Vcpu doSchedule() {
        now += slice.time();
        return host.schedule(plugin, now, slice);
    }

    @Benchmark
    public Vcpu sliceWithTicks() {
        now += slice.time();
        host.fireTimers(now);
        return host.schedule(plugin, now, slice);
    }

    /** One pCPU's worth of {@code schedule.c}: current vcpu, ac_timers, switch bookkeeping. */
    private static final class BenchHost implements SchedulerHost {

        final Vcpu idle = new Domain(Domain.IDLE_DOMAIN_ID, "idle").addVcpu(0, 1);
        private final AcTimerHeap timers = new AcTimerHeap();
        /** {@code s_timer}, which BVT pulls earlier on a wake-up; nothing arms it here, nor traces it. */
        private final AcTimer sTimer = new AcTimer(XenFunction.S_TIMER_FN, 0, (cpu, expires) -> { });
        private Vcpu current = idle;
        private long now;

        /** {@code __enter_scheduler} without the timer re-arm: the decision's slice is the caller's next step. */
        Vcpu schedule(Scheduler scheduler, long now, TaskSlice slice) {
            this.now = now;
            Vcpu prev = current;
            prev.addCpuTime(now - prev.lastSchedTime());
            scheduler.doSchedule(0, now, slice);
            if (slice.time() <= 0) {
                throw new IllegalStateException(scheduler.optName() + " gave no slice with vcpus runnable");
            }
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
            return sTimer;
        }

        @Override
        public <F extends Enum<F> & TracedFunction> PluginFunctions<F> functions(Class<F> type) {
            return PluginFunctions.none();
        }
    }
}
