package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.CALIBRATE_APIC_CLOCK;
import static dev.xenolith.guest.LinuxFunction.LAPIC_CAL_HANDLER;
import static dev.xenolith.guest.LinuxFunction.LAPIC_NEXT_EVENT;
import static dev.xenolith.guest.LinuxFunction.LAPIC_TIMER_SETUP;
import static dev.xenolith.guest.LinuxFunction.PIT_NEXT_EVENT;
import static dev.xenolith.guest.LinuxFunction.INIT_PIT_TIMER;
import static dev.xenolith.guest.LinuxFunction.TIMER_INTERRUPT;

import dev.xenolith.devices.apic.ApicRegisters;
import dev.xenolith.machine.cpu.Cpu;

/**
 * The native clockevent devices of 2.6.25 on i386: the PIT ({@code i8253.c}, "pit": periodic and one-shot,
 * the boot tick and {@code global_clock_event}, whose IRQ0 handler {@code timer_interrupt} calls its event
 * handler) and each CPU's local APIC timer ({@code apic_32.c}, "lapic", rating 100, so it takes over the tick
 * from the PIT). The APIC timer's rate is not assumed: {@code calibrate_APIC_clock} lets it count down, masked,
 * over {@code LAPIC_CAL_LOOPS} = HZ/10 PIT ticks and derives the clockevent's ns-to-count factor from what it
 * counted, as the kernel does; the boot CPU waits for that, with interrupts on.
 */
final class NativeTimers {
    static final int PIT_IRQ = 0;
    private static final long CLOCK_TICK_RATE = 1_193_182L;
    private static final int PIT_MODE = 0x43;
    private static final int PIT_CH0 = 0x40;
    private static final int LAPIC_SHIFT = 32;

    private final Linux linux;
    final ClockEventDevice pit;
    private final ClockEventDevice[] lapics;
    private final int latch;
    private final int calLoops;
    private int calCount;
    private long calT1;
    private long calT2;
    /** The APIC timer count for one tick in periodic mode ({@code calibration_result / APIC_DIVISOR}). */
    private long periodicCount;
    private long lapicMult;

    NativeTimers(Linux linux, int cpus) {
        this.linux = linux;
        int hz = linux.config.hz();
        this.latch = (int) ((CLOCK_TICK_RATE + hz / 2) / hz);
        this.calLoops = hz / 10;
        this.pit = new ClockEventDevice("pit", ClockEventDevice.FEAT_PERIODIC | ClockEventDevice.FEAT_ONESHOT, 0,
                new PitOps());
        pit.setFrequency(CLOCK_TICK_RATE, 32);
        pit.maxDeltaNs = pit.delta2ns(0x7FFF);
        pit.minDeltaNs = pit.delta2ns(0xF);
        this.lapics = new ClockEventDevice[cpus];
    }

    /** {@code timer_interrupt} on IRQ0: the PIT's event, handed to {@code global_clock_event}'s handler. */
    boolean timerInterrupt(Cpu cpu, int irq) {
        linux.fn.enter(cpu, TIMER_INTERRUPT);
        if (pit.handler != null) {
            pit.handler.handle(cpu, pit);
        }
        linux.fn.exit(cpu, TIMER_INTERRUPT);
        return true;
    }

    /** The APIC timer vector's handler ({@code local_apic_timer_interrupt}'s call of the event handler). */
    void lapicEvent(Cpu cpu) {
        ClockEventDevice dev = lapics[cpu.id()];
        if (dev != null && dev.handler != null) {
            dev.handler.handle(cpu, dev);
        }
    }

    /**
     * {@code calibrate_APIC_clock}, first half: the APIC timer counts down from 1e9/16, masked, in periodic
     * mode, while the PIT's handler samples it. The boot CPU then waits, interrupts on, until
     * {@link #calibrated()}.
     */
    void startCalibration(Cpu cpu) {
        linux.fn.enter(cpu, CALIBRATE_APIC_CLOCK);
        ClockEventDevice.Handler realHandler = pit.handler;
        pit.handler = (c, dev) -> {
            lapicCalHandler(c);
            if (calibrated()) {
                pit.handler = realHandler;
            }
            realHandler.handle(c, dev);
        };
        ApicRegisters.write(cpu, ApicRegisters.LVTT, Apic.LOCAL_TIMER_VECTOR | ApicRegisters.LVT_TIMER_PERIODIC | ApicRegisters.LVT_MASKED);
        ApicRegisters.write(cpu, ApicRegisters.TDCR, ApicRegisters.TDR_DIV_16);
        ApicRegisters.write(cpu, ApicRegisters.TMICT, 1_000_000_000 / Apic.DIVISOR);
        linux.fn.exit(cpu, CALIBRATE_APIC_CLOCK);
    }

    boolean calibrated() {
        return calCount > calLoops;
    }

    /**
     * The second half: the counted delta over the calibration ticks gives the factor and the periodic count;
     * the kernel prints the result at APIC_VERBOSE, which goes to the log, not the console.
     */
    void finishCalibration(Cpu cpu) {
        linux.fn.enter(cpu, CALIBRATE_APIC_CLOCK);
        long delta = calT1 - calT2;
        long tickNsec = linux.sched.tickNsec();
        lapicMult = (delta << LAPIC_SHIFT) / (tickNsec * calLoops);
        long calibrationResult = delta * Apic.DIVISOR / calLoops;
        periodicCount = calibrationResult / Apic.DIVISOR;
        long perTick = 1_000_000 / linux.config.hz();
        linux.printkDebug("..... calibration result: " + calibrationResult);
        linux.printkDebug(String.format("..... host bus clock speed is %d.%04d MHz.", calibrationResult / perTick,
                calibrationResult % perTick));
        linux.fn.exit(cpu, CALIBRATE_APIC_CLOCK);
    }

    /** {@code lapic_cal_handler}: samples of the APIC's current count at the first and the last tick. */
    private void lapicCalHandler(Cpu cpu) {
        linux.fn.enter(cpu, LAPIC_CAL_HANDLER);
        long tapic = Integer.toUnsignedLong(ApicRegisters.read(cpu, ApicRegisters.TMCCT));
        if (calCount == 0) {
            calT1 = tapic;
        } else if (calCount == calLoops) {
            calT2 = tapic;
        }
        calCount++;
        linux.fn.exit(cpu, LAPIC_CAL_HANDLER);
    }

    /** {@code setup_APIC_timer}: this CPU's lapic clockevent, with the calibrated factor, registered for the tick. */
    ClockEventDevice lapicFor(Cpu cpu) {
        ClockEventDevice dev = new ClockEventDevice("lapic", ClockEventDevice.FEAT_PERIODIC
                | ClockEventDevice.FEAT_ONESHOT | ClockEventDevice.FEAT_C3STOP | ClockEventDevice.FEAT_DUMMY, 100,
                new LapicOps());
        dev.shift = LAPIC_SHIFT;
        dev.mult = lapicMult;
        dev.maxDeltaNs = dev.delta2ns(0x7FFFFF);
        dev.minDeltaNs = dev.delta2ns(0xF);
        lapics[cpu.id()] = dev;
        return dev;
    }

    /** {@code init_pit_timer} and {@code pit_next_event}, through the 8254's ports. */
    private final class PitOps implements ClockEventDevice.Ops {
        @Override
        public void setMode(Cpu cpu, ClockEventDevice.Mode mode, ClockEventDevice dev) {
            linux.fn.enter(cpu, INIT_PIT_TIMER);
            switch (mode) {
                case PERIODIC -> {
                    cpu.outb(PIT_MODE, 0x34); // channel 0, lobyte/hibyte, mode 2
                    cpu.outb(PIT_CH0, latch & 0xFF);
                    cpu.outb(PIT_CH0, latch >>> 8);
                }
                case SHUTDOWN, UNUSED -> {
                    if (dev.mode == ClockEventDevice.Mode.PERIODIC || dev.mode == ClockEventDevice.Mode.ONESHOT) {
                        cpu.outb(PIT_MODE, 0x30); // mode 0 with a zero count: one last IRQ0 a count of 65536 later
                        cpu.outb(PIT_CH0, 0);
                        cpu.outb(PIT_CH0, 0);
                    }
                }
                case ONESHOT -> cpu.outb(PIT_MODE, 0x38); // mode 4, software strobe
                case RESUME -> {
                }
            }
            linux.fn.exit(cpu, INIT_PIT_TIMER);
        }

        @Override
        public int setNextEvent(Cpu cpu, long cycles, ClockEventDevice dev) {
            linux.fn.enter(cpu, PIT_NEXT_EVENT);
            cpu.outb(PIT_CH0, (int) (cycles & 0xFF));
            cpu.outb(PIT_CH0, (int) (cycles >>> 8) & 0xFF);
            linux.fn.exit(cpu, PIT_NEXT_EVENT);
            return 0;
        }
    }

    /** {@code lapic_timer_setup} and {@code lapic_next_event}, through the APIC's MMIO registers. */
    private final class LapicOps implements ClockEventDevice.Ops {
        @Override
        public void setMode(Cpu cpu, ClockEventDevice.Mode mode, ClockEventDevice dev) {
            linux.fn.enter(cpu, LAPIC_TIMER_SETUP);
            switch (mode) {
                case PERIODIC -> {
                    ApicRegisters.write(cpu, ApicRegisters.LVTT, Apic.LOCAL_TIMER_VECTOR | ApicRegisters.LVT_TIMER_PERIODIC);
                    ApicRegisters.write(cpu, ApicRegisters.TDCR, ApicRegisters.TDR_DIV_16);
                    ApicRegisters.write(cpu, ApicRegisters.TMICT, (int) periodicCount);
                }
                case ONESHOT -> {
                    ApicRegisters.write(cpu, ApicRegisters.LVTT, Apic.LOCAL_TIMER_VECTOR);
                    ApicRegisters.write(cpu, ApicRegisters.TDCR, ApicRegisters.TDR_DIV_16);
                }
                case SHUTDOWN, UNUSED -> ApicRegisters.write(cpu, ApicRegisters.LVTT, Apic.LOCAL_TIMER_VECTOR | ApicRegisters.LVT_MASKED);
                case RESUME -> {
                }
            }
            linux.fn.exit(cpu, LAPIC_TIMER_SETUP);
        }

        @Override
        public int setNextEvent(Cpu cpu, long cycles, ClockEventDevice dev) {
            linux.fn.enter(cpu, LAPIC_NEXT_EVENT);
            ApicRegisters.write(cpu, ApicRegisters.TMICT, (int) cycles);
            linux.fn.exit(cpu, LAPIC_NEXT_EVENT);
            return 0;
        }
    }
}
