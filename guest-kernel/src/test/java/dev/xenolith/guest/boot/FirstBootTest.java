package dev.xenolith.guest.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.time.Picos;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstBootTest {
    private static final List<Op> HOG = List.of(Op.Compute.of(Work.picos(Picos.PER_MILLISECOND)), new Op.Loop(Op.Loop.FOREVER));

    @Test
    void twoHogsShareOneCpu() {
        NativeMachine m = new NativeMachine(1, KernelConfig.periodic(List.of(
                TaskConfig.normal("a", HOG), TaskConfig.normal("b", HOG))));
        m.runUntil(Picos.PER_SECOND);
        System.out.println(m.console());
        for (Task t : m.linux.tasks()) {
            System.out.println(t + " " + t.runtimeNs() + " nvcsw=" + t.voluntarySwitches() + " nivcsw=" + t.involuntarySwitches());
        }
        System.out.println("LOC " + m.linux.localTimerInterrupts(0) + " switches " + m.linux.contextSwitches(0));
        assertThat(m.linux.tasks()).hasSize(2);
    }
}
