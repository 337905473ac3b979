package dev.xenolith.cli;

import dev.xenolith.cli.image.DomainSpec;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.NativeHardware;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hypervisor: none}: the guest kernel boots on the bare machine and owns it. The image's one domain
 * is the kernel: its {@code kernel:} settings and tasks become the kernel's configuration, and its vcpus are
 * the machine's CPUs, so a vcpu's CPU time is its CPU's busy time.
 */
final class NativeLinux implements BootedSystem {
    /** {@code LOCAL_TIMER_VECTOR}, the lapic tick's vector in 2.6.25. */
    private static final int LOCAL_TIMER_VECTOR = 0xEF;
    /** {@code RESCHEDULE_VECTOR}: the IPI that {@code smp_send_reschedule} sends. */
    private static final int RESCHEDULE_VECTOR = 0xFC;

    private DomainSpec domain;
    private Linux linux;

    @Override
    public void install(Machine machine, PcBoard board, Scenario scenario) {
        domain = scenario.domains().get(0);
        linux = Linux.nativeBoot(machine, GuestKernel.config(domain, scenario.run().seed()),
                hardware(scenario.machine()));
        machine.cpu(0).powerOn(linux.bootContext());
    }

    @Override
    public int timerVector() {
        return LOCAL_TIMER_VECTOR;
    }

    /** The two APIC vectors under the names {@code /proc/interrupts} gives them; device IRQs by their stubs. */
    @Override
    public String interruptName(int vector, Gate gate) {
        return switch (vector) {
            case LOCAL_TIMER_VECTOR -> "LOC";
            case RESCHEDULE_VECTOR -> "RES";
            default -> BootedSystem.super.interruptName(vector, gate);
        };
    }

    @Override
    public long contextSwitches(Cpu cpu) {
        return linux.contextSwitches(cpu.id());
    }

    /** The kernel as one domain, id 0, whose CPU time is its tasks'. */
    @Override
    public List<RunStats.DomainStats> domains(List<RunStats.CpuStats> cpus) {
        List<RunStats.VcpuStats> vcpus = new ArrayList<>();
        for (RunStats.CpuStats cpu : cpus) {
            vcpus.add(new RunStats.VcpuStats(cpu.id(), cpu.busyNs()));
        }
        List<RunStats.TaskStats> tasks = GuestKernel.tasks(domain, linux);
        long cpuNs = 0;
        for (RunStats.TaskStats task : tasks) {
            cpuNs += task.cpuNs();
        }
        return List.of(new RunStats.DomainStats(domain.name(), 0, cpuNs, vcpus, tasks));
    }

    private static NativeHardware hardware(MachineSpec machine) {
        return new NativeHardware(machine.com1Baud(), machine.i8042());
    }
}
