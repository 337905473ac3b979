package dev.xenolith.guest.scratch;

import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.TraceLog;
import dev.xenolith.guest.XenMachine;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.hypervisor.sched.credit.CreditScheduler;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XenProbeTest {
    @Test
    void probe() {
        long MS = Picos.PER_MILLISECOND;
        List<Op> hog = List.of(Op.Compute.of(Work.picos(MS)), new Op.Loop(Op.Loop.FOREVER));
        List<Op> sleeper = List.of(new Op.Sleep(50 * MS), Op.Compute.of(Work.picos(2 * MS)), new Op.Loop(Op.Loop.FOREVER));
        boolean nohz = Boolean.parseBoolean(System.getProperty("nohz", "true"));
        boolean highres = Boolean.parseBoolean(System.getProperty("highres", "false"));
        KernelConfig k1 = new KernelConfig(250, nohz, highres, true, 1, List.of(
                TaskConfig.normal("hogA", hog), TaskConfig.normal("hogB", hog)));
        KernelConfig k2 = new KernelConfig(250, nohz, highres, true, 1, List.of(
                TaskConfig.normal("sleeper", sleeper), new TaskConfig("nice5", Policy.NORMAL, 0, 5, List.of(), 0, hog)));
        TraceLog log = Boolean.getBoolean("trace") ? new TraceLog() : null;
        XenMachine m = new XenMachine(Integer.getInteger("cpus", 2), new CreditScheduler(), log,
                new XenMachine.Guest("web", 2, Map.of("weight", 256L), k1),
                new XenMachine.Guest("db", 2, Map.of("weight", 512L), k2));
        m.runUntil(Long.getLong("until", 2000) * MS);
        System.out.println(m.console());
        for (Linux g : m.guests) {
            g.tasks().forEach(t -> System.out.println(t + " cpu=" + t.cpu() + " runtime=" + t.runtimeNs() / 1000000 + "ms nvcsw=" + t.voluntarySwitches() + " nivcsw=" + t.involuntarySwitches()));
            for (int v = 0; v < 2; v++) System.out.println(" v" + v + " timer=" + g.localTimerInterrupts(v) + " res=" + g.rescheduleInterrupts(v) + " " + g.timerList(v));
        }
        if (log != null) {
            log.lines.stream().filter(l -> l.time() >= Long.getLong("from", 0) * MS).limit(Integer.getInteger("lines", 300)).forEach(l -> System.out.println(l.cpu() + " " + l.time() / 1000 + " " + l.text()));
        }
    }
}
