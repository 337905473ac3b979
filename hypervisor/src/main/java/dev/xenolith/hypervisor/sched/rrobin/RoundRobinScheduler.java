package dev.xenolith.hypervisor.sched.rrobin;

import static dev.xenolith.hypervisor.sched.rrobin.RrFunction.RR_DO_SCHEDULE;
import static dev.xenolith.hypervisor.sched.rrobin.RrFunction.RR_SLEEP;
import static dev.xenolith.hypervisor.sched.rrobin.RrFunction.RR_WAKE;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.PluginFunctions;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Xen 2.0.4's round-robin scheduler ({@code xen/common/sched_rrobin.c}), which the 2.0 manual calls a
 * demonstration: one global slice, one FIFO run queue per physical CPU.
 *
 * <ul>
 *   <li>The running vcpu stays on its queue, at the head. {@code rr_do_schedule} unlinks prev and, if it
 *   is still runnable, appends it at the tail; the head runs next for {@code rr_slice}. An empty queue
 *   yields the CPU's idle vcpu (in Xen the idle domain's own list node is the queue head).</li>
 *   <li>{@code rr_wake} inserts at the <em>head</em> but preempts only an idle CPU: on a busy CPU the
 *   woken vcpu waits for the current slice to end and then runs next.</li>
 *   <li>{@code rr_sleep}: a running vcpu makes its CPU reschedule; a queued one is unlinked.</li>
 * </ul>
 *
 * <p>Parameters: global {@code rr_slice} (alias {@code slice}), ns, default 10 ms, 1 ns..2^31-1 ns (Xen's
 * {@code __enter_scheduler} truncates a slice to s32 ns); no per-domain parameters ({@code adjdom} is
 * absent in Xen). Vcpus are scheduled as 2.0 scheduled domains, on their own {@code processor}.
 */
public final class RoundRobinScheduler implements Scheduler {
    static final long DEFAULT_SLICE_NS = 10_000_000L;
    private static final String SLICE = "rr_slice";
    private static final String SLICE_ALIAS = "slice";

    private SchedulerHost host;
    private PluginFunctions<RrFunction> functions;
    private long slice = DEFAULT_SLICE_NS;
    /** Vcpus added so far: the queues are sized for them up front, so queueing allocates nothing. */
    private int tasks;
    /** Per CPU, the queued vcpus (idle excluded), head first. */
    private final List<ArrayList<RrTask>> runqueues = new ArrayList<>();

    /** {@code rrobin_dom_info}: a vcpu's place in the queues. */
    private static final class RrTask {
        final Vcpu vcpu;
        /** The CPU whose queue holds the vcpu, or -1 ({@code __task_on_runqueue} false). */
        int queuedOn = -1;

        RrTask(Vcpu vcpu) {
            this.vcpu = vcpu;
        }
    }

    @Override
    public String name() {
        return "Round-Robin Scheduler";
    }

    @Override
    public String optName() {
        return "rrobin";
    }

    @Override
    public int schedId() {
        return 3;
    }

    @Override
    public Set<String> domainParamNames() {
        return Set.of();
    }

    @Override
    public Set<String> globalParamNames() {
        return Set.of(SLICE, SLICE_ALIAS);
    }

    /** {@code rr_init_scheduler} and {@code rr_ctl}'s PUT: the slice in ns. */
    @Override
    public void init(SchedulerHost host, SchedParams params) {
        for (String name : params.values().keySet()) {
            if (!globalParamNames().contains(name)) {
                throw new IllegalArgumentException("rrobin: unknown parameter " + name);
            }
        }
        if (params.has(SLICE) && params.has(SLICE_ALIAS)) {
            throw new IllegalArgumentException("rrobin: give either rr_slice or slice, not both");
        }
        long ns = params.get(SLICE, params.get(SLICE_ALIAS, DEFAULT_SLICE_NS));
        if (ns <= 0 || ns > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rrobin: rr_slice must be 1.." + Integer.MAX_VALUE + " ns: " + ns);
        }
        this.host = host;
        this.functions = host.functions(RrFunction.class);
        this.slice = ns;
        runqueues.clear();
        for (int cpu = 0; cpu < host.cpuCount(); cpu++) {
            runqueues.add(new ArrayList<>());
        }
    }

    @Override
    public void addVcpu(Vcpu vcpu) {
        vcpu.setSchedPriv(new RrTask(vcpu));
        tasks++;
        for (ArrayList<RrTask> queue : runqueues) {
            queue.ensureCapacity(tasks);
        }
    }

    @Override
    public void removeVcpu(Vcpu vcpu) {
        unlink(task(vcpu));
        vcpu.setSchedPriv(null);
    }

    @Override
    public void adjustDomain(Domain domain, SchedParams params) {
        if (!params.values().isEmpty()) {
            throw new IllegalArgumentException("rrobin has no per-domain parameters: " + params.values().keySet());
        }
    }

    @Override
    public void sleep(Vcpu vcpu) {
        int cpu = vcpu.processor();
        functions.enter(cpu, RR_SLEEP);
        if (vcpu.isRunning()) {
            host.raiseScheduleSoftirq(cpu);
        } else {
            unlink(task(vcpu));
        }
        functions.exit(cpu, RR_SLEEP);
    }

    @Override
    public void wake(Vcpu vcpu) {
        int cpu = vcpu.processor();
        functions.enter(cpu, RR_WAKE);
        RrTask task = task(vcpu);
        if (task.queuedOn < 0) {
            runqueues.get(cpu).add(0, task);
            task.queuedOn = cpu;
            // Only an idle CPU is preempted: a busy one finishes its slice, then runs the head.
            if (host.isIdle(cpu)) {
                host.raiseScheduleSoftirq(cpu);
            }
        }
        functions.exit(cpu, RR_WAKE);
    }

    @Override
    public void doSchedule(int cpu, long now, TaskSlice out) {
        functions.enter(cpu, RR_DO_SCHEDULE);
        Vcpu prev = host.current(cpu);
        List<RrTask> queue = runqueues.get(cpu);
        if (!prev.isIdle()) {
            RrTask task = task(prev);
            unlink(task);
            if (prev.isRunnable()) {
                queue.add(task);
                task.queuedOn = cpu;
            }
        }
        out.set(queue.isEmpty() ? host.idleVcpu(cpu) : queue.get(0).vcpu, slice);
        functions.exit(cpu, RR_DO_SCHEDULE);
    }

    @Override
    public void dump(StringBuilder out) {
        out.append("Scheduler: ").append(name()).append(" (").append(optName()).append(")\n");
        out.append("rr_slice = ").append(slice).append('\n');
        for (int cpu = 0; cpu < runqueues.size(); cpu++) {
            out.append("CPU[").append(cpu).append("] QUEUE");
            for (RrTask task : runqueues.get(cpu)) {
                out.append(' ').append(task.vcpu).append(" has=").append(task.vcpu.isRunning() ? 'T' : 'F')
                        .append(" c=").append(task.vcpu.cpuTime());
            }
            out.append('\n');
        }
    }

    /** The queue of {@code cpu}, head first; for tests. */
    List<Vcpu> queue(int cpu) {
        List<Vcpu> vcpus = new ArrayList<>();
        for (RrTask task : runqueues.get(cpu)) {
            vcpus.add(task.vcpu);
        }
        return vcpus;
    }

    long slice() {
        return slice;
    }

    private void unlink(RrTask task) {
        if (task.queuedOn >= 0) {
            runqueues.get(task.queuedOn).remove(task);
            task.queuedOn = -1;
        }
    }

    private static RrTask task(Vcpu vcpu) {
        return (RrTask) vcpu.schedPriv();
    }
}
