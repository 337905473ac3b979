package dev.xenolith.devices.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.time.ClockDomain;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole board driven the way an OS drives it, through ports and MMIO only, with the default costs: the
 * demonstration firmware programs the 8259 pair and the PIT at 100 Hz, brings up three application
 * processors with INIT/SIPI, sets every CPU's local APIC timer periodic at 1 kHz, and prints a line on COM1.
 */
final class BareMachineTest {
    private static final int CPUS = 4;

    private final Machine machine = Machine.builder().cpus(CPUS).build();
    private final List<Long> transmitted = new ArrayList<>();
    private final PcBoard board = PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> transmitted.add(time));
    private final TimerDemoFirmware firmware = new TimerDemoFirmware(machine, 100_000_000L, 1000, "hello\n");
    private final List<List<Long>> apicTicks = new ArrayList<>();
    private final List<Long> irq0 = new ArrayList<>();

    BareMachineTest() {
        for (int i = 0; i < CPUS; i++) {
            apicTicks.add(new ArrayList<>());
            // count each interrupt, then run the firmware's own handler
            Gate timer = machine.cpu(i).gate(TimerDemoFirmware.TIMER_VECTOR);
            machine.cpu(i).setGate(TimerDemoFirmware.TIMER_VECTOR, new Gate("count", GateType.INTERRUPT, (c, f) -> {
                apicTicks.get(c.id()).add(c.now());
                timer.handler().handle(c, f);
            }));
            Gate pit = machine.cpu(i).gate(TimerDemoFirmware.IRQ0_VECTOR);
            machine.cpu(i).setGate(TimerDemoFirmware.IRQ0_VECTOR, new Gate("count", GateType.INTERRUPT, (c, f) -> {
                irq0.add(c.now());
                pit.handler().handle(c, f);
            }));
        }
    }

    private static long countWithin(List<Long> times, long from, long window, long halfPeriod) {
        return times.stream().filter(t -> t > from && t < from + window + halfPeriod).count();
    }

    @Test
    void apicTimersAt1kHzOnFourCpus_pitAt100Hz_andALineOnCom1() {
        machine.cpu(0).powerOn(firmware);
        machine.runUntil(Picos.ofMillis(1_100));

        for (int cpu = 0; cpu < CPUS; cpu++) {
            long start = firmware.apicTimerStarted(cpu);
            assertThat(start).as("cpu%d started its timer", cpu).isPositive();
            assertThat(countWithin(apicTicks.get(cpu), start, Picos.PER_SECOND, Picos.ofMicros(500)))
                    .as("APIC timer interrupts on cpu%d in one second", cpu).isEqualTo(1000);
        }
        // LATCH 11932 makes the PIT's period 10.00015 ms: the 100th tick lands 15 us after the second
        assertThat(countWithin(irq0, firmware.pitStarted(), Picos.PER_SECOND, Picos.ofMillis(5)))
                .as("IRQ0s in one second").isEqualTo(100);
        // edges fall on exact PIT clocks, so a gap is 11932 x 838.095... ns rounded either way
        long pitPeriod = ClockDomain.of("pit", 1_193_182L).timeOf(11932);
        assertThat(irq0.get(1) - irq0.get(0)).as("one PIT period").isCloseTo(pitPeriod, within(1L));

        long characterTime = board.com1().characterTime();
        assertThat(characterTime).isEqualTo(86_805_556L);
        assertThat(transmitted).hasSize(6);
        assertThat(transmitted.get(0) - firmware.messageWritten()).isBetween(characterTime, characterTime + Picos.ofMicros(2));
        for (int i = 1; i < transmitted.size(); i++) {
            assertThat(transmitted.get(i) - transmitted.get(i - 1)).as("character %d", i).isEqualTo(characterTime);
        }
    }
}
