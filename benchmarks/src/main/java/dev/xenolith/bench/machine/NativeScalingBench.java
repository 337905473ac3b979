package dev.xenolith.bench.machine;

import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.NativeHardware;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Param;

/**
 * How the cost of simulating grows with CPUs, natively: the guest kernel booted on 1, 2, 4 and 8 CPUs with
 * the same work on every CPU, pinned there so that balancing does not change it: two CPU-bound nice-0 tasks
 * that share the CPU by CFS, and a task that sleeps 10 ms and computes 1 ms. HZ=250, nohz, the default
 * costs; wired as guest-kernel's {@code NativeMachine} test fixture and measured after 500 simulated ms. With
 * cost linear in the CPUs, the score halves as the CPUs double.
 */
public class NativeScalingBench extends MachineBenchmark {
    private static final long MS = Picos.PER_MILLISECOND;

    @Param({"1", "2", "4", "8"})
    public int cpus;

    @Override
    protected Machine build(TraceSink sink) {
        Machine machine = Machine.builder().cpus(cpus).costs(CostModel.defaults()).trace(sink).build();
        PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> { });
        List<TaskConfig> tasks = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            List<Op> hog = List.of(Op.Compute.of(Work.picos(10 * MS)), new Op.Loop(Op.Loop.FOREVER));
            List<Op> sleeper = List.of(new Op.Sleep(10 * MS), Op.Compute.of(Work.picos(MS)),
                    new Op.Loop(Op.Loop.FOREVER));
            tasks.add(new TaskConfig("hog" + cpu + "a", Policy.NORMAL, 0, 0, List.of(cpu), 0, hog));
            tasks.add(new TaskConfig("hog" + cpu + "b", Policy.NORMAL, 0, 0, List.of(cpu), 0, hog));
            tasks.add(new TaskConfig("sleeper" + cpu, Policy.NORMAL, 0, 0, List.of(cpu), 0, sleeper));
        }
        Linux linux = Linux.nativeBoot(machine, new KernelConfig(250, true, false, true, 1, tasks),
                NativeHardware.standard());
        machine.cpu(0).powerOn(linux.bootContext());
        return machine;
    }

    @Override
    protected int cpus() {
        return cpus;
    }

    @Override
    protected long settlePicos() {
        return 500 * MS;
    }
}
