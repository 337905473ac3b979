package dev.xenolith.bench.machine;

import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Work;
import dev.xenolith.hypervisor.DomainConfig;
import dev.xenolith.hypervisor.Xen;
import dev.xenolith.hypervisor.XenConfig;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.bvt.BvtScheduler;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.hypervisor.sched.rrobin.RoundRobinScheduler;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.openjdk.jmh.annotations.Param;

/**
 * Xen with two PV Linux domains on 1, 2, 4 and 8 physical CPUs, scaled with the CPUs so that the work per CPU
 * stays the same: each domain has one vcpu per physical CPU and runs one CPU-bound task per vcpu plus a
 * task that sleeps 10 ms and computes 1 ms. Every physical CPU thus shares two busy vcpus, and each guest
 * ticks at HZ=250 (nohz) and wakes a sleeper 100 times a second. Wired as guest-kernel's {@code XenMachine}
 * test fixture, with the default costs; measured after 500 simulated ms (both guests have booted and gone
 * tickless on every vcpu by then).
 *
 * <p>{@code scheduler}: {@code bvt}, Xen 2.0's default. The credit scheduler runs with
 * {@code -p scheduler=credit -p pcpus=1,2} but does not boot on three or more physical CPUs yet: an
 * application processor's idle loop raises {@code AC_TIMER_SOFTIRQ} before the bootstrap processor's
 * {@code ac_timer_init} has opened it ("AC_TIMER_SOFTIRQ raised but never opened"; bvt and rrobin boot).
 */
public class XenBench extends MachineBenchmark {
    private static final long MS = Picos.PER_MILLISECOND;

    @Param({"1", "2", "4", "8"})
    public int pcpus;

    @Param({"bvt"})
    public String scheduler;

    @Override
    protected Machine build(TraceSink sink) {
        Machine machine = Machine.builder().cpus(pcpus).costs(CostModel.defaults()).trace(sink).build();
        PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> { });
        List<DomainConfig> domains = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Linux linux = Linux.xenGuest(machine, kernel(), pcpus);
            domains.add(new DomainConfig(name, pcpus, new BitSet(), SchedParams.NONE, linux.pvKernel()));
        }
        Xen xen = new Xen(machine, new XenConfig(scheduler(), SchedParams.NONE, true, 100_000_000L, 115_200,
                domains));
        machine.cpu(0).powerOn(xen.bootContext());
        return machine;
    }

    private Scheduler scheduler() {
        switch (scheduler) {
            case "bvt":
                return new BvtScheduler();
            case "credit":
                return new CreditScheduler();
            case "rrobin":
                return new RoundRobinScheduler();
            default:
                throw new IllegalArgumentException("scheduler " + scheduler);
        }
    }

    private KernelConfig kernel() {
        List<TaskConfig> tasks = new ArrayList<>();
        for (int i = 0; i < pcpus; i++) {
            tasks.add(TaskConfig.normal("hog" + i,
                    List.of(Op.Compute.of(Work.picos(10 * MS)), new Op.Loop(Op.Loop.FOREVER))));
        }
        tasks.add(TaskConfig.normal("sleeper", List.of(new Op.Sleep(10 * MS), Op.Compute.of(Work.picos(MS)),
                new Op.Loop(Op.Loop.FOREVER))));
        return new KernelConfig(250, true, false, true, 1, tasks);
    }

    @Override
    protected long settlePicos() {
        return 500 * MS;
    }
}
