package dev.xenolith.devices.apic;

import static dev.xenolith.devices.apic.LocalApic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The local APIC wired to real CPUs as the board wires it, driven only by software on those CPUs
 * (MMIO and MSR accesses), on an ideal machine where nothing but the APIC takes time.
 */
final class CpuWiringTest {
    private static final long IPI_LATENCY = Picos.ofMicros(1);
    private static final int TIMER_VECTOR = 0xEF;
    private static final int IPI_VECTOR = 0xFC;
    private static final int STARTUP_PAGE = 0x9A;

    private final Machine machine = Machine.builder().cpus(2).costs(CostModel.zero()).build();
    private final ApicBus bus = new ApicBus(machine.events(), ApicRig.BUS, IPI_LATENCY);
    private final List<String> handled = new ArrayList<>();

    private LocalApic wire(Cpu cpu) {
        LocalApic apic = new LocalApic(bus, cpu.id(), cpu.id() == 0, cpu, cpu.clock(), true);
        cpu.attach(apic);
        cpu.attachMsrs(apic);
        cpu.mapLocalMmio(apic.baseAddress(), WINDOW_SIZE, apic);
        return apic;
    }

    private void apicWrite(Cpu cpu, int register, int value) {
        cpu.writeMmio(DEFAULT_BASE + register, value);
    }

    /** An IDT gate whose handler notes where and when it ran, then EOIs like Linux's handlers. */
    private Gate recordingGate(String name) {
        return new Gate(name, GateType.INTERRUPT, (cpu, frame) -> {
            handled.add(name + "@cpu" + cpu.id() + "@" + cpu.now());
            apicWrite(cpu, EOI, 0);
        });
    }

    /** Runs {@code steps} one per resume, then halts for good (with IF as the steps left it). */
    private static Context program(String name, List<Consumer<Cpu>> steps) {
        return new Context() {
            private int next;

            @Override
            public void resume(Cpu cpu) {
                if (next < steps.size()) {
                    steps.get(next++).accept(cpu);
                } else {
                    cpu.halt();
                }
            }

            @Override
            public void workStopped(Cpu cpu, long remainingCycles) {
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    @DisplayName("a one-shot APIC timer wakes the halted CPU at exactly TMICT bus clocks, once")
    void oneShotTimer_wakesHaltedCpu() {
        Cpu cpu = machine.cpu(0);
        LocalApic apic = wire(cpu);
        wire(machine.cpu(1));
        cpu.setGate(TIMER_VECTOR, recordingGate("apic_timer_interrupt"));

        cpu.powerOn(program("boot", List.of(c -> {
            apicWrite(c, SVR, 0x1FF);
            apicWrite(c, LVT_TIMER, TIMER_VECTOR);
            apicWrite(c, TIMER_DIVIDE_CONFIG, 0xB);
            apicWrite(c, TIMER_INITIAL_COUNT, 1000);
            c.sti();
            c.halt();
        })));
        machine.runUntil(Picos.ofMicros(100));

        assertThat(handled).containsExactly("apic_timer_interrupt@cpu0@" + Picos.ofMicros(10));
        assertThat(apic.mmioRead(ISR_BANK + 0x70, 4, machine.now())).as("EOI ended it").isZero();
    }

    @Test
    @DisplayName("TSC-deadline through wrmsr: the interrupt comes when the TSC reaches the deadline")
    void tscDeadline_throughWrmsr() {
        Cpu cpu = machine.cpu(0);
        wire(cpu);
        wire(machine.cpu(1));
        cpu.setGate(TIMER_VECTOR, recordingGate("apic_timer_interrupt"));

        cpu.powerOn(program("boot", List.of(c -> {
            apicWrite(c, SVR, 0x1FF);
            apicWrite(c, LVT_TIMER, TIMER_VECTOR | 0b10 << 17);
            c.wrmsr(IA32_TSC_DEADLINE, c.rdtsc() + 6000);
            c.sti();
            c.halt();
        })));
        machine.runUntil(Picos.ofMicros(100));

        assertThat(handled).containsExactly("apic_timer_interrupt@cpu0@" + Picos.ofMicros(3));
    }

    @Test
    @DisplayName("INIT, start-up, then a fixed IPI: the AP starts and takes the IPI one bus latency after the ICR write")
    void initStartupAndFixedIpi_betweenTwoCpus() {
        Cpu bsp = machine.cpu(0);
        Cpu ap = machine.cpu(1);
        wire(bsp);
        wire(ap);
        ap.setGate(IPI_VECTOR, recordingGate("event_check_interrupt"));
        machine.installStartupCode(STARTUP_PAGE, program("trampoline", List.of(c -> {
            apicWrite(c, SVR, 0x1FF);
            c.sti();
            c.halt();
        })));

        bsp.powerOn(program("boot", List.of(
                c -> {
                    apicWrite(c, ICR_HIGH, 1 << 24);
                    apicWrite(c, ICR_LOW, 0x4500);
                    apicWrite(c, ICR_LOW, 0x4600 | STARTUP_PAGE);
                    c.work(100_000, 0); // 50 us at 2 GHz
                },
                c -> {
                    apicWrite(c, ICR_HIGH, 1 << 24);
                    apicWrite(c, ICR_LOW, 0x4000 | IPI_VECTOR);
                    c.sti(); // idle, not dead: cli; hlt with nothing pending is reported as deadlock
                    c.halt();
                })));
        machine.runUntil(Picos.ofMicros(100));

        assertThat(ap.state()).isEqualTo(Cpu.State.HALTED);
        assertThat(handled).containsExactly("event_check_interrupt@cpu1@" + Picos.ofMicros(51));
    }
}
