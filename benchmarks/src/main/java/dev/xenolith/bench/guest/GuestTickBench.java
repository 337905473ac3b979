package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.NativeHardware;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The guest's tick path end to end, through the machine: a 1-CPU native boot (HZ=1000, nohz, no
 * high-resolution timers, the default costs) with one CPU-bound task runs one simulated millisecond, that
 * is one tick: the APIC timer's event, the interrupt taken through the CPU's IDT, {@code tick_nohz_handler}
 * ({@code tick_do_update_jiffies64}, {@code update_process_times} with {@code account_process_tick},
 * {@code run_local_timers} and {@code scheduler_tick}), the reprogramming of the one-shot APIC timer,
 * {@code irq_exit}, the return path and the task's work span resuming. Wired as guest-kernel's
 * {@code NativeMachine} test fixture; measured after 500 ms, when the kernel has long switched to nohz.
 * Setup checks that the CPU takes one timer interrupt per millisecond.
 */
public class GuestTickBench extends HotPathBenchmark {
    private static final long MS = Picos.PER_MILLISECOND;

    private Machine machine;

    @Setup
    public void setUp() {
        machine = Machine.builder().cpus(1).costs(CostModel.defaults()).build();
        PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> { });
        TaskConfig hog = TaskConfig.normal("hog", List.of(Op.Compute.of(Work.picos(100 * MS)),
                new Op.Loop(Op.Loop.FOREVER)));
        Linux linux = Linux.nativeBoot(machine, new KernelConfig(1000, true, false, true, 1, List.of(hog)),
                NativeHardware.standard());
        machine.cpu(0).powerOn(linux.bootContext());
        machine.runUntil(500 * MS);
        long before = linux.localTimerInterrupts(0);
        machine.runUntil(600 * MS);
        long ticks = linux.localTimerInterrupts(0) - before;
        if (ticks < 99 || ticks > 101) {
            throw new IllegalStateException("expected a tick per ms, got " + ticks + " in 100 ms");
        }
    }

    @Benchmark
    public long tick() {
        machine.runUntil(machine.now() + MS);
        return machine.eventsFired();
    }
}
