package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A plain per-CPU round robin for framework tests, independent of the real plug-ins. */
final class TestScheduler implements Scheduler {
    private final long slice;
    private final List<ArrayDeque<Vcpu>> queues = new ArrayList<>();
    private SchedulerHost host;

    TestScheduler(long slice) {
        this.slice = slice;
    }

    @Override
    public String name() {
        return "Test round robin";
    }

    @Override
    public String optName() {
        return "test";
    }

    @Override
    public int schedId() {
        return 99;
    }

    @Override
    public void init(SchedulerHost host, SchedParams params) {
        this.host = host;
        for (int i = 0; i < host.cpuCount(); i++) {
            queues.add(new ArrayDeque<>());
        }
    }

    @Override
    public Set<String> domainParamNames() {
        return Set.of();
    }

    @Override
    public Set<String> globalParamNames() {
        return Set.of();
    }

    @Override
    public void addVcpu(Vcpu vcpu) {
    }

    @Override
    public void removeVcpu(Vcpu vcpu) {
        queues.get(vcpu.processor()).remove(vcpu);
    }

    @Override
    public void adjustDomain(Domain domain, SchedParams params) {
    }

    @Override
    public void sleep(Vcpu vcpu) {
        if (vcpu.isRunning()) {
            host.raiseScheduleSoftirq(vcpu.processor());
        } else {
            queues.get(vcpu.processor()).remove(vcpu);
        }
    }

    @Override
    public void wake(Vcpu vcpu) {
        ArrayDeque<Vcpu> queue = queues.get(vcpu.processor());
        if (!vcpu.isRunning() && !queue.contains(vcpu)) {
            queue.addLast(vcpu);
            if (host.isIdle(vcpu.processor())) {
                host.raiseScheduleSoftirq(vcpu.processor());
            }
        }
    }

    @Override
    public void doSchedule(int cpu, long now, TaskSlice out) {
        Vcpu prev = host.current(cpu);
        ArrayDeque<Vcpu> queue = queues.get(cpu);
        if (!prev.isIdle() && prev.isRunnable()) {
            queue.addLast(prev);
        }
        Vcpu next = queue.pollFirst();
        out.set(next == null ? host.idleVcpu(cpu) : next, slice);
    }

    @Override
    public void dump(StringBuilder out) {
        out.append(queues);
    }
}
