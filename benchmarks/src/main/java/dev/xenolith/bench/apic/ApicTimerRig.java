package dev.xenolith.bench.apic;

import dev.xenolith.devices.apic.ApicRegisters;
import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.cpu.InterruptFrame;
import dev.xenolith.machine.event.EventQueue;
import dev.xenolith.machine.time.ClockDomain;
import dev.xenolith.machine.time.Picos;

/**
 * One CPU on a PC board (default costs, no trace) whose local APIC timer is a kernel's clock event device: a
 * CPU-bound task computes in user mode, and the timer, armed for every millisecond, interrupts it through the
 * IDT; the handler acks the APIC (EOI) and arms the next deadline, as Linux's
 * {@code smp_apic_timer_interrupt} → {@code lapic_next_event} and Xen's {@code reprogram_ac_timer} do.
 *
 * <p>The deadlines are absolute (the last one plus a period), as the clockevents framework keeps them, and the
 * handler programs what is left of the way to the next one: the time the interrupt entry and the EOI charge
 * does not add up, so the interrupts stay on the millisecond and {@code runUntil(now + PERIOD)} from half a
 * period takes exactly one.
 */
final class ApicTimerRig {
    /** {@code LOCAL_TIMER_VECTOR}, the same in Xen 2.0 and Linux 2.6.25. */
    static final int VECTOR = 0xEF;
    static final long PERIOD = Picos.PER_MILLISECOND;
    private static final long WORK_SPAN_CYCLES = 1L << 40;

    final Machine machine;
    final Cpu cpu;
    private final boolean tscDeadline;
    private final ClockDomain busClock;
    private long nextDeadline = PERIOD;

    /**
     * @param mode   {@code one-shot} (TMICT) or {@code tsc-deadline} (IA32_TSC_DEADLINE)
     * @param events the machine's pending-event set
     */
    ApicTimerRig(String mode, EventQueue events) {
        tscDeadline = switch (mode) {
            case "one-shot" -> false;
            case "tsc-deadline" -> true;
            default -> throw new IllegalArgumentException("no APIC timer mode " + mode);
        };
        PcBoard.Options options = PcBoard.Options.standard();
        machine = Machine.builder().cpus(1).events(events).build();
        PcBoard.wire(machine, options, (b, time) -> { });
        busClock = ClockDomain.of("apic-bus", options.apicBusHz());
        cpu = machine.cpu(0);
        cpu.powerOn(new SpinTask());
        machine.runUntil(PERIOD / 2);
    }

    /**
     * Arms the timer to fire at {@code at}, from inside a path: one-shot, the bus clocks from the CPU's local
     * time into TMICT ({@code lapic_next_event}); TSC-deadline, the TSC value into the MSR
     * ({@code lapic_next_deadline}).
     */
    void arm(long at) {
        if (tscDeadline) {
            cpu.wrmsr(ApicRegisters.IA32_TSC_DEADLINE, cpu.clock().cyclesIn(at));
        } else {
            ApicRegisters.write(cpu, ApicRegisters.TMICT, (int) (busClock.cyclesIn(at) - busClock.cyclesIn(cpu.now())));
        }
    }

    private void apicTimerInterrupt(Cpu cpu, InterruptFrame frame) {
        ApicRegisters.write(cpu, ApicRegisters.EOI, 0);
        nextDeadline += PERIOD;
        arm(nextDeadline);
    }

    /** The start of day (APIC on, the timer's mode and vector, the gate, the first deadline), then work forever. */
    private final class SpinTask implements Context {
        private boolean booted;
        private long remaining;

        @Override
        public void resume(Cpu cpu) {
            if (!booted) {
                booted = true;
                ApicRegisters.write(cpu, ApicRegisters.SVR, ApicRegisters.SVR_ENABLED | 0xFF);
                ApicRegisters.write(cpu, ApicRegisters.TDCR, ApicRegisters.TDR_DIV_1);
                int mode = tscDeadline ? ApicRegisters.LVT_TIMER_TSC_DEADLINE : 0; // 0: one-shot
                ApicRegisters.write(cpu, ApicRegisters.LVTT, VECTOR | mode);
                cpu.setGate(VECTOR, new Gate("apic_timer_interrupt", GateType.INTERRUPT,
                        ApicTimerRig.this::apicTimerInterrupt));
                arm(nextDeadline);
                cpu.sti();
            }
            cpu.work(remaining > 0 ? remaining : WORK_SPAN_CYCLES, 3);
        }

        @Override
        public void workStopped(Cpu cpu, long remainingCycles) {
            remaining = remainingCycles;
        }

        @Override
        public String name() {
            return "spin";
        }
    }
}
