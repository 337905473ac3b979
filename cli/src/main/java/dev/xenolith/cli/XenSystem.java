package dev.xenolith.cli;

import dev.xenolith.cli.image.DomainSpec;
import dev.xenolith.cli.image.HypervisorSpec;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.guest.Linux;
import dev.xenolith.hypervisor.DomainConfig;
import dev.xenolith.hypervisor.Xen;
import dev.xenolith.hypervisor.XenConfig;
import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.bvt.BvtScheduler;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.hypervisor.sched.rrobin.RoundRobinScheduler;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image with a hypervisor: Xen boots on the machine with the image's scheduler, and each domain runs the
 * guest kernel as a PV guest with the domain's kernel settings and tasks. Xen owns the devices; a domain has
 * none (the image reader rejects tasks that read or write one), and its console output reaches COM1 through
 * Xen's {@code console_io}, prefixed {@code (dN)}.
 */
final class XenSystem implements BootedSystem {
    /** Xen 2.0's {@code LOCAL_TIMER_VECTOR}: the local APIC timer that drives ac_timers. */
    private static final int LOCAL_TIMER_VECTOR = 0xEF;
    /** IRQ0 at {@code FIRST_EXTERNAL_VECTOR}: the PIT, which drives ac_timers without an APIC timer. */
    private static final int PIT_VECTOR = 0x30;

    private final List<Linux> guests = new ArrayList<>();
    private Machine machine;
    private boolean apicTimer;
    private List<DomainSpec> specs;
    private Xen xen;

    @Override
    public void install(Machine machine, PcBoard board, Scenario scenario) {
        this.machine = machine;
        this.apicTimer = scenario.machine().apicTimer();
        this.specs = scenario.domains();
        List<DomainConfig> domains = new ArrayList<>();
        for (DomainSpec domain : specs) {
            Linux guest = Linux.xenGuest(machine, GuestKernel.config(domain, scenario.run().seed()), domain.vcpus());
            guests.add(guest);
            domains.add(new DomainConfig(domain.name(), domain.vcpus(), pin(domain), schedParams(domain.sched()),
                    guest.pvKernel()));
        }
        HypervisorSpec hypervisor = scenario.hypervisor();
        MachineSpec spec = scenario.machine();
        xen = new Xen(machine, new XenConfig(plugin(hypervisor.scheduler()), schedParams(hypervisor.params()),
                spec.apicTimer(), spec.apicBusFrequencyHz(), spec.com1Baud() == null ? 0 : spec.com1Baud(), domains));
        machine.cpu(0).powerOn(xen.bootContext());
    }

    @Override
    public int timerVector() {
        return apicTimer ? LOCAL_TIMER_VECTOR : PIT_VECTOR;
    }

    @Override
    public long contextSwitches(Cpu cpu) {
        return xen.vcpuSwitches(cpu.id());
    }

    /**
     * Each domain with Xen's id: its CPU time is its vcpus' ({@code cpu_time}, which Xen adds up when it
     * deschedules a vcpu, so a vcpu still running at the end is credited with the time since it was last
     * scheduled in); its tasks are its guest kernel's. Xen builds the domains in image order at the end of its
     * boot; one not built when the run ended is left out, as a task not yet forked is.
     */
    @Override
    public List<RunStats.DomainStats> domains(List<RunStats.CpuStats> cpus) {
        long endNs = Picos.toNanos(machine.now());
        List<RunStats.DomainStats> domains = new ArrayList<>();
        for (int i = 0; i < xen.domains().size(); i++) {
            Domain domain = xen.domains().get(i);
            List<RunStats.VcpuStats> vcpus = new ArrayList<>();
            long cpuNs = 0;
            for (Vcpu vcpu : domain.vcpus()) {
                long ns = vcpu.cpuTime() + (vcpu.isRunning() ? Math.max(0, endNs - vcpu.lastSchedTime()) : 0);
                vcpus.add(new RunStats.VcpuStats(vcpu.id(), ns));
                cpuNs += ns;
            }
            domains.add(new RunStats.DomainStats(domain.name(), domain.id(), cpuNs, vcpus,
                    GuestKernel.tasks(specs.get(i), guests.get(i))));
        }
        return domains;
    }

    /** The plug-in {@code hypervisor.scheduler} names; the image reader accepts only these names. */
    static Scheduler plugin(String name) {
        return switch (name) {
            case "rrobin" -> new RoundRobinScheduler();
            case "bvt" -> new BvtScheduler();
            case "credit" -> new CreditScheduler();
            default -> throw new IllegalArgumentException("no scheduler plug-in named " + name);
        };
    }

    /** Parameters by the plug-ins' names (see {@link XenolithCatalog#xenName}). */
    private static SchedParams schedParams(Map<String, Long> imageParams) {
        Map<String, Long> params = new LinkedHashMap<>();
        imageParams.forEach((name, value) -> params.put(XenolithCatalog.xenName(name), value));
        return new SchedParams(params);
    }

    /** The physical CPUs the domain's vcpus may run on; empty for all. */
    private static BitSet pin(DomainSpec domain) {
        BitSet pin = new BitSet();
        domain.pin().forEach(pin::set);
        return pin;
    }
}
