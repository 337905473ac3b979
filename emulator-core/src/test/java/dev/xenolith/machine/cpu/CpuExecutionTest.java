package dev.xenolith.machine.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.MachineFault;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventPriority;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The execution model of DESIGN.md section 3 on an ideal machine (all costs zero) at 2 GHz, where one
 * cycle is exactly 500 ps, so every expected time below is analytic.
 */
final class CpuExecutionTest {
    private static final int TIMER = 0x30;
    private static final int DEVICE = 0x41;

    private final Machine machine = Machine.builder().costs(CostModel.zero()).build();
    private final Cpu cpu = machine.cpu(0);
    private final FakeController controller = new FakeController();
    private final List<String> log = new ArrayList<>();

    CpuExecutionTest() {
        controller.attachTo(cpu);
        for (int vector : new int[] {TIMER, DEVICE}) {
            cpu.setGate(vector, new Gate("irq" + vector, GateType.INTERRUPT, (c, frame) ->
                    log.add(String.format("irq %x at %d cpl=%d if=%b", frame.vector(), c.now(),
                            frame.interruptedPrivilege(), c.interruptsEnabled()))));
        }
    }

    private void raiseAt(long time, int vector) {
        machine.events().schedule(new Event("raise", EventPriority.DEVICE, now -> controller.raise(vector)), time);
    }

    @Test
    void interruptCutsWorkSpan_contextKeepsExactRemainder() {
        ScriptedContext task = new ScriptedContext()
                .then(c -> { c.sti(); c.work(10_000, 3); })
                .then(c -> c.work(7_532, 3))
                .then(Cpu::halt);
        cpu.powerOn(task);
        raiseAt(Picos.ofNanos(1_234), TIMER);
        machine.runUntil(Picos.ofMicros(100));

        // 1234 ns = 2468 whole cycles done, so 7532 remain; the rest ends at 1234 ns + 3766 ns
        assertThat(task.stoppedWithRemaining).containsExactly(7_532L, 0L);
        assertThat(log).containsExactly("irq 30 at 1234000 cpl=3 if=false");
        assertThat(task.resumedAt).containsExactly(0L, 1_234_000L, 5_000_000L);
    }

    @Test
    void interruptWithIfClear_isLatchedUntilSti() {
        ScriptedContext task = new ScriptedContext()
                .then(c -> c.work(1_000, 0))          // IF is 0 after power-on: not cut
                .then(c -> { c.sti(); c.work(1_000, 0); })
                .then(Cpu::halt);
        cpu.powerOn(task);
        raiseAt(Picos.ofNanos(100), DEVICE);
        machine.runUntil(Picos.ofMicros(10));

        // latched during the first span (ends at 500 ns); after sti, the shadow lets one cycle run
        assertThat(task.stoppedWithRemaining).containsExactly(0L, 999L);
        assertThat(log).containsExactly("irq 41 at 500500 cpl=0 if=false");
    }

    @Test
    void interruptGateClearsIf_trapGateKeepsIt() {
        List<Boolean> ifInHandler = new ArrayList<>();
        cpu.setGate(0x80, new Gate("system_call", GateType.TRAP, (c, f) -> ifInHandler.add(c.interruptsEnabled())));
        cpu.setGate(0x81, new Gate("intr", GateType.INTERRUPT, (c, f) -> ifInHandler.add(c.interruptsEnabled())));
        List<Boolean> ifAfter = new ArrayList<>();
        cpu.powerOn(new ScriptedContext().then(c -> {
            c.sti();
            c.softwareInterrupt(0x80);
            c.softwareInterrupt(0x81);
            ifAfter.add(c.interruptsEnabled());
            c.halt();
        }));
        machine.runUntil(Picos.ofMicros(1));

        assertThat(ifInHandler).containsExactly(true, false);
        assertThat(ifAfter).containsExactly(true);
        assertThat(cpu.vectorsTaken(0x80)).isEqualTo(1);
    }

    @Test
    void hlt_sleepsUntilInterrupt_thenContinuesAfterIt() {
        ScriptedContext idle = new ScriptedContext().then(c -> { c.sti(); c.halt(); });
        cpu.powerOn(idle);
        raiseAt(Picos.ofMicros(5), TIMER);
        machine.runUntil(Picos.ofMicros(8));

        assertThat(log).containsExactly("irq 30 at 5000000 cpl=0 if=false");
        assertThat(idle.resumedAt).containsExactly(0L, 5_000_000L);
        assertThat(cpu.state()).isEqualTo(Cpu.State.HALTED);
        assertThat(cpu.haltedPicos()).isEqualTo(Picos.ofMicros(8));
        // the boundary at 0, the raise, the wake-up that delivers, the boundary that resumes: no busy loop
        assertThat(machine.eventsFired()).as("events while halted").isEqualTo(4);
    }

    @Test
    void stiHlt_withInterruptAlreadyPending_wakesAtOnce() {
        ScriptedContext idle = new ScriptedContext()
                .then(c -> { c.cli(); controller.raise(TIMER); c.sti(); c.halt(); })
                .then(c -> { c.sti(); c.halt(); });
        cpu.powerOn(idle);
        machine.runUntil(Picos.ofMicros(1));

        assertThat(log).containsExactly("irq 30 at 0 cpl=0 if=false");
    }

    @Test
    void hltWithIfClear_ignoresInterruptsButWakesOnNmi() {
        cpu.setGate(2, new Gate("nmi", GateType.INTERRUPT, (c, f) -> log.add("nmi at " + c.now())));
        ScriptedContext dead = new ScriptedContext()
                .then(c -> { c.cli(); c.halt(); })
                .then(c -> { c.sti(); c.halt(); }); // after the NMI: idle, so the run is not a deadlock
        cpu.powerOn(dead);
        raiseAt(Picos.ofMicros(1), TIMER);
        machine.events().schedule(new Event("nmi", EventPriority.DEVICE, now -> cpu.nmi()), Picos.ofMicros(2));
        machine.runUntil(Picos.ofMicros(3));

        // the timer interrupt latched at 1 us is taken only once the CPU sets IF again, after the NMI
        assertThat(log).containsExactly("nmi at 2000000", "irq 30 at 2000000 cpl=0 if=false");
    }

    @Test
    void nmi_isBlockedUntilIret_andOnlyOneIsLatched() {
        List<Long> nmis = new ArrayList<>();
        cpu.setGate(2, new Gate("nmi", GateType.INTERRUPT, (c, f) -> {
            nmis.add(c.now());
            if (nmis.size() == 1) {
                c.nmi();    // two more arrive while the first is being handled:
                c.nmi();    // one is latched, the other is lost
                c.charge(2_000);
            }
        }));
        cpu.powerOn(new ScriptedContext().then(c -> c.work(1_000_000, 3)));
        machine.events().schedule(new Event("nmi", EventPriority.DEVICE, now -> cpu.nmi()), Picos.ofMicros(1));
        machine.runUntil(Picos.ofMicros(10));

        assertThat(nmis).containsExactly(1_000_000L, 2_000_000L);
    }

    @Test
    void iret_restoresInterruptedPrivilege() {
        List<Integer> cpl = new ArrayList<>();
        ScriptedContext task = new ScriptedContext()
                .then(c -> { c.sti(); c.work(1_000, 3); })
                .then(c -> { cpl.add(c.privilege()); c.halt(); });
        cpu.powerOn(task);
        raiseAt(100_000, TIMER);
        machine.runUntil(Picos.ofMicros(10));

        assertThat(log).containsExactly("irq 30 at 100000 cpl=3 if=false");
        assertThat(cpl).containsExactly(3);
    }

    @Test
    void chargedCycles_keepTheCpuBusy_andLatchInterruptsUntilTheBoundary() {
        cpu.setGate(TIMER, new Gate("timer", GateType.INTERRUPT, (c, f) -> {
            log.add("timer at " + c.now());
            c.charge(4_000); // a 2 us handler
        }));
        ScriptedContext task = new ScriptedContext().then(c -> { c.sti(); c.work(100_000, 3); });
        cpu.powerOn(task);
        raiseAt(Picos.ofMicros(1), TIMER);
        raiseAt(Picos.ofMicros(2), DEVICE);
        machine.runUntil(Picos.ofMicros(20));

        // the device interrupt arrives mid-handler and is taken at the handler's end (3 us)
        assertThat(log).containsExactly("timer at 1000000", "irq 41 at 3000000 cpl=3 if=false");
        assertThat(task.resumedAt).containsExactly(0L, 3_000_000L);
    }

    @Test
    void defaultCosts_chargeEntryAndIret() {
        Machine real = Machine.builder().build();
        Cpu cpu0 = real.cpu(0);
        List<Long> at = new ArrayList<>();
        cpu0.setGate(0x80, new Gate("int80", GateType.TRAP, (c, f) -> at.add(c.now())));
        cpu0.powerOn(new ScriptedContext().then(c -> { c.softwareInterrupt(0x80); at.add(c.now()); c.sti(); c.halt(); }));
        real.runUntil(Picos.ofMicros(1));

        // 200 cycles of entry, then 150 of iret, at 500 ps each
        assertThat(at).containsExactly(100_000L, 175_000L);
    }

    @Test
    void vectorWithoutGate_isAMachineFaultNamingCpuAndVector() {
        cpu.powerOn(new ScriptedContext().then(c -> { c.sti(); c.work(1_000, 0); }));
        raiseAt(10_000, 0x99);
        assertThatThrownBy(() -> machine.runUntil(Picos.ofMicros(1)))
                .isInstanceOf(MachineFault.class)
                .hasMessageContaining("cpu0")
                .hasMessageContaining("0x99");
    }

    @Test
    void contextThatNeverProgresses_isReportedAsLivelock() {
        cpu.powerOn(new ScriptedContext().then(c -> c.charge(0)));
        assertThatThrownBy(() -> machine.runUntil(Picos.ofMicros(1)))
                .isInstanceOf(MachineFault.class)
                .hasMessageContaining("no progress")
                .hasMessageContaining("scripted");
    }

    @Test
    void startupIpi_runsInstalledCode_andInitStopsTheProcessor() {
        Machine smp = Machine.builder().cpus(2).costs(CostModel.zero()).build();
        Cpu ap = smp.cpu(1);
        ScriptedContext trampoline = new ScriptedContext().then(c -> { c.sti(); c.halt(); });
        smp.installStartupCode(0x9F, trampoline);
        assertThat(ap.state()).isEqualTo(Cpu.State.WAIT_FOR_SIPI);

        smp.events().schedule(new Event("sipi", EventPriority.MESSAGE, now -> ap.startup(0x9F)), 1_000);
        smp.runUntil(2_000);
        assertThat(trampoline.resumedAt).containsExactly(1_000L);
        assertThat(ap.state()).isEqualTo(Cpu.State.HALTED);

        ap.init();
        assertThat(ap.state()).isEqualTo(Cpu.State.WAIT_FOR_SIPI);
        assertThat(ap.context()).isNull();
    }

    @Test
    void startupIpiToEmptyPage_isAMachineFault() {
        Machine smp = Machine.builder().cpus(2).build();
        assertThatThrownBy(() -> smp.cpu(1).startup(0x10))
                .isInstanceOf(MachineFault.class)
                .hasMessageContaining("cpu1")
                .hasMessageContaining("0x10");
    }

    @Test
    void kernelOnlyInstructions_outsideAPath_areProgrammingErrors() {
        assertThatThrownBy(() -> cpu.charge(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a kernel path");
    }

    @Test
    void iretAfterAContextSwitch_returnsToTheIncomingContextWithIfSet() {
        ScriptedContext incoming = new ScriptedContext().then(c -> c.halt());
        cpu.setGate(0x80, new Gate("block", GateType.TRAP, (c, f) -> {
            c.cli();
            c.switchTo(incoming, 0); // the caller blocks in the system call; another context takes over
        }));
        List<String> after = new ArrayList<>();
        ScriptedContext blocker = new ScriptedContext().then(c -> {
            c.setPrivilege(3);
            c.softwareInterrupt(0x80);
            after.add("cpl=" + c.privilege() + " if=" + c.interruptsEnabled() + " ctx=" + c.context().name());
        });
        cpu.powerOn(blocker);
        machine.runUntil(Picos.ofMicros(1));

        assertThat(after).containsExactly("cpl=0 if=true ctx=scripted");
        assertThat(cpu.context()).isSameAs(incoming);
        assertThat(incoming.resumedAt).containsExactly(0L);
    }

    @Test
    void cliHltWithNothingLeftToHappen_isReportedAsDeadlock() {
        cpu.powerOn(new ScriptedContext().then(c -> { c.cli(); c.halt(); }));
        assertThatThrownBy(() -> machine.runUntil(Picos.ofMillis(1)))
                .isInstanceOf(MachineFault.class)
                .hasMessageContaining("deadlock")
                .hasMessageContaining("cpu0 is halted with interrupts disabled");
    }

    @Test
    void haltedWithInterruptsEnabledAndNothingPending_isIdleNotDeadlocked() {
        cpu.powerOn(new ScriptedContext().then(c -> { c.sti(); c.halt(); }));
        machine.runUntil(Picos.ofMillis(1));
        assertThat(machine.now()).isEqualTo(Picos.ofMillis(1));
        assertThat(cpu.state()).isEqualTo(Cpu.State.HALTED);
    }
}
