package dev.xenolith.guest.scratch;

import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.TraceLog;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() {
        boolean nohz = Boolean.parseBoolean(System.getProperty("nohz", "true"));
        boolean highres = Boolean.parseBoolean(System.getProperty("highres", "false"));
        int cpus = Integer.getInteger("cpus", 3);
        TraceLog log = new TraceLog();
        List<Op> hog = List.of(Op.Compute.of(Work.picos(Picos.PER_MILLISECOND)), new Op.Loop(Op.Loop.FOREVER));
        List<Op> sleeper = List.of(new Op.Sleep(100 * Picos.PER_MILLISECOND), Op.Compute.of(Work.picos(10_000_000)), new Op.Loop(Op.Loop.FOREVER));
        KernelConfig config = new KernelConfig(1000, nohz, highres, true, 1, List.of(
                new TaskConfig("hog", dev.xenolith.guest.task.Policy.NORMAL, 0, 0, List.of(0), 0, hog),
                new TaskConfig("sleeper", dev.xenolith.guest.task.Policy.NORMAL, 0, 0, List.of(cpus - 1), 0, sleeper)));
        NativeMachine m = new NativeMachine(cpus, config, CostModel.defaults(), Boolean.getBoolean("trace") ? log : null);
        m.runUntil(Picos.PER_SECOND);
        long loc1s[] = new long[cpus];
        for (int i = 0; i < cpus; i++) loc1s[i] = m.linux.localTimerInterrupts(i);
        long j1 = m.linux.jiffies64();
        m.runUntil(2 * Picos.PER_SECOND);
        System.out.println(m.console());
        m.linux.consoleLog().forEach(l -> System.out.println("log: " + l));
        for (int i = 0; i < cpus; i++) {
            System.out.println("cpu" + i + " LOC/s=" + (m.linux.localTimerInterrupts(i) - loc1s[i]) + " " + m.linux.timerList(i));
        }
        System.out.println("jiffies/s=" + (m.linux.jiffies64() - j1) + " duty=" + m.linux.tickDoTimerCpu());
        m.linux.tasks().forEach(t -> System.out.println(t + " " + t.runtimeNs() + " lat p50=" + t.wakeupLatency().percentile(0.5) + " max=" + t.wakeupLatency().max()));
        if (Boolean.getBoolean("trace")) {
            log.lines.stream().filter(l -> l.time() < Long.getLong("until", 200) * Picos.PER_MILLISECOND).limit(Integer.getInteger("lines", 400)).forEach(l -> System.out.println(l.cpu() + " " + l.time() / 1000 + " " + l.text()));
        }
    }
}
