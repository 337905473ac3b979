package dev.xenolith.devices.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole board driven the way an OS drives it, through ports and MMIO only, with the default costs: a
 * tiny firmware programs the 8259 pair and the PIT at 100 Hz, brings up three application processors with
 * INIT/SIPI, sets every CPU's local APIC timer periodic at 1 kHz, and prints a line on COM1.
 */
final class BareMachineTest {
    private static final int CPUS = 4;
    private static final int TIMER_VECTOR = 0xEF;
    private static final int IRQ0_VECTOR = 0x20;
    private static final long APIC = 0xFEE0_0000L;
    private static final int LATCH = 11932;
    private static final int TRAMPOLINE = 0x9F;

    private final Machine machine = Machine.builder().cpus(CPUS).build();
    private final List<Long> transmitted = new ArrayList<>();
    private final PcBoard board = PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> transmitted.add(time));
    private final List<List<Long>> apicTicks = new ArrayList<>();
    private final List<Long> irq0 = new ArrayList<>();
    private final long[] timerStart = new long[CPUS];
    private final Firmware firmware = new Firmware();
    private long pitStart;
    private long lineWritten;

    BareMachineTest() {
        for (int i = 0; i < CPUS; i++) {
            apicTicks.add(new ArrayList<>());
            Cpu cpu = machine.cpu(i);
            cpu.setGate(TIMER_VECTOR, new Gate("apic_timer", GateType.INTERRUPT, (c, f) -> {
                apicTicks.get(c.id()).add(c.now());
                c.writeMmio(APIC + 0xB0, 0); // EOI
            }));
            cpu.setGate(IRQ0_VECTOR, new Gate("irq0", GateType.INTERRUPT, (c, f) -> {
                irq0.add(c.now());
                c.outb(0x20, 0x20); // non-specific EOI to the master 8259
            }));
        }
    }

    /** The firmware every CPU runs (the same code, as a trampoline is): set up once, then {@code sti; hlt}. */
    private final class Firmware implements Context {
        private final boolean[] started = new boolean[CPUS];

        @Override
        public void resume(Cpu cpu) {
            if (!started[cpu.id()]) {
                started[cpu.id()] = true;
                if (cpu.id() == 0) {
                    bootstrap(cpu);
                }
                startApicTimer(cpu);
            }
            cpu.sti();
            cpu.halt();
        }

        @Override
        public void workStopped(Cpu cpu, long remainingCycles) {
        }

        @Override
        public String name() {
            return "firmware";
        }
    }

    private void bootstrap(Cpu cpu) {
        cpu.writeMmio(APIC + 0xF0, 0x1FF);   // SVR: software enable, spurious vector 0xFF
        cpu.writeMmio(APIC + 0x350, 0x700);  // LINT0: ExtINT, the 8259's virtual wire
        cpu.outb(0x20, 0x11);                 // ICW1..ICW4, master at 0x20, slave at 0x28 on IR2
        cpu.outb(0x21, 0x20);
        cpu.outb(0x21, 0x04);
        cpu.outb(0x21, 0x01);
        cpu.outb(0xA0, 0x11);
        cpu.outb(0xA1, 0x28);
        cpu.outb(0xA1, 0x02);
        cpu.outb(0xA1, 0x01);
        cpu.outb(0x21, 0xFE);                 // only IRQ0
        cpu.outb(0xA1, 0xFF);
        cpu.outb(0x43, 0x34);                 // PIT channel 0, lobyte/hibyte, mode 2
        cpu.outb(0x40, LATCH & 0xFF);
        cpu.outb(0x40, LATCH >>> 8);
        pitStart = cpu.now();

        cpu.outb(0x3F8 + 3, 0x80);            // COM1: DLAB, divisor 1 (115200), 8N1, FIFOs
        cpu.outb(0x3F8, 1);
        cpu.outb(0x3F8 + 1, 0);
        cpu.outb(0x3F8 + 3, 0x03);
        cpu.outb(0x3F8 + 2, 0x07);
        while ((cpu.inb(0x3F8 + 5) & 0x20) == 0) {
            // wait for THRE
        }
        lineWritten = cpu.now();
        for (char c : "hello\n".toCharArray()) {
            cpu.outb(0x3F8, c);
        }

        machine.installStartupCode(TRAMPOLINE, firmware);
        for (int ap = 1; ap < CPUS; ap++) {
            sendIpi(cpu, ap, 0x4500);               // INIT
            sendIpi(cpu, ap, 0x4600 | TRAMPOLINE);  // start-up IPI
        }
    }

    /** Waits for the ICR's delivery status to clear, as apic_wait_icr_idle does, then sends. */
    private static void sendIpi(Cpu cpu, int apicId, int command) {
        while ((cpu.readMmio(APIC + 0x300) & 0x1000) != 0) {
            // the previous IPI is still on its way
        }
        cpu.writeMmio(APIC + 0x310, apicId << 24);
        cpu.writeMmio(APIC + 0x300, command);
    }

    private void startApicTimer(Cpu cpu) {
        cpu.writeMmio(APIC + 0xF0, 0x1FF);
        cpu.writeMmio(APIC + 0x3E0, 0xB);                 // divide by 1
        cpu.writeMmio(APIC + 0x320, 0x20000 | TIMER_VECTOR); // periodic
        cpu.writeMmio(APIC + 0x380, 100_000);             // 100 MHz / 1 kHz
        timerStart[cpu.id()] = cpu.now();
    }

    private static long countWithin(List<Long> times, long from, long window, long halfPeriod) {
        return times.stream().filter(t -> t > from && t < from + window + halfPeriod).count();
    }

    @Test
    void apicTimersAt1kHzOnFourCpus_pitAt100Hz_andALineOnCom1() {
        machine.cpu(0).powerOn(firmware);
        machine.runUntil(Picos.ofMillis(1_100));

        for (int cpu = 0; cpu < CPUS; cpu++) {
            assertThat(timerStart[cpu]).as("cpu%d started its timer", cpu).isPositive();
            assertThat(countWithin(apicTicks.get(cpu), timerStart[cpu], Picos.PER_SECOND, Picos.ofMicros(500)))
                    .as("APIC timer interrupts on cpu%d in one second", cpu).isEqualTo(1000);
        }
        // LATCH 11932 makes the PIT's period 10.00015 ms: the 100th tick lands 15 us after the second
        assertThat(countWithin(irq0, pitStart, Picos.PER_SECOND, Picos.ofMillis(5)))
                .as("IRQ0s in one second").isEqualTo(100);
        // edges fall on exact PIT clocks, so a gap is 11932 x 838.095... ns rounded either way
        assertThat(irq0.get(1) - irq0.get(0)).as("one PIT period").isCloseTo(pitPeriod(), within(1L));

        long characterTime = board.com1().characterTime();
        assertThat(characterTime).isEqualTo(86_805_556L);
        assertThat(transmitted).hasSize(6);
        assertThat(transmitted.get(0) - lineWritten).isBetween(characterTime, characterTime + Picos.ofMicros(2));
        for (int i = 1; i < transmitted.size(); i++) {
            assertThat(transmitted.get(i) - transmitted.get(i - 1)).as("character %d", i).isEqualTo(characterTime);
        }
    }

    private static long pitPeriod() {
        return dev.xenolith.machine.time.ClockDomain.of("pit", 1_193_182L).timeOf(LATCH);
    }
}
