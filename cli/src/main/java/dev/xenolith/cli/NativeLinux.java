package dev.xenolith.cli;

import dev.xenolith.cli.image.DomainSpec;
import dev.xenolith.cli.image.Duration;
import dev.xenolith.cli.image.KernelSpec;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.image.Step;
import dev.xenolith.cli.image.TaskSpec;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.NativeHardware;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.sched.LatencyHistogram;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
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
        linux = Linux.nativeBoot(machine, kernelConfig(domain, scenario.run().seed()), hardware(scenario.machine()));
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

    /**
     * The kernel as one domain, id 0. Tasks are listed as the image lists them; a task whose {@code start}
     * lies after the end of the run was never forked, so it has no pid and is left out.
     */
    @Override
    public List<RunStats.DomainStats> domains(List<RunStats.CpuStats> cpus) {
        List<RunStats.VcpuStats> vcpus = new ArrayList<>();
        for (RunStats.CpuStats cpu : cpus) {
            vcpus.add(new RunStats.VcpuStats(cpu.id(), cpu.busyNs()));
        }
        List<RunStats.TaskStats> tasks = new ArrayList<>();
        long cpuNs = 0;
        for (TaskSpec spec : domain.tasks()) {
            for (Task task : linux.tasks()) {
                if (task.comm().equals(spec.name())) {
                    tasks.add(taskStats(task));
                    cpuNs += task.runtimeNs();
                }
            }
        }
        return List.of(new RunStats.DomainStats(domain.name(), 0, cpuNs, vcpus, tasks));
    }

    private static RunStats.TaskStats taskStats(Task task) {
        LatencyHistogram latency = task.wakeupLatency();
        return new RunStats.TaskStats(task.comm(), task.pid(),
                dev.xenolith.cli.image.Policy.valueOf(task.policy().name()).imageName(),
                task.nice(), task.runtimeNs(), task.voluntarySwitches(), task.involuntarySwitches(),
                new RunStats.Latency(latency.count(), latency.percentile(0.5), latency.percentile(0.99),
                        latency.max()));
    }

    private static NativeHardware hardware(MachineSpec machine) {
        return new NativeHardware(machine.com1Baud(), machine.i8042());
    }

    private static KernelConfig kernelConfig(DomainSpec domain, long seed) {
        KernelSpec kernel = domain.kernel();
        List<TaskConfig> tasks = new ArrayList<>();
        for (TaskSpec task : domain.tasks()) {
            tasks.add(new TaskConfig(task.name(), policy(task.policy()), task.priority(), task.nice(), task.cpus(),
                    task.startPicos(), program(task.program())));
        }
        return new KernelConfig(kernel.hz(), kernel.nohz(), kernel.highres(), kernel.preempt(), seed, tasks);
    }

    /**
     * The steps as system calls. A program that can reach its end (a last step other than {@code loop} forever
     * or {@code exit}) ends with {@code exit}, as a C program's {@code main} returning does: the kernel's
     * interpreter stops the machine if a task runs past its last step.
     */
    private static List<Op> program(List<Step> steps) {
        List<Op> ops = new ArrayList<>();
        for (Step step : steps) {
            ops.add(op(step));
        }
        Op last = ops.get(ops.size() - 1);
        if (!(last instanceof Op.Exit) && !(last instanceof Op.Loop loop && loop.count() == Op.Loop.FOREVER)) {
            ops.add(new Op.Exit());
        }
        return ops;
    }

    private static Op op(Step step) {
        if (step instanceof Step.Compute compute) {
            return new Op.Compute(work(compute.min()), work(compute.max()));
        } else if (step instanceof Step.Kernel kernel) {
            return new Op.Kernel(work(kernel.work()));
        } else if (step instanceof Step.Read read) {
            return new Op.Read(read.device(), read.count());
        } else if (step instanceof Step.Write write) {
            return new Op.Write(write.device(), write.bytes());
        } else if (step instanceof Step.Sleep sleep) {
            return new Op.Sleep(sleep.picos());
        } else if (step instanceof Step.WaitPeriod period) {
            return new Op.WaitPeriod(period.periodPicos());
        } else if (step instanceof Step.Yield) {
            return new Op.Yield();
        } else if (step instanceof Step.SetScheduler set) {
            return new Op.SetScheduler(policy(set.policy()), set.priority());
        } else if (step instanceof Step.Nice nice) {
            return new Op.Nice(nice.nice());
        } else if (step instanceof Step.Loop loop) {
            return new Op.Loop(loop.isForever() ? Op.Loop.FOREVER : loop.count());
        } else if (step instanceof Step.Exit) {
            return new Op.Exit();
        }
        throw new IllegalArgumentException("no system call for step " + step);
    }

    private static Work work(Duration duration) {
        return new Work(duration.amount(), duration.inCycles());
    }

    /** The image's policy names are Linux's {@code SCHED_*} names, as the guest's enum spells them. */
    private static Policy policy(dev.xenolith.cli.image.Policy policy) {
        return Policy.valueOf(policy.name());
    }
}
