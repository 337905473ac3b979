package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.APIC_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.COMMON_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.CONSOLE_INIT;
import static dev.xenolith.guest.LinuxFunction.DO_BOOT_CPU;
import static dev.xenolith.guest.LinuxFunction.INIT_IRQ;
import static dev.xenolith.guest.LinuxFunction.LOCAL_APIC_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.RESCHEDULE_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.SETUP_APIC_TIMER;
import static dev.xenolith.guest.LinuxFunction.SETUP_LOCAL_APIC;
import static dev.xenolith.guest.LinuxFunction.SMP_APIC_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.SMP_INIT;
import static dev.xenolith.guest.LinuxFunction.SMP_RESCHEDULE_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.SMP_SEND_RESCHEDULE;
import static dev.xenolith.guest.LinuxFunction.START_KERNEL;
import static dev.xenolith.guest.LinuxFunction.START_SECONDARY;
import static dev.xenolith.guest.LinuxFunction.TIME_INIT;
import static dev.xenolith.guest.LinuxFunction.TRAP_INIT;

import dev.xenolith.devices.apic.ApicRegisters;
import dev.xenolith.guest.drivers.CharDevice;
import dev.xenolith.guest.drivers.I8042Driver;
import dev.xenolith.guest.drivers.Serial8250;
import dev.xenolith.guest.drivers.SerioRaw;
import dev.xenolith.guest.irq.Irqs;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.cpu.Gate;
import dev.xenolith.machine.cpu.GateType;
import dev.xenolith.machine.cpu.InterruptFrame;
import dev.xenolith.machine.time.Picos;

/**
 * The bare PC as the kernel drives it ({@code arch/x86} natively): the IDT with its interrupt stubs, the
 * 8259 pair, each CPU's local APIC (timer, reschedule IPIs, INIT/SIPI), the PIT and the calibrated lapic
 * clockevents, COM1 as console and ttyS0, the i8042 with serio_raw, {@code sti; hlt} in idle, and the boot
 * that brings all of it up.
 */
final class NativePc implements Platform {
    private static final int USER_RPL = 3;
    private static final int TRAMPOLINE_PAGE = 0x9F;
    private static final long BOOT_SPIN_CYCLES = 2000;

    private final Linux linux;
    private final Pic8259 pic;
    final NativeTimers timers;
    private final Serial8250 serial;
    private final SerioRaw serioRaw;

    NativePc(Linux linux, NativeHardware hardware) {
        this.linux = linux;
        this.pic = new Pic8259(linux.fn);
        this.timers = new NativeTimers(linux, linux.machine.cpuCount());
        this.serial = hardware.com1Baud() == null ? null : new Serial8250(linux.fn, linux.sched, hardware.com1Baud());
        this.serioRaw = hardware.i8042() ? new SerioRaw(linux.fn, linux.sched) : null;
    }

    Context bootContext() {
        return new StartKernel();
    }

    // ---------------------------------------------------------------- Platform

    @Override
    public int smpProcessorId(Cpu cpu) {
        return cpu.id();
    }

    @Override
    public void localIrqDisable(Cpu cpu) {
        cpu.cli();
    }

    @Override
    public void localIrqEnable(Cpu cpu) {
        cpu.sti();
    }

    @Override
    public boolean irqsDisabled(Cpu cpu) {
        return !cpu.interruptsEnabled();
    }

    @Override
    public void sendReschedule(Cpu from, int to) {
        linux.fn.call(from, SMP_SEND_RESCHEDULE);
        ApicRegisters.sendIpi(from, to, 0, Apic.RESCHEDULE_VECTOR);
    }

    @Override
    public void switchTo(Cpu cpu, Task next) {
        cpu.switchTo(next.context(), 0);
    }

    @Override
    public int kernelRing() {
        return 0;
    }

    @Override
    public void startWork(Cpu cpu, long cycles, int cpl) {
        cpu.work(cycles, cpl);
    }

    @Override
    public void safeHalt(Cpu cpu) {
        cpu.sti();
        cpu.halt();
    }

    @Override
    public void consoleWrite(Cpu cpu, String text) {
        if (serial != null) {
            serial.consoleWrite(cpu, text);
        }
    }

    @Override
    public CharDevice device(String name) {
        return switch (name) {
            case "serio_raw" -> serioRaw;
            case "ttyS0" -> serial;
            default -> null;
        };
    }

    /** Native {@code sched_clock}: the TSC scaled to ns; here the CPU's exact local time. */
    @Override
    public long schedClock(Cpu cpu) {
        return cpu.now() / Picos.PER_NANOSECOND;
    }

    // ---------------------------------------------------------------- the IDT's interrupt stubs

    /** {@code init_IRQ}'s and {@code apic_intr_init}'s gates (one IDT, shared by every CPU). */
    private void installGates(Cpu cpu) {
        for (int irq = 0; irq < Irqs.NR_LEGACY_IRQS; irq++) {
            cpu.setGate(Apic.FIRST_EXTERNAL_VECTOR + irq,
                    new Gate("IRQ0x" + Integer.toHexString(Apic.FIRST_EXTERNAL_VECTOR + irq) + "_interrupt",
                            GateType.INTERRUPT, this::commonInterrupt));
        }
        cpu.setGate(Apic.LOCAL_TIMER_VECTOR, new Gate("apic_timer_interrupt", GateType.INTERRUPT, this::apicTimerInterrupt));
        cpu.setGate(Apic.RESCHEDULE_VECTOR, new Gate("reschedule_interrupt", GateType.INTERRUPT, this::rescheduleInterrupt));
        cpu.setGate(Apic.ERROR_APIC_VECTOR, new Gate("error_interrupt", GateType.INTERRUPT, this::ackOnly));
        cpu.setGate(Apic.SPURIOUS_APIC_VECTOR, new Gate("spurious_interrupt", GateType.INTERRUPT, this::spurious));
    }

    /** {@code common_interrupt} → {@code do_IRQ(~orig_eax)} inside {@code irq_enter}/{@code irq_exit}. */
    private void commonInterrupt(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        linux.fn.enter(cpu, COMMON_INTERRUPT);
        linux.entry.irqEnter(cpu);
        linux.irqs.doIrq(cpu, frame.vector() - Apic.FIRST_EXTERNAL_VECTOR);
        linux.entry.irqExit(cpu);
        retFromIntr(cpu, frame);
        linux.fn.exit(cpu, COMMON_INTERRUPT);
    }

    /** {@code smp_apic_timer_interrupt}: ack first, then the clockevent's handler in hardirq context. */
    private void apicTimerInterrupt(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        linux.fn.enter(cpu, APIC_TIMER_INTERRUPT);
        linux.fn.enter(cpu, SMP_APIC_TIMER_INTERRUPT);
        linux.entry.ackApicIrq(cpu);
        linux.entry.irqEnter(cpu);
        linux.fn.enter(cpu, LOCAL_APIC_TIMER_INTERRUPT);
        linux.percpu(cpu.id()).apicTimerIrqs++;
        timers.lapicEvent(cpu);
        linux.fn.exit(cpu, LOCAL_APIC_TIMER_INTERRUPT);
        linux.entry.irqExit(cpu);
        linux.fn.exit(cpu, SMP_APIC_TIMER_INTERRUPT);
        retFromIntr(cpu, frame);
        linux.fn.exit(cpu, APIC_TIMER_INTERRUPT);
    }

    /** {@code smp_reschedule_interrupt}: only an ack and a count; the point is the return path. */
    private void rescheduleInterrupt(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        linux.fn.enter(cpu, RESCHEDULE_INTERRUPT);
        linux.fn.enter(cpu, SMP_RESCHEDULE_INTERRUPT);
        linux.entry.ackApicIrq(cpu);
        linux.percpu(cpu.id()).reschedIrqs++;
        linux.fn.exit(cpu, SMP_RESCHEDULE_INTERRUPT);
        retFromIntr(cpu, frame);
        linux.fn.exit(cpu, RESCHEDULE_INTERRUPT);
    }

    private void ackOnly(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        linux.entry.ackApicIrq(cpu);
        retFromIntr(cpu, frame);
    }

    /** A spurious APIC vector is not acknowledged. */
    private void spurious(Cpu cpu, InterruptFrame frame) {
        beginInterrupt(cpu, frame);
        retFromIntr(cpu, frame);
    }

    /** A new kernel path for an interrupt; its saved CS says whether it came from user mode. */
    private void beginInterrupt(Cpu cpu, InterruptFrame frame) {
        linux.beginPath(cpu);
        linux.percpu(cpu.id()).irqFromUser = frame.interruptedPrivilege() == USER_RPL;
    }

    private void retFromIntr(Cpu cpu, InterruptFrame frame) {
        linux.entry.retFromIntr(cpu, frame.interruptedPrivilege() == USER_RPL, frame.savedInterruptFlag());
    }

    // ---------------------------------------------------------------- boot

    /**
     * {@code start_kernel} on the bootstrap processor, in the order that matters here: {@code trap_init} and
     * {@code init_IRQ} (gates, {@code init_8259A}), {@code sched_init}, the console, {@code time_init} (the
     * PIT as the boot tick), {@code calibrate_APIC_clock} (waiting, interrupts on, for HZ/10 PIT ticks), this
     * CPU's lapic clockevent, {@code smp_init} (INIT/SIPI, spinning until each AP is online), then
     * {@code rest_init}: the drivers, the tasks, and this CPU's idle loop.
     */
    private final class StartKernel extends BootStep {
        private int phase;

        StartKernel() {
            super("start_kernel");
        }

        @Override
        public void resume(Cpu cpu) {
            linux.beginPath(cpu);
            switch (phase) {
                case 0 -> {
                    startKernel(cpu);
                    phase = 1;
                    cpu.work(BOOT_SPIN_CYCLES, 0);
                }
                case 1 -> {
                    // a new path, so the PIT interrupts held up by the boot's console output are taken first
                    // and the first calibration sample is a fresh tick
                    timers.startCalibration(cpu);
                    phase = 2;
                    cpu.work(BOOT_SPIN_CYCLES, 0);
                }
                case 2 -> {
                    if (!timers.calibrated()) {
                        cpu.work(BOOT_SPIN_CYCLES, 0);
                        return;
                    }
                    timers.finishCalibration(cpu);
                    setupApicTimer(cpu);
                    smpInit(cpu);
                    phase = 3;
                    cpu.work(BOOT_SPIN_CYCLES, 0);
                }
                default -> {
                    if (!linux.allOnline()) {
                        cpu.work(BOOT_SPIN_CYCLES, 0);
                        return;
                    }
                    initDrivers(cpu);
                    linux.restInit(cpu);
                }
            }
        }


        private void startKernel(Cpu cpu) {
            linux.fn.enter(cpu, START_KERNEL);
            linux.fn.call(cpu, TRAP_INIT);
            linux.fn.enter(cpu, INIT_IRQ);
            pic.init(cpu);
            for (int irq = 0; irq < Irqs.NR_LEGACY_IRQS; irq++) {
                linux.irqs.setChip(irq, pic);
            }
            for (Cpu each : linux.machine.cpus()) {
                installGates(each);
            }
            linux.fn.exit(cpu, INIT_IRQ);
            linux.schedInit(cpu);
            setupLocalApic(cpu, true);
            linux.fn.enter(cpu, CONSOLE_INIT);
            if (serial != null) {
                serial.consoleSetup(cpu);
            }
            linux.fn.exit(cpu, CONSOLE_INIT);
            linux.banner(cpu, "bare hardware");
            linux.fn.enter(cpu, TIME_INIT);
            linux.irqs.requestIrq(cpu, NativeTimers.PIT_IRQ, "timer", timers::timerInterrupt);
            linux.tick.registerDevice(cpu, timers.pit);
            linux.fn.exit(cpu, TIME_INIT);
            linux.printk(cpu, "Using local APIC timer interrupts.");
            cpu.sti();
            linux.fn.exit(cpu, START_KERNEL);
        }

        private void smpInit(Cpu cpu) {
            linux.fn.enter(cpu, SMP_INIT);
            linux.markOnline(0);
            linux.machine.installStartupCode(TRAMPOLINE_PAGE, new StartSecondary());
            for (int ap = 1; ap < linux.machine.cpuCount(); ap++) {
                linux.fn.enter(cpu, DO_BOOT_CPU);
                linux.printk(cpu, "Booting processor " + ap + "/" + ap + " eip " + Integer.toHexString(TRAMPOLINE_PAGE) + "000");
                ApicRegisters.sendIpi(cpu, ap, ApicRegisters.DM_INIT | ApicRegisters.ICR_LEVEL_TRIGGER, 0);
                ApicRegisters.sendIpi(cpu, ap, ApicRegisters.DM_STARTUP, TRAMPOLINE_PAGE);
                linux.fn.exit(cpu, DO_BOOT_CPU);
            }
            linux.fn.exit(cpu, SMP_INIT);
        }

        private void initDrivers(Cpu cpu) {
            if (serial != null) {
                serial.startup(cpu, linux.irqs);
            }
            if (serioRaw != null) {
                new I8042Driver(linux.fn, serioRaw).init(cpu, linux.irqs);
                linux.printk(cpu, "serio: i8042 KBD port at 0x60,0x64 irq 1, bound to serio_raw");
            }
        }
    }

    /** An application processor after its start-up IPI: {@code start_secondary}. */
    private final class StartSecondary extends BootStep {
        StartSecondary() {
            super("start_secondary");
        }

        @Override
        public void resume(Cpu cpu) {
            linux.beginPath(cpu);
            linux.fn.enter(cpu, START_SECONDARY);
            setupLocalApic(cpu, false);
            setupApicTimer(cpu);
            linux.markOnline(cpu.id());
            cpu.sti();
            linux.fn.exit(cpu, START_SECONDARY);
            linux.cpuIdle(cpu);
        }
    }

    /** {@code setup_local_APIC}: software-enable; the BSP's LINT0 is the 8259's virtual wire. */
    private void setupLocalApic(Cpu cpu, boolean bootstrap) {
        linux.fn.enter(cpu, SETUP_LOCAL_APIC);
        ApicRegisters.write(cpu, ApicRegisters.SVR, ApicRegisters.SVR_ENABLED | Apic.SPURIOUS_APIC_VECTOR);
        ApicRegisters.write(cpu, ApicRegisters.LVT0, bootstrap ? ApicRegisters.DM_EXTINT : ApicRegisters.LVT_MASKED);
        ApicRegisters.write(cpu, ApicRegisters.LVT1, bootstrap ? ApicRegisters.DM_NMI : ApicRegisters.LVT_MASKED);
        ApicRegisters.write(cpu, ApicRegisters.LVTERR, Apic.ERROR_APIC_VECTOR);
        linux.fn.exit(cpu, SETUP_LOCAL_APIC);
    }

    /** {@code setup_APIC_timer}: this CPU's lapic clockevent takes over its tick. */
    private void setupApicTimer(Cpu cpu) {
        linux.fn.enter(cpu, SETUP_APIC_TIMER);
        linux.tick.registerDevice(cpu, timers.lapicFor(cpu));
        linux.fn.exit(cpu, SETUP_APIC_TIMER);
    }
}
