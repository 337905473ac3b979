package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.CPU_IDLE;
import static dev.xenolith.guest.LinuxFunction.DO_FORK;
import static dev.xenolith.guest.LinuxFunction.REST_INIT;
import static dev.xenolith.guest.LinuxFunction.SCHED_INIT;

import dev.xenolith.guest.drivers.CharDevice;
import dev.xenolith.guest.drivers.SerioRaw;
import dev.xenolith.guest.irq.Irqs;
import dev.xenolith.guest.irq.Softirq;
import dev.xenolith.guest.irq.Softirqs;
import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.sched.SchedHost;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.guest.time.TimerList;
import dev.xenolith.guest.time.TimerWheel;
import dev.xenolith.hypervisor.abi.PvKernel;
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
/**
 * A Linux 2.6.25-like kernel for 32-bit x86 with CONFIG_PREEMPT: the scheduler, the tick with nohz and
 * hrtimers, softirqs and the irq layer, wait queues and the tasks' system calls, on one of two platforms: the
 * bare PC ({@link #nativeBoot}), where it owns the IDT, the 8259 pair, the APICs, the PIT and the legacy
 * devices, or a Xen domain ({@link #xenGuest}), where each vcpu is a CPU and events, timers and halting
 * go through hypercalls. Only {@link Platform} differs between the two.
 */
public final class Linux implements SchedHost {
    static final String RELEASE = "2.6.25-xenolith";

    final Machine machine;
    final KernelConfig config;
    final Functions<LinuxFunction> fn;
    final Sched sched;
    final Softirqs softirqs;
    final Irqs irqs;
    final Entry entry;
    final Tick tick;
    final Hrtimers hrtimers;
    final TickSched tickSched;
    final TimerWheel[] wheels;
    final SplittableRandom random;
    Platform platform;
    private final PerCpu[] percpu;
    private final List<TaskRunner> runners = new ArrayList<>();
    private final List<String> consoleLog = new ArrayList<>();
    private Cpu running;
    /** The clocksource is registered and waits for the next {@code update_wall_time} to be installed. */
    private boolean clocksourcePending;

    Linux(Machine machine, KernelConfig config, int cpus, Layer layer) {
        this.machine = machine;
        this.config = config;
        this.fn = new Functions<>(machine, LinuxFunction.class, layer);
        this.percpu = new PerCpu[cpus];
        for (int i = 0; i < cpus; i++) {
            percpu[i] = new PerCpu();
        }
        this.tick = new Tick(this, cpus);
        this.sched = new Sched(this, cpus);
        this.hrtimers = new Hrtimers(this, cpus, sched.tickNsec());
        this.tickSched = new TickSched(this, cpus);
        this.softirqs = new Softirqs(fn, this, cpus);
        this.irqs = new Irqs(fn, this, cpus);
        this.entry = new Entry(this);
        this.wheels = new TimerWheel[cpus];
        for (int i = 0; i < cpus; i++) {
            wheels[i] = new TimerWheel(jiffies());
            sched.idleTask(i).setContext(new IdleLoop(this, sched.idleTask(i)));
        }
        this.random = new SplittableRandom(config.seed());
    }

    /** A kernel for {@code machine}'s PC board; power CPU 0 on with {@link #bootContext()}. */
    public static Linux nativeBoot(Machine machine, KernelConfig config, NativeHardware hardware) {
        Linux linux = new Linux(machine, config, machine.cpuCount(), new Layer("linux"));
        linux.platform = new NativePc(linux, hardware);
        return linux;
    }

    /**
     * A kernel for a Xen domain with {@code vcpus} vcpus on {@code machine}; give Xen its {@link #pvKernel()}.
     * Its platform comes up when Xen builds the domain.
     */
    public static Linux xenGuest(Machine machine, KernelConfig config, int vcpus) {
        return new Linux(machine, config, vcpus, new Layer("d?v0"));
    }

    /** The image Xen boots: each vcpu starts in this kernel's context for it. */
    public PvKernel pvKernel() {
        return (startInfo, vcpu) -> {
            if (platform == null) {
                if (startInfo.vcpus() != percpu.length) {
                    throw new IllegalArgumentException("domain " + startInfo.domainName() + " has " + startInfo.vcpus()
                            + " vcpus, the kernel was built for " + percpu.length);
                }
                platform = new XenPv(this, startInfo);
            }
            return ((XenPv) platform).vcpu(vcpu);
        };
    }

    /** What the bootstrap processor runs at power-on natively: {@code start_kernel}. */
    public Context bootContext() {
        return ((NativePc) platform).bootContext();
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

    /** Bytes dropped by serio_raw because its ring was full (0 without one). */
    public long serioRawDropped() {
        return device("serio_raw") instanceof SerioRaw serioRaw ? serioRaw.dropped() : 0;
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

    /** Ticks of {@code cpu}'s time the hypervisor gave to others while it was runnable (0 natively). */
    public long stealTicks(int cpu) {
        return tick.stealTicks[cpu];
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
    public int hz() {
        return config.hz();
    }

    @Override
    public int jiffies() {
        return (int) tick.jiffies64;
    }

    @Override
    public long schedClock(Cpu cpu) {
        return platform.schedClock(cpu);
    }

    @Override
    public void sendReschedule(Cpu from, int to) {
        platform.sendReschedule(from, to);
    }

    @Override
    public void switchTo(Cpu cpu, Task next) {
        platform.switchTo(cpu, next);
    }

    @Override
    public int smpProcessorId(Cpu cpu) {
        return platform.smpProcessorId(cpu);
    }

    @Override
    public void localIrqDisable(Cpu cpu) {
        platform.localIrqDisable(cpu);
    }

    @Override
    public void localIrqEnable(Cpu cpu) {
        platform.localIrqEnable(cpu);
    }

    @Override
    public boolean irqsDisabled(Cpu cpu) {
        return platform.irqsDisabled(cpu);
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

    /** {@code printk}: to the log and the console. */
    void printk(Cpu cpu, String line) {
        consoleLog.add(line);
        platform.consoleWrite(cpu, line + "\n");
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
        return platform.device(name);
    }

    /** {@code do_fork} of a configured task and {@code wake_up_new_task}. */
    private void fork(Cpu cpu, TaskConfig task) {
        fn.enter(cpu, DO_FORK);
        Task p = sched.forkTask(task.name(), task.policy(), task.rtPriority(), task.nice(), task.cpus(), smpProcessorId(cpu));
        TaskRunner runner = new TaskRunner(this, p, task.program(), cpu.now());
        p.setContext(runner);
        runners.add(runner);
        sched.wakeUpNewTask(cpu, p);
        fn.exit(cpu, DO_FORK);
    }

    /**
     * A task that starts later is forked from a kernel timer on the boot CPU, in its timer softirq, at the
     * first jiffy at or after its start time (counted from power-on).
     */
    private void forkLater(Cpu cpu, TaskConfig task) {
        long wait = task.startPicos() - cpu.now();
        long jiffies = (wait / Picos.PER_NANOSECOND + tick.tickPeriodNs() - 1) / tick.tickPeriodNs();
        TimerList timer = new TimerList(wheels[smpProcessorId(cpu)], t -> fork(runningCpu(), task));
        timer.setExpires(jiffies() + (int) Math.max(1, jiffies));
        wheels[smpProcessorId(cpu)].addTimer(timer);
    }

    // ---------------------------------------------------------------- the boot steps both platforms share

    /** {@code sched_init}'s softirqs (the run queues and idle tasks are built with the kernel). */
    void schedInit(Cpu cpu) {
        fn.call(cpu, SCHED_INIT);
        softirqs.open(Softirq.TIMER_SOFTIRQ, tick::runTimerSoftirq);
        softirqs.open(Softirq.SCHED_SOFTIRQ, sched::runRebalanceDomains);
    }

    /** The banner {@code start_kernel} prints once the console is up. */
    void banner(Cpu cpu, String platformName) {
        printk(cpu, "Linux version " + RELEASE + " (xenolith@localhost) #1 " + (config.preempt() ? "PREEMPT " : "")
                + "(i386, HZ=" + config.hz() + ")");
        printk(cpu, "Booting paravirtualized kernel on " + platformName + ", " + percpu.length
                + (percpu.length == 1 ? " CPU" : " CPUs"));
    }

    /** {@code rest_init}'s part here: register the clocksource, start the tasks, become the idle task. */
    void restInit(Cpu cpu) {
        fn.enter(cpu, REST_INIT);
        printk(cpu, "Brought up " + percpu.length + (percpu.length == 1 ? " CPU" : " CPUs"));
        clocksourcePending = true;
        printk(cpu, "Freeing unused kernel memory: starting " + config.tasks().size()
                + (config.tasks().size() == 1 ? " task" : " tasks"));
        for (TaskConfig task : config.tasks()) {
            if (task.startPicos() <= cpu.now()) {
                fork(cpu, task);
            } else {
                forkLater(cpu, task);
            }
        }
        fn.exit(cpu, REST_INIT);
        cpuIdle(cpu);
    }

    /** {@code cpu_idle}: this CPU becomes its idle task. */
    void cpuIdle(Cpu cpu) {
        fn.enter(cpu, CPU_IDLE);
        platform.switchTo(cpu, sched.idleTask(smpProcessorId(cpu)));
        fn.exit(cpu, CPU_IDLE);
    }

    /** {@code cpu_online_map}: the CPU has come up. */
    void markOnline(int cpu) {
        percpu[cpu].online = true;
    }

    boolean allOnline() {
        for (PerCpu p : percpu) {
            if (!p.online) {
                return false;
            }
        }
        return true;
    }

    /** Per-CPU state that is not the run queue's. */
    static final class PerCpu {
        boolean online;
        int hardirqCount;
        boolean irqFromUser;
        long apicTimerIrqs;
        long reschedIrqs;
    }
}
