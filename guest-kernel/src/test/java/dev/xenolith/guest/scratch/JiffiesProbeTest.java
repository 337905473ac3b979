package dev.xenolith.guest.scratch;

import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.TraceLog;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.junit.jupiter.api.Test;

class JiffiesProbeTest {
    @Test
    void probe() {
        long MS = Picos.PER_MILLISECOND;
        List<Op> sleeper = List.of(new Op.Sleep(700 * MS), Op.Compute.of(Work.picos(MS)), new Op.Loop(Op.Loop.FOREVER));
        TraceLog log = new TraceLog();
        NativeMachine m = new NativeMachine(2, new KernelConfig(1000, true, false, true, 1, List.of(
                new TaskConfig("sleeper", Policy.NORMAL, 0, 0, List.of(1), 0, sleeper))), CostModel.defaults(), log);
        long j0 = m.linux.jiffies64();
        for (int t = 100; t <= 3000; t += 100) {
            m.runUntil(t * MS);
            System.out.println(t + "ms jiffies=" + (m.linux.jiffies64() - j0) + " duty=" + m.linux.tickDoTimerCpu()
                    + " loc0=" + m.linux.localTimerInterrupts(0) + " loc1=" + m.linux.localTimerInterrupts(1));
        }
        log.lines.stream().filter(l -> l.text().contains("do_timer") || l.text().contains("jiffies64") || l.text().contains("tick_nohz_handler") || l.text().contains("tick_handle_periodic"))
            .filter(l -> l.time() > 690 * MS && l.time() < 1000 * MS).limit(100).forEach(l -> System.out.println(l.cpu() + " " + l.time() / 1000 + " " + l.text()));
    }
}
