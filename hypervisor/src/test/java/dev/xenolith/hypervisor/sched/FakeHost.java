package dev.xenolith.hypervisor.sched;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.hypervisor.timer.AcTimerHeap;
import dev.xenolith.machine.trace.TracedFunction;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic stand-in for {@code schedule.c} and the CPUs under a scheduler plug-in, with the
 * framework's semantics as the plug-in API describes them, and nothing of a real CPU:
 *
 * <ul>
 *   <li>Time is system time in ns and only moves forward. Each CPU has an ac_timer heap (the real
 *   {@link AcTimerHeap}) and its {@code s_timer}, whose function raises SCHEDULE_SOFTIRQ. Due timers fire
 *   at their exact expiry (no 50 us slop), CPU by CPU; then every CPU with the softirq pending runs
 *   {@code __enter_scheduler} at the same instant (an IPI costs nothing here).</li>
 *   <li>{@code __enter_scheduler}: remove {@code s_timer}; call {@code block} if prev blocked; charge prev
 *   {@code now - lastSchedTime}; {@code doSchedule}; make next current with {@code lastSchedTime = now};
 *   arm {@code s_timer} at {@code now + time} unless the time is negative; clear prev's running flag and
 *   set next's processor and running flag. prev is still flagged running during {@code doSchedule}.</li>
 *   <li>Vcpus are CPU-bound unless made {@linkplain #bursty bursty}: such a vcpu blocks after running
 *   {@code burst} ns of CPU (the framework's {@code do_block}: flag, then reschedule at once) and is woken
 *   {@code sleep} ns later through the plug-in's {@code wake}.</li>
 * </ul>
 * Every switch decision is recorded, and so are the plug-in's traced functions (as "cpuN symbol").
 */
public final class FakeHost implements SchedulerHost {
    /** The framework's own traced function, for the {@code s_timer}. */
    enum FrameworkFunction implements TracedFunction {
        S_TIMER_FN;

        @Override
        public String costName() {
            return "s_timer_fn";
        }

        @Override
        public long defaultCycles() {
            return 0;
        }
    }

    /** One {@code __enter_scheduler} decision: at {@code time} {@code cpu} switched (or not) to next. */
    public record Switch(long time, int cpu, Vcpu prev, Vcpu next, long slice) {
    }

    /** A scripted action at a time. */
    private record Action(long time, Runnable action) {
    }

    /** A vcpu that runs {@code burst} ns, then blocks for {@code sleep} ns, over and over. */
    private static final class Burst {
        final long burst;
        final long sleep;
        long remaining;
        long wokenAt = -1;
        final List<Long> latencies = new ArrayList<>();

        Burst(long burst, long sleep) {
            this.burst = burst;
            this.sleep = sleep;
            this.remaining = burst;
        }
    }

    private final int cpus;
    private final Vcpu[] idle;
    private final Vcpu[] current;
    private final boolean[] softirq;
    private final AcTimerHeap[] heaps;
    private final AcTimer[] sTimers;
    private final TaskSlice slice = new TaskSlice();
    private final List<Switch> switches = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final Map<Vcpu, Burst> bursts = new IdentityHashMap<>();
    private final List<Domain> domains = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private Scheduler scheduler;
    private long now;
    private boolean recording = true;

    public FakeHost(int cpus) {
        this.cpus = cpus;
        this.idle = new Vcpu[cpus];
        this.current = new Vcpu[cpus];
        this.softirq = new boolean[cpus];
        this.heaps = new AcTimerHeap[cpus];
        this.sTimers = new AcTimer[cpus];
        Domain idleDomain = new Domain(Domain.IDLE_DOMAIN_ID, "idle");
        for (int cpu = 0; cpu < cpus; cpu++) {
            idle[cpu] = idleDomain.addVcpu(cpu, cpus);
            current[cpu] = idle[cpu];
            heaps[cpu] = new AcTimerHeap();
            sTimers[cpu] = new AcTimer(FrameworkFunction.S_TIMER_FN, cpu, (c, t) -> raiseScheduleSoftirq(c));
        }
    }

    /** {@code scheduler_init}: the plug-in's {@code init} with global parameters, then the idle vcpus. */
    public FakeHost boot(Scheduler plugin, SchedParams params) {
        this.scheduler = plugin;
        plugin.init(this, params);
        for (int cpu = 0; cpu < cpus; cpu++) {
            plugin.addVcpu(idle[cpu]);
            idle[cpu].setRunning(true);
        }
        return this;
    }

    /** {@code schedulers_start}: every CPU enters the scheduler once. */
    public void schedulersStart() {
        for (int cpu = 0; cpu < cpus; cpu++) {
            raiseScheduleSoftirq(cpu);
        }
        drainSoftirqs();
    }

    /** A new domain with one vcpu per entry of {@code processors}, each added to the plug-in. */
    public Domain domain(int id, int... processors) {
        Domain domain = new Domain(id, "d" + id);
        for (int processor : processors) {
            scheduler.addVcpu(domain.addVcpu(processor, cpus));
        }
        domains.add(domain);
        return domain;
    }

    /** The framework's {@code adjdom}. */
    public void adjust(Domain domain, Map<String, Long> params) {
        scheduler.adjustDomain(domain, new SchedParams(params));
    }

    /** {@code domain_wake} (also the first wake after creation); the raised softirqs run at once. */
    public void wake(Vcpu vcpu) {
        wakeInOnePath(vcpu);
    }

    /** Wakes the vcpus within one kernel path: the softirqs they raise run only after the last wake. */
    public void wakeInOnePath(Vcpu... vcpus) {
        for (Vcpu vcpu : vcpus) {
            vcpu.setBlocked(false);
            Burst burst = bursts.get(vcpu);
            if (burst != null) {
                burst.wokenAt = now;
            }
            if (vcpu.isRunnable()) {
                scheduler.wake(vcpu);
            }
        }
        drainSoftirqs();
    }

    /** Wakes every vcpu of the domains, in order, each in its own path. */
    public void wakeAll(Domain... ds) {
        for (Domain d : ds) {
            for (Vcpu v : d.vcpus()) {
                wake(v);
            }
        }
    }

    /** {@code domain_sleep} after making the vcpu unrunnable (paused). */
    public void pause(Vcpu vcpu) {
        vcpu.setPaused(true);
        scheduler.sleep(vcpu);
        drainSoftirqs();
    }

    /** {@code sched_op(yield)}: the yield hook, then {@code __enter_scheduler} on its CPU. */
    public void yield(Vcpu vcpu) {
        scheduler.yield(vcpu);
        enterScheduler(vcpu.processor());
        drainSoftirqs();
    }

    /** Makes {@code vcpu} run {@code burst} ns of CPU, block for {@code sleep} ns, and so on. */
    public void bursty(Vcpu vcpu, long burst, long sleep) {
        bursts.put(vcpu, new Burst(burst, sleep));
    }

    /** Runs {@code action} at time {@code time} (actions at one time run in the order given). */
    public void at(long time, Runnable action) {
        int i = actions.size();
        while (i > 0 && actions.get(i - 1).time() > time) {
            i--;
        }
        actions.add(i, new Action(time, action));
    }

    /** Advances time to {@code end}, firing timers and running blocks, wakes and actions on the way. */
    public void runUntil(long end) {
        for (long t = nextEventTime(); t <= end; t = nextEventTime()) {
            now = Math.max(now, t);
            runActions();
            runBlocks();
            fireTimers();
            drainSoftirqs();
        }
        now = end;
    }

    /**
     * Runs to {@code end} without recording switches or calls, in five equal stretches, and returns the
     * fewest bytes this thread allocated in one stretch (HotSpot's per-thread counter): with CPU-bound
     * vcpus the loop itself allocates nothing, so this is what the plug-in's hooks and timer functions
     * allocate. A recompilation in a shared test JVM may allocate once; a real per-slice allocation shows
     * in every stretch, so the quietest must be zero.
     */
    public long allocatedBytesRunningUntil(long end) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        recording = false;
        long start = now;
        long quietest = Long.MAX_VALUE;
        for (int stretch = 1; stretch <= 5; stretch++) {
            long before = threads.getThreadAllocatedBytes(thread);
            runUntil(start + (end - start) * stretch / 5);
            long after = threads.getThreadAllocatedBytes(thread);
            long baseline = threads.getThreadAllocatedBytes(thread) - after;
            quietest = Math.min(quietest, after - before - baseline);
        }
        recording = true;
        return quietest;
    }

    // ---- SchedulerHost ----

    @Override
    public int cpuCount() {
        return cpus;
    }

    @Override
    public Vcpu idleVcpu(int cpu) {
        return idle[cpu];
    }

    @Override
    public Vcpu current(int cpu) {
        return current[cpu];
    }

    @Override
    public void raiseScheduleSoftirq(int cpu) {
        softirq[cpu] = true;
    }

    @Override
    public void addTimer(AcTimer timer, long expires) {
        heaps[timer.cpu()].add(timer, expires);
    }

    @Override
    public void removeTimer(AcTimer timer) {
        heaps[timer.cpu()].remove(timer);
    }

    @Override
    public void modifyTimer(AcTimer timer, long expires) {
        removeTimer(timer);
        addTimer(timer, expires);
    }

    @Override
    public AcTimer scheduleTimer(int cpu) {
        return sTimers[cpu];
    }

    @Override
    public <F extends Enum<F> & TracedFunction> PluginFunctions<F> functions(Class<F> type) {
        return new PluginFunctions<>() {
            @Override
            public void enter(int cpu, F function) {
                if (recording) {
                    calls.add("cpu" + cpu + " " + function.symbol());
                }
            }

            @Override
            public void exit(int cpu, F function) {
            }
        };
    }

    // ---- what tests read ----

    public long now() {
        return now;
    }

    public List<Switch> switches() {
        return switches;
    }

    /** The traced plug-in functions entered so far, as "cpuN symbol". */
    public List<String> calls() {
        return calls;
    }

    /** CPU time of {@code vcpu} up to now, including the part of a slice still running. */
    public long cpuTime(Vcpu vcpu) {
        long running = vcpu.isRunning() && current[vcpu.processor()] == vcpu ? now - vcpu.lastSchedTime() : 0;
        return vcpu.cpuTime() + running;
    }

    /** Wake-to-run latencies of a bursty vcpu, ns, in order. */
    public List<Long> latencies(Vcpu vcpu) {
        return bursts.get(vcpu).latencies;
    }

    /** The times at which {@code vcpu} was switched in (on any CPU). */
    public List<Long> switchIns(Vcpu vcpu) {
        List<Long> times = new ArrayList<>();
        for (Switch s : switches) {
            if (s.next() == vcpu && s.prev() != vcpu) {
                times.add(s.time());
            }
        }
        return times;
    }

    public boolean isArmed(AcTimer timer) {
        return timer.isActive();
    }

    // ---- the framework ----

    private void enterScheduler(int cpu) {
        softirq[cpu] = false;
        removeTimer(sTimers[cpu]);
        Vcpu prev = current[cpu];
        if (prev.isBlocked()) {
            scheduler.block(prev);
        }
        long ran = now - prev.lastSchedTime();
        prev.addCpuTime(ran);
        Burst burst = bursts.get(prev);
        if (burst != null) {
            burst.remaining -= ran;
        }
        scheduler.doSchedule(cpu, now, slice);
        Vcpu next = slice.task();
        current[cpu] = next;
        next.setLastSchedTime(now);
        if (slice.time() >= 0) {
            addTimer(sTimers[cpu], now + slice.time());
        }
        if (next != prev) {
            prev.setRunning(false);
            noteSwitchIn(next);
        }
        next.setProcessor(cpu);
        next.setRunning(true);
        if (recording) {
            switches.add(new Switch(now, cpu, prev, next, slice.time()));
        }
    }

    private void noteSwitchIn(Vcpu next) {
        Burst burst = bursts.get(next);
        if (burst != null && burst.wokenAt >= 0) {
            burst.latencies.add(now - burst.wokenAt);
            burst.wokenAt = -1;
        }
    }

    private void drainSoftirqs() {
        for (boolean any = true; any; ) {
            any = false;
            for (int cpu = 0; cpu < cpus; cpu++) {
                if (softirq[cpu]) {
                    enterScheduler(cpu);
                    any = true;
                }
            }
        }
    }

    private long nextEventTime() {
        long t = actions.isEmpty() ? Long.MAX_VALUE : actions.get(0).time();
        for (int cpu = 0; cpu < cpus; cpu++) {
            AcTimer top = heaps[cpu].top();
            if (top != null) {
                t = Math.min(t, top.expires());
            }
            t = Math.min(t, blockTime(cpu));
        }
        return t;
    }

    /** When the bursty vcpu running on {@code cpu} blocks, or never. */
    private long blockTime(int cpu) {
        Burst burst = bursts.get(current[cpu]);
        return burst == null ? Long.MAX_VALUE : current[cpu].lastSchedTime() + burst.remaining;
    }

    private void runActions() {
        while (!actions.isEmpty() && actions.get(0).time() <= now) {
            actions.remove(0).action().run();
        }
    }

    private void runBlocks() {
        for (int cpu = 0; cpu < cpus; cpu++) {
            if (blockTime(cpu) <= now) {
                Vcpu vcpu = current[cpu];
                Burst burst = bursts.get(vcpu);
                vcpu.setBlocked(true);
                enterScheduler(cpu);
                burst.remaining = burst.burst;
                at(now + burst.sleep, () -> wake(vcpu));
            }
        }
    }

    private void fireTimers() {
        for (int cpu = 0; cpu < cpus; cpu++) {
            for (AcTimer top = heaps[cpu].top(); top != null && top.expires() <= now; top = heaps[cpu].top()) {
                heaps[cpu].remove(top);
                top.function().expire(cpu, now);
            }
        }
    }
}
