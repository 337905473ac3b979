package dev.xenolith.cli;

import dev.xenolith.cli.image.DomainSpec;
import dev.xenolith.cli.image.Duration;
import dev.xenolith.cli.image.KernelSpec;
import dev.xenolith.cli.image.Step;
import dev.xenolith.cli.image.TaskSpec;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.sched.LatencyHistogram;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import java.util.ArrayList;
import java.util.List;

/**
 * One domain of an image as the guest kernel it boots, and that kernel's tasks after the run. A natively
 * booted kernel ({@link NativeLinux}) and a Xen guest ({@link XenSystem}) are configured and report their
 * tasks the same way; only the platform under them differs.
 */
final class GuestKernel {
    private GuestKernel() {
    }

    /** The domain's {@code kernel:} settings and tasks, with the run's seed for variable work. */
    static KernelConfig config(DomainSpec domain, long seed) {
        KernelSpec kernel = domain.kernel();
        List<TaskConfig> tasks = new ArrayList<>();
        for (TaskSpec task : domain.tasks()) {
            tasks.add(new TaskConfig(task.name(), policy(task.policy()), task.priority(), task.nice(), task.cpus(),
                    task.startPicos(), program(task.program())));
        }
        return new KernelConfig(kernel.hz(), kernel.nohz(), kernel.highres(), kernel.preempt(), seed, tasks);
    }

    /**
     * The statistics of the domain's tasks, listed as the image lists them; a task whose {@code start} lies
     * after the end of the run was never forked, so it has no pid and is left out.
     */
    static List<RunStats.TaskStats> tasks(DomainSpec domain, Linux linux) {
        List<RunStats.TaskStats> tasks = new ArrayList<>();
        for (TaskSpec spec : domain.tasks()) {
            for (Task task : linux.tasks()) {
                if (task.comm().equals(spec.name())) {
                    tasks.add(taskStats(task));
                }
            }
        }
        return tasks;
    }

    private static RunStats.TaskStats taskStats(Task task) {
        LatencyHistogram latency = task.wakeupLatency();
        return new RunStats.TaskStats(task.comm(), task.pid(),
                dev.xenolith.cli.image.Policy.valueOf(task.policy().name()).imageName(),
                task.nice(), task.cpuTimeNs(), task.voluntarySwitches(), task.involuntarySwitches(),
                new RunStats.Latency(latency.count(), latency.percentile(0.5), latency.percentile(0.99),
                        latency.max()));
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
