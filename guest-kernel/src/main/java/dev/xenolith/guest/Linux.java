package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.CONSOLE_INIT;
import static dev.xenolith.guest.LinuxFunction.CPU_IDLE;
import static dev.xenolith.guest.LinuxFunction.DO_BOOT_CPU;
import static dev.xenolith.guest.LinuxFunction.DO_FORK;
import static dev.xenolith.guest.LinuxFunction.INIT_IRQ;
import static dev.xenolith.guest.LinuxFunction.REST_INIT;
import static dev.xenolith.guest.LinuxFunction.SCHED_INIT;
import static dev.xenolith.guest.LinuxFunction.SETUP_APIC_TIMER;
import static dev.xenolith.guest.LinuxFunction.SETUP_LOCAL_APIC;
import static dev.xenolith.guest.LinuxFunction.SMP_INIT;
import static dev.xenolith.guest.LinuxFunction.START_KERNEL;
import static dev.xenolith.guest.LinuxFunction.START_SECONDARY;
import static dev.xenolith.guest.LinuxFunction.TIME_INIT;
import static dev.xenolith.guest.LinuxFunction.TRAP_INIT;

import dev.xenolith.guest.drivers.CharDevice;
import dev.xenolith.guest.drivers.I8042Driver;
import dev.xenolith.guest.drivers.Serial8250;
import dev.xenolith.guest.drivers.SerioRaw;
import dev.xenolith.guest.irq.Irqs;
import dev.xenolith.guest.irq.Softirq;
import dev.xenolith.guest.irq.Softirqs;
import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.sched.SchedHost;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.time.TimerList;
import dev.xenolith.guest.time.TimerWheel;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Functions;
import dev.xenolith.machine.trace.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Linux 2.6.25-like kernel for 32-bit x86 with CONFIG_PREEMPT, booted natively on the PC board: it owns
 * the IDT, the 8259 pair, the local APICs and the legacy devices, ticks from each CPU's APIC timer in
 * periodic mode, and runs the configured tasks under its scheduler. The platform-specific parts (gates,
 * PIC, APIC timer and IPIs, halting, the console) stay in this class and {@link Entry}; the scheduler,
 * wait queues, drivers and system calls do not depend on them.
 */
public final class Linux implements SchedHost {
    static final String RELEASE = "2.6.25-xenolith";
    private static final int TRAMPOLINE_PAGE = 0x9F;
    private static final long AP_WAIT_SPIN_CYCLES = 2000;

    final Machine machine;
    final KernelConfig config;
    final NativeHardware hardware;
    final Functions<LinuxFunction> fn;
    final Sched sched;
    final Softirqs softirqs;
    final Irqs irqs;
    final Pic8259 pic;
    final Entry entry;
    final Tick tick;
    final Hrtimers hrtimers;
    final TickSched tickSched;
    final NativeTimers timers;
    final TimerWheel[] wheels;
    final Serial8250 serial;
    final SerioRaw serioRaw;
    final SplittableRandom random;
    private final PerCpu[] percpu;
    private final List<TaskRunner> runners = new ArrayList<>();
    private final List<String> consoleLog = new ArrayList<>();
    private Cpu running;
    /** The TSC clocksource is registered and waits for the next {@code update_wall_time} to be installed. */
    private boolean clocksourcePending;

    private Linux(Machine machine, KernelConfig config, NativeHardware hardware) {
        this.machine = machine;
        this.config = config;
        this.hardware = hardware;
        this.fn = new Functions<>(machine, LinuxFunction.class, new Layer("linux"));
        int cpus = machine.cpuCount();
        this.percpu = new PerCpu[cpus];
        for (int i = 0; i < cpus; i++) {
            percpu[i] = new PerCpu(machine.cpu(i));
        }
        this.tick = new Tick(this, cpus);
        this.sched = new Sched(this, cpus);
        this.hrtimers = new Hrtimers(this, cpus, sched.tickNsec());
        this.tickSched = new TickSched(this, cpus);
        this.timers = new NativeTimers(this, cpus);
        this.softirqs = new Softirqs(fn, cpus);
        this.irqs = new Irqs(fn, cpus);
        this.pic = new Pic8259(fn);
        this.entry = new Entry(this);
        this.wheels = new TimerWheel[cpus];
        for (int i = 0; i < cpus; i++) {
            wheels[i] = new TimerWheel(jiffies());
            percpu[i].idleLoop = new IdleLoop(this, sched.idleTask(i));
            sched.idleTask(i).setContext(percpu[i].idleLoop);
        }
        this.serial = hardware.com1Baud() == null ? null : new Serial8250(fn, sched, hardware.com1Baud());
        this.serioRaw = hardware.i8042() ? new SerioRaw(fn, sched) : null;
        this.random = new SplittableRandom(config.seed());
    }

    /** A kernel for {@code machine}'s PC board; power CPU 0 on with {@link #bootContext()}. */
    public static Linux nativeBoot(Machine machine, KernelConfig config, NativeHardware hardware) {
        return new Linux(machine, config, hardware);
    }

    /** What the bootstrap processor runs at power-on: {@code start_kernel}. */
    public Context bootContext() {
        return new StartKernel();
    }

    /** The tasks of the configuration that have been forked, in fork order. */
    public List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        for (TaskRunner runner : runners) {
            tasks.add(runner.task);
        }
        return Collections.unmodifiableList(tasks);
    }

    /** The result of the last system call each task made (a byte count or a negative errno). */
    public long lastSyscallResult(Task task) {
        for (TaskRunner runner : runners) {
            if (runner.task == task) {
                return runner.lastResult;
            }
        }
        throw new IllegalArgumentException(task + " is not one of this kernel's tasks");
    }

    /** The lines the kernel printed, in order. */
    public List<String> consoleLog() {
        return Collections.unmodifiableList(consoleLog);
    }

    /** Local APIC timer interrupts taken by {@code cpu} (LOC in {@code /proc/interrupts}). */
    public long localTimerInterrupts(int cpu) {
        return percpu[cpu].apicTimerIrqs;
    }

    /** Reschedule IPIs taken by {@code cpu} (RES in {@code /proc/interrupts}). */
    public long rescheduleInterrupts(int cpu) {
        return percpu[cpu].reschedIrqs;
    }

    /** Device interrupts of {@code irq} taken by {@code cpu}. */
    public long deviceInterrupts(int cpu, int irq) {
        return irqs.count(cpu, irq);
    }

    /** Context switches on {@code cpu} ({@code rq->nr_switches}). */
    public long contextSwitches(int cpu) {
        return sched.nrSwitches(cpu);
    }

    /** The task running on {@code cpu}, its idle task included. */
    public Task current(int cpu) {
        return sched.current(cpu);
    }

    public Sched scheduler() {
        return sched;
    }

    /** Bytes dropped by serio_raw because its ring was full (0 without an i8042). */
    public long serioRawDropped() {
        return serioRaw == null ? 0 : serioRaw.dropped();
    }

    /** The nohz state of {@code cpu}: what {@code /proc/timer_list} shows. */
    public TimerListEntry timerList(int cpu) {
        TickSched.State ts = tickSched.states[cpu];
        ClockEventDevice dev = tick.devices[cpu];
        long sleeping = ts.idleActive ? machine.now() / Picos.PER_NANOSECOND - ts.idleEntrytime : 0;
        return new TimerListEntry(ts.nohzMode.ordinal(), hrtimers.hresActive[cpu], ts.tickStopped, ts.idleCalls,
                ts.idleSleeps, Integer.toUnsignedLong(ts.idleJiffies), ts.idleSleeptime + sleeping,
                dev == null ? "none" : dev.name,
                dev == null ? "" : dev.mode.name());
    }

    /** Which CPU advances jiffies ({@code tick_do_timer_cpu}); -1 while nohz has freed the duty. */
    public int tickDoTimerCpu() {
        return tick.tickDoTimerCpu;
    }

    /** The 64-bit jiffies count. */
    public long jiffies64() {
        return tick.jiffies64;
    }

    // ---------------------------------------------------------------- SchedHost

    @Override
    public Functions<LinuxFunction> functions() {
        return fn;
    }

    @Override
    public Cpu cpu(int id) {
        return percpu[id].cpu;
    }

    @Override
    public int hz() {
        return config.hz();
    }

    @Override
    public int jiffies() {
        return (int) tick.jiffies64;
    }

    /** Native {@code sched_clock}: the TSC scaled to ns; here the CPU's exact local time. */
    @Override
    public long schedClock(Cpu cpu) {
        return cpu.now() / Picos.PER_NANOSECOND;
    }

    @Override
    public void sendReschedule(Cpu from, int to) {
        fn.call(from, LinuxFunction.SMP_SEND_RESCHEDULE);
        Apic.sendIpi(from, to, 0, Apic.RESCHEDULE_VECTOR);
    }

    @Override
    public void raiseSchedSoftirq(Cpu cpu) {
        softirqs.raise(cpu, Softirq.SCHED_SOFTIRQ);
    }

    // ---------------------------------------------------------------- package-private services

    PerCpu percpu(int cpu) {
        return percpu[cpu];
    }

    /** Marks the start of a kernel path on {@code cpu}: timer callbacks ask which CPU runs them. */
    void beginPath(Cpu cpu) {
        running = cpu;
    }

    Cpu runningCpu() {
        return running;
    }

    /** {@code printk} to the console (COM1, if the machine has one). */
    void printk(Cpu cpu, String line) {
        consoleLog.add(line);
        if (serial != null) {
            serial.consoleWrite(cpu, line + "\n");
        }
    }

    /** A KERN_DEBUG or APIC_VERBOSE message: in the kernel log, below the console's log level. */
    void printkDebug(String line) {
        consoleLog.add(line);
    }

    /** Whether the interrupt being handled on {@code cpu} came from user mode ({@code user_mode(regs)}). */
    boolean interruptedUserMode(int cpu) {
        return percpu[cpu].irqFromUser;
    }

    /**
     * {@code update_wall_time}'s {@code change_clocksource}: the first tick after the TSC clocksource was
     * registered installs it and tells the tick code that one-shot ticks are now possible.
     */
    void changeClocksource(Cpu cpu) {
        if (clocksourcePending) {
            clocksourcePending = false;
            printk(cpu, "Time: tsc clocksource has been installed.");
            tickSched.tickClockNotify();
        }
    }

    /** The device file {@code name}, or null if this machine does not have it. */
    CharDevice device(String name) {
        return switch (name) {
            case "serio_raw" -> serioRaw;
            case "ttyS0" -> serial;
            default -> null;
        };
    }

    /** {@code do_fork} of a configured task and {@code wake_up_new_task}. */
    private void fork(Cpu cpu, TaskConfig task) {
        fn.enter(cpu, DO_FORK);
        Task p = sched.forkTask(task.name(), task.policy(), task.rtPriority(), task.nice(), task.cpus(), cpu.id());
        TaskRunner runner = new TaskRunner(this, p, task.program(), cpu.now());
        p.setContext(runner);
        runners.add(runner);
        sched.wakeUpNewTask(cpu, p);
        fn.exit(cpu, DO_FORK);
    }

    /** A task that starts later is forked from a kernel timer on the boot CPU, in its timer softirq. */
    private void forkLater(TaskConfig task) {
        long delay = (task.startPicos() / Picos.PER_NANOSECOND + tick.tickPeriodNs() - 1) / tick.tickPeriodNs();
        TimerList timer = new TimerList(wheels[0], t -> fork(runningCpu(), task));
        timer.setExpires(jiffies() + (int) Math.max(1, delay));
        wheels[0].addTimer(timer);
    }

    // ---------------------------------------------------------------- boot

    /**
     * {@code start_kernel} on the bootstrap processor, in the order that matters here: {@code trap_init} and
     * {@code init_IRQ} (gates, {@code init_8259A}), {@code sched_init}, the local APIC and its timer as the
     * tick device, the console, {@code smp_init} (INIT/SIPI, spinning until each AP is online), then
     * {@code rest_init}: the drivers, the tasks, and this CPU's idle loop.
     */
    private final class StartKernel implements Context {
        private int phase;

        @Override
        public void resume(Cpu cpu) {
            beginPath(cpu);
            if (phase == 0) {
                startKernel(cpu);
                phase = 1;
                cpu.work(AP_WAIT_SPIN_CYCLES, 0);
                return;
            }
            if (phase == 1) {
                // a new path, so the PIT interrupts held up by the boot's console output are taken first
                // and the first calibration sample is a fresh tick
                timers.startCalibration(cpu);
                phase = 2;
            }
            if (phase == 2) {
                if (!timers.calibrated()) {
                    cpu.work(AP_WAIT_SPIN_CYCLES, 0); // calibrate_APIC_clock waits for the PIT's ticks
                    return;
                }
                timers.finishCalibration(cpu);
                setupApicTimer(cpu);
                smpInit(cpu);
                phase = 3;
            }
            for (PerCpu p : percpu) {
                if (!p.online) {
                    cpu.work(AP_WAIT_SPIN_CYCLES, 0);
                    return;
                }
            }
            restInit(cpu);
        }

        @Override
        public void workStopped(Cpu cpu, long remainingCycles) {
        }

        @Override
        public String name() {
            return "start_kernel";
        }

        private void startKernel(Cpu cpu) {
            fn.enter(cpu, START_KERNEL);
            fn.call(cpu, TRAP_INIT);
            fn.enter(cpu, INIT_IRQ);
            pic.init(cpu);
            for (int irq = 0; irq < Irqs.NR_IRQS; irq++) {
                irqs.setChip(irq, pic);
            }
            for (PerCpu p : percpu) {
                entry.installGates(p.cpu);
            }
            fn.exit(cpu, INIT_IRQ);
            fn.call(cpu, SCHED_INIT);
            softirqs.open(Softirq.TIMER_SOFTIRQ, tick::runTimerSoftirq);
            softirqs.open(Softirq.SCHED_SOFTIRQ, sched::runRebalanceDomains);
            setupLocalApic(cpu, true);
            fn.enter(cpu, CONSOLE_INIT);
            if (serial != null) {
                serial.consoleSetup(cpu);
            }
            fn.exit(cpu, CONSOLE_INIT);
            printk(cpu, "Linux version " + RELEASE + " (xenolith@localhost) #1 " + (config.preempt() ? "PREEMPT " : "")
                    + "(i386, HZ=" + config.hz() + ")");
            printk(cpu, "Console: serial8250 ttyS0, " + machine.cpuCount() + " CPUs, native");
            percpu[0].online = true;
            fn.enter(cpu, TIME_INIT);
            irqs.requestIrq(cpu, NativeTimers.PIT_IRQ, "timer", timers::timerInterrupt);
            tick.registerDevice(cpu, timers.pit);
            fn.exit(cpu, TIME_INIT);
            printk(cpu, "Using local APIC timer interrupts.");
            cpu.sti();
            fn.exit(cpu, START_KERNEL);
        }

        private void smpInit(Cpu cpu) {
            fn.enter(cpu, SMP_INIT);
            machine.installStartupCode(TRAMPOLINE_PAGE, new StartSecondary());
            for (int ap = 1; ap < percpu.length; ap++) {
                fn.enter(cpu, DO_BOOT_CPU);
                printk(cpu, "Booting processor " + ap + "/" + ap + " eip " + Integer.toHexString(TRAMPOLINE_PAGE) + "000");
                Apic.sendIpi(cpu, ap, Apic.DM_INIT | Apic.INT_LEVELTRIG, 0);
                Apic.sendIpi(cpu, ap, Apic.DM_STARTUP, TRAMPOLINE_PAGE);
                fn.exit(cpu, DO_BOOT_CPU);
            }
            fn.exit(cpu, SMP_INIT);
        }

        private void restInit(Cpu cpu) {
            fn.enter(cpu, REST_INIT);
            printk(cpu, "Brought up " + percpu.length + (percpu.length == 1 ? " CPU" : " CPUs"));
            if (serial != null) {
                serial.startup(cpu, irqs);
            }
            if (serioRaw != null) {
                new I8042Driver(fn, serioRaw).init(cpu, irqs);
                printk(cpu, "serio: i8042 KBD port at 0x60,0x64 irq 1, bound to serio_raw");
            }
            clocksourcePending = true;
            printk(cpu, "Freeing unused kernel memory: starting " + config.tasks().size()
                    + (config.tasks().size() == 1 ? " task" : " tasks"));
            for (TaskConfig task : config.tasks()) {
                if (task.startPicos() == 0) {
                    fork(cpu, task);
                } else {
                    forkLater(task);
                }
            }
            fn.exit(cpu, REST_INIT);
            cpuIdle(cpu);
        }
    }

    /** An application processor after its start-up IPI: {@code start_secondary}. */
    private final class StartSecondary implements Context {
        @Override
        public void resume(Cpu cpu) {
            beginPath(cpu);
            fn.enter(cpu, START_SECONDARY);
            setupLocalApic(cpu, false);
            setupApicTimer(cpu);
            percpu[cpu.id()].online = true;
            cpu.sti();
            fn.exit(cpu, START_SECONDARY);
            cpuIdle(cpu);
        }

        @Override
        public void workStopped(Cpu cpu, long remainingCycles) {
        }

        @Override
        public String name() {
            return "start_secondary";
        }
    }

    /** {@code setup_local_APIC}: software-enable; the BSP's LINT0 is the 8259's virtual wire. */
    private void setupLocalApic(Cpu cpu, boolean bootstrap) {
        fn.enter(cpu, SETUP_LOCAL_APIC);
        Apic.write(cpu, Apic.SVR, Apic.SVR_ENABLED | Apic.SPURIOUS_APIC_VECTOR);
        Apic.write(cpu, Apic.LVT0, bootstrap ? Apic.DM_EXTINT : Apic.LVT_MASKED);
        Apic.write(cpu, Apic.LVT1, bootstrap ? Apic.DM_NMI : Apic.LVT_MASKED);
        Apic.write(cpu, Apic.LVTERR, Apic.ERROR_APIC_VECTOR);
        fn.exit(cpu, SETUP_LOCAL_APIC);
    }

    /** {@code setup_APIC_timer}: this CPU's lapic clockevent takes over its tick. */
    private void setupApicTimer(Cpu cpu) {
        fn.enter(cpu, SETUP_APIC_TIMER);
        tick.registerDevice(cpu, timers.lapicFor(cpu));
        fn.exit(cpu, SETUP_APIC_TIMER);
    }

    /** {@code cpu_idle}: this CPU becomes its idle task. */
    private void cpuIdle(Cpu cpu) {
        fn.enter(cpu, CPU_IDLE);
        cpu.switchTo(percpu[cpu.id()].idleLoop, 0);
        fn.exit(cpu, CPU_IDLE);
    }

    /** Per-CPU state that is not the run queue's. */
    static final class PerCpu {
        final Cpu cpu;
        boolean online;
        int hardirqCount;
        boolean irqFromUser;
        long apicTimerIrqs;
        long reschedIrqs;
        IdleLoop idleLoop;

        PerCpu(Cpu cpu) {
            this.cpu = cpu;
        }
    }
}
