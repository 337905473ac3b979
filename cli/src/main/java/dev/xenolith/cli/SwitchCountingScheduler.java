package dev.xenolith.cli;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import java.util.Set;

/**
 * A scheduler plug-in that counts the vcpu switches its decisions cause on each physical CPU, for the
 * statistics' {@code context_switches}: Xen exports no such count. {@code __enter_scheduler} switches exactly
 * when {@code do_schedule} picks a vcpu other than the CPU's current one, so counting those decisions counts
 * the switches, without tracing. Every hook is passed on unchanged, so the plug-in decides as it would alone.
 */
final class SwitchCountingScheduler implements Scheduler {
    private final Scheduler plugin;
    private SchedulerHost host;
    private long[] switches;

    SwitchCountingScheduler(Scheduler plugin) {
        this.plugin = plugin;
    }

    /** Vcpu switches on physical CPU {@code cpu} so far. */
    long switches(int cpu) {
        return switches[cpu];
    }

    @Override
    public void doSchedule(int cpu, long now, TaskSlice out) {
        plugin.doSchedule(cpu, now, out);
        if (out.task() != host.current(cpu)) {
            switches[cpu]++;
        }
    }

    @Override
    public void init(SchedulerHost host, SchedParams params) {
        this.host = host;
        this.switches = new long[host.cpuCount()];
        plugin.init(host, params);
    }

    @Override
    public String name() {
        return plugin.name();
    }

    @Override
    public String optName() {
        return plugin.optName();
    }

    @Override
    public int schedId() {
        return plugin.schedId();
    }

    @Override
    public Set<String> domainParamNames() {
        return plugin.domainParamNames();
    }

    @Override
    public Set<String> globalParamNames() {
        return plugin.globalParamNames();
    }

    @Override
    public void addVcpu(Vcpu vcpu) {
        plugin.addVcpu(vcpu);
    }

    @Override
    public void removeVcpu(Vcpu vcpu) {
        plugin.removeVcpu(vcpu);
    }

    @Override
    public void adjustDomain(Domain domain, SchedParams params) {
        plugin.adjustDomain(domain, params);
    }

    @Override
    public void sleep(Vcpu vcpu) {
        plugin.sleep(vcpu);
    }

    @Override
    public void wake(Vcpu vcpu) {
        plugin.wake(vcpu);
    }

    @Override
    public void block(Vcpu vcpu) {
        plugin.block(vcpu);
    }

    @Override
    public void yield(Vcpu vcpu) {
        plugin.yield(vcpu);
    }

    @Override
    public void dump(StringBuilder out) {
        plugin.dump(out);
    }
}
