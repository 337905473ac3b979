package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenFunction.AC_TIMER_INIT;
import static dev.xenolith.hypervisor.XenFunction.CMAIN;
import static dev.xenolith.hypervisor.XenFunction.DO_CREATEDOMAIN;
import static dev.xenolith.hypervisor.XenFunction.DO_SOFTIRQ;
import static dev.xenolith.hypervisor.XenFunction.INIT_APIC_MAPPINGS;
import static dev.xenolith.hypervisor.XenFunction.INIT_IRQ;
import static dev.xenolith.hypervisor.XenFunction.SCHEDULERS_START;
import static dev.xenolith.hypervisor.XenFunction.SCHEDULER_INIT;
import static dev.xenolith.hypervisor.XenFunction.SETUP_APIC_TIMER;
import static dev.xenolith.hypervisor.XenFunction.SETUP_LOCAL_APIC;
import static dev.xenolith.hypervisor.XenFunction.SMP_BOOT_CPUS;
import static dev.xenolith.hypervisor.XenFunction.STARTUP_CPU_IDLE_LOOP;
import static dev.xenolith.hypervisor.XenFunction.START_SECONDARY;
import static dev.xenolith.hypervisor.XenFunction.TIME_INIT;
import static dev.xenolith.hypervisor.XenFunction.TRAP_INIT;
import static dev.xenolith.hypervisor.XenFunction.UPDATE_DOM_TIME;

import dev.xenolith.devices.apic.ApicRegisters;
import dev.xenolith.hypervisor.abi.StartInfo;
import dev.xenolith.hypervisor.abi.VcpuRunstate;
import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.softirq.Softirq;
import dev.xenolith.hypervisor.softirq.SoftirqTable;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.Functions;
import dev.xenolith.machine.trace.Layer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A Xen-style hypervisor in the manner of Xen 2.0.4 on x86_32, with vcpus as from 3.0. It owns the IDT and
 * the devices; it boots on the bootstrap processor ({@link #bootContext()}), brings up the others with
 * INIT/SIPI, builds the configured domains, and from then on runs each CPU's idle loop and the guests'
 * vcpus under the chosen scheduler plug-in. It reaches a guest only through the PV ABI package.
 */
public final class Xen {
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 0;
    /** Ring of a PV guest kernel on x86_32 (Xen runs in ring 0, guest user code in ring 3). */
    static final int GUEST_KERNEL_RING = 1;
    private static final int TRAMPOLINE_PAGE = 0x9F;
    private static final int PIT_LATCH = 11932; // (1193182 + HZ/2) / HZ with Xen's HZ = 100
    private static final long AP_WAIT_SPIN_CYCLES = 2000;

    final Functions<XenFunction> fn;
    final SoftirqTable softirqs;
    final AcTimers timers;
    final Schedule schedule;
    final Entry entry;
    final EventChannels events;
    final Hypercalls hypercalls;
    final XenConsole console;
    long jiffies;

    private final Machine machine;
    private final XenConfig config;
    private final PerCpu[] percpu;
    private final IdleLoop[] idleLoops;
    private final Domain idleDomain = new Domain(Domain.IDLE_DOMAIN_ID, "idle");
    private final List<Domain> domains = new ArrayList<>();
    private final List<VcpuState[]> states = new ArrayList<>();
    private final IntPredicate stackReset;
    private Cpu running;

    public Xen(Machine machine, XenConfig config) {
        this.machine = machine;
        this.config = config;
        this.fn = new Functions<>(machine, XenFunction.class, new Layer("xen"));
        this.percpu = new PerCpu[machine.cpuCount()];
        this.idleLoops = new IdleLoop[percpu.length];
        for (int i = 0; i < percpu.length; i++) {
            percpu[i] = new PerCpu(i, machine.cpu(i));
            idleLoops[i] = new IdleLoop(this, percpu[i]);
        }
        this.softirqs = new SoftirqTable(percpu.length, this::ipiEventCheck);
        this.timers = new AcTimers(this, config.apicTimer());
        this.schedule = new Schedule(this, config.scheduler());
        this.entry = new Entry(this);
        this.events = new EventChannels(this);
        this.hypercalls = new Hypercalls(this);
        this.console = new XenConsole(config.com1Baud());
        this.stackReset = cpu -> percpu[cpu].stackReset;
    }

    /** What the bootstrap processor runs at power-on: Xen's start of day. */
    public Context bootContext() {
        return new Boot();
    }

    /** The domains built so far, in creation order. */
    public List<Domain> domains() {
        return Collections.unmodifiableList(domains);
    }

    /** The local APIC timer interrupts taken on {@code cpu}. */
    public long apicTimerInterrupts(int cpu) {
        return percpu[cpu].apicTimerInterrupts;
    }

    /** Vcpu context switches {@code cpu} has made (each {@code xen_sched_switch}). */
    public long vcpuSwitches(int cpu) {
        return percpu[cpu].vcpuSwitches;
    }

    /** The vcpu {@code cpu} runs (or its idle vcpu). */
    public Vcpu current(int cpu) {
        return percpu[cpu].curr;
    }

    public String schedulerName() {
        return config.scheduler().optName();
    }

    // ---------------------------------------------------------------- package-private services

    Machine machine() {
        return machine;
    }

    int cpuCount() {
        return percpu.length;
    }

    PerCpu percpu(int id) {
        return percpu[id];
    }

    /** Marks the start of a Xen activation on {@code cpu}: who is running, and a fresh stack. */
    PerCpu beginPath(Cpu cpu) {
        running = cpu;
        PerCpu pcpu = percpu[cpu.id()];
        pcpu.stackReset = false;
        return pcpu;
    }

    /** The CPU whose path is running (the machine runs one path at a time). */
    Cpu runningCpu() {
        return running;
    }

    /** {@code NOW()}: system time in ns. The TSC and the PIT share one exact time base here. */
    long now(Cpu cpu) {
        return cpu.now() / Picos.PER_NANOSECOND;
    }

    Context context(Vcpu vcpu) {
        return vcpu.isIdle() ? idleLoops[vcpu.processor()] : state(vcpu);
    }

    VcpuState state(Vcpu vcpu) {
        return states.get(vcpu.domain().id() - 1)[vcpu.id()];
    }

    /** {@code raise_softirq} on the running CPU. */
    void raiseSoftirq(Cpu cpu, Softirq softirq) {
        raiseSoftirqOn(cpu, cpu.id(), softirq);
    }

    /** {@code cpu_raise_softirq}: an event-check IPI only on a remote 0→1 transition. */
    void raiseSoftirqOn(Cpu from, int to, Softirq softirq) {
        if (from.tracing()) {
            fn.event(from, new XenEvent.SoftirqRaise(softirq, to));
        }
        softirqs.raiseOn(from.id(), to, softirq);
    }

    /** {@code do_softirq}, abandoned if a handler switched vcpus. */
    void doSoftirq(PerCpu pcpu) {
        fn.enter(pcpu.cpu, DO_SOFTIRQ);
        softirqs.run(pcpu.id, stackReset);
        fn.exit(pcpu.cpu, DO_SOFTIRQ);
    }

    /** {@code smp_send_event_check_cpu}. */
    void sendEventCheck(Cpu from, int to) {
        if (to != from.id()) {
            ApicRegisters.sendIpi(from, to, 0, LocalApicRegs.EVENT_CHECK_VECTOR);
        }
    }

    private void ipiEventCheck(int from, int to) {
        sendEventCheck(percpu[from].cpu, to);
    }

    /** {@code vcpu_runstate_change}: the vcpu's runstate follows its scheduling flags. */
    void runstateChange(Cpu cpu, Vcpu vcpu) {
        if (vcpu.isIdle()) {
            return;
        }
        int state = vcpu.isRunning() ? VcpuRunstate.RUNNING
                : vcpu.isBlocked() ? VcpuRunstate.BLOCKED
                : vcpu.isRunnable() ? VcpuRunstate.RUNNABLE : VcpuRunstate.OFFLINE;
        events.sharedInfo(vcpu).vcpu(vcpu.id()).runstate().change(state, now(cpu));
    }

    /** {@code update_dom_time}: the vcpu's time record, for the guest to read. */
    void updateDomTime(Cpu cpu, Vcpu vcpu) {
        fn.enter(cpu, UPDATE_DOM_TIME);
        long nsPerCycle32 = (1_000_000_000L << 32) / cpu.clock().hertz();
        events.sharedInfo(vcpu).vcpu(vcpu.id()).time().update(cpu.rdtsc(), now(cpu), nsPerCycle32, 0);
        fn.exit(cpu, UPDATE_DOM_TIME);
    }

    /** {@code domain_shutdown}: the domain stops for good; its vcpus leave the run queues. */
    void shutdown(PerCpu pcpu, int reason) {
        Domain domain = pcpu.curr.domain();
        domain.setShutdown();
        console.printk(pcpu.cpu, "Domain " + domain.id() + " (" + domain.name() + ") shut down, reason " + reason);
        for (Vcpu vcpu : domain.vcpus()) {
            schedule.sleep(pcpu.cpu, vcpu);
        }
        schedule.enterScheduler(pcpu);
    }

    // ---------------------------------------------------------------- boot

    /**
     * Xen's start of day on the bootstrap processor, in the order that matters here: console,
     * {@code scheduler_init}, {@code init_IRQ} (gates, 8259, PIT at 100 Hz), {@code trap_init},
     * {@code time_init}, the local APIC, {@code smp_boot_cpus} (spinning until every AP has checked in),
     * the APIC timer, the domains, {@code schedulers_start}, and the idle loop ({@code ac_timer_init} comes with
     * {@code time_init}, before the APs start, because their idle loops run the timer softirq).
     */
    private final class Boot implements Context {
        private boolean waitingForSecondaries;

        @Override
        public void resume(Cpu cpu) {
            beginPath(cpu);
            if (!waitingForSecondaries) {
                startOfDay(cpu);
                waitingForSecondaries = true;
            }
            for (int i = 1; i < percpu.length; i++) {
                if (!percpu[i].online) {
                    cpu.work(AP_WAIT_SPIN_CYCLES, 0); // spin on cpu_online_map, as smp_boot_cpus does
                    return;
                }
            }
            finishBoot(cpu);
        }

        @Override
        public void workStopped(Cpu cpu, long remainingCycles) {
        }

        @Override
        public String name() {
            return "xen-boot";
        }

        private void startOfDay(Cpu cpu) {
            fn.enter(cpu, CMAIN);
            console.init(cpu);
            console.printk(cpu, "Xen version " + VERSION_MAJOR + "." + VERSION_MINOR + ".4 (xenolith)");
            console.printk(cpu, "Physical CPUs: " + percpu.length + " at " + cpu.clock().hertz() / 1_000_000 + " MHz");
            schedulerInit(cpu);
            fn.enter(cpu, INIT_IRQ);
            for (PerCpu p : percpu) {
                entry.installGates(p.cpu);
            }
            init8259(cpu);
            cpu.outb(0x43, 0x34); // PIT channel 0, lobyte/hibyte, mode 2
            cpu.outb(0x40, PIT_LATCH & 0xFF);
            cpu.outb(0x40, PIT_LATCH >>> 8);
            fn.exit(cpu, INIT_IRQ);
            fn.call(cpu, TRAP_INIT);
            fn.call(cpu, TIME_INIT);
            fn.enter(cpu, AC_TIMER_INIT); // before the APs start: their idle loops run the timer softirq
            timers.calibrate(Picos.PER_SECOND / config.apicBusHz());
            softirqs.open(Softirq.AC_TIMER_SOFTIRQ, timers::softirqAction);
            fn.exit(cpu, AC_TIMER_INIT);
            fn.call(cpu, INIT_APIC_MAPPINGS);
            setupLocalApic(cpu, true);
            fn.enter(cpu, SMP_BOOT_CPUS);
            machine.installStartupCode(TRAMPOLINE_PAGE, new StartSecondary());
            for (int ap = 1; ap < percpu.length; ap++) {
                console.printk(cpu, "Booting processor " + ap + "/" + ap + " eip " + Integer.toHexString(TRAMPOLINE_PAGE) + "000");
                ApicRegisters.sendIpi(cpu, ap, ApicRegisters.DM_INIT | ApicRegisters.ICR_LEVEL_TRIGGER, 0);
                ApicRegisters.sendIpi(cpu, ap, ApicRegisters.DM_STARTUP, TRAMPOLINE_PAGE);
            }
            fn.exit(cpu, SMP_BOOT_CPUS);
            fn.exit(cpu, CMAIN);
        }

        private void finishBoot(Cpu cpu) {
            fn.enter(cpu, CMAIN);
            console.printk(cpu, "Total of " + percpu.length + " processors activated.");
            setupApicTimer(cpu);
            console.printk(cpu, config.apicTimer()
                    ? "ac_timers use the local APIC timer (one-shot, vector 0xef)"
                    : "No local APIC timer: ac_timers run from the PIT's 100 Hz tick");
            cpu.sti();
            for (DomainConfig domain : config.domains()) {
                createDomain(cpu, domain);
            }
            fn.enter(cpu, SCHEDULERS_START);
            for (PerCpu p : percpu) {
                raiseSoftirqOn(cpu, p.id, Softirq.SCHEDULE_SOFTIRQ);
                timers.add(cpu, p.tTimer, now(cpu) + Schedule.T_TIMER_PERIOD_NS);
            }
            fn.exit(cpu, SCHEDULERS_START);
            fn.exit(cpu, CMAIN);
            startupCpuIdleLoop(percpu[0]);
        }

        private void schedulerInit(Cpu cpu) {
            fn.enter(cpu, SCHEDULER_INIT);
            softirqs.open(Softirq.SCHEDULE_SOFTIRQ, id -> schedule.enterScheduler(percpu[id]));
            for (PerCpu p : percpu) {
                schedule.initCpu(p, idleDomain.addVcpu(p.id, percpu.length));
            }
            config.scheduler().init(schedule, config.schedParams());
            for (PerCpu p : percpu) {
                config.scheduler().addVcpu(p.idle);
            }
            console.printk(cpu, "Using scheduler: " + config.scheduler().name() + " (" + config.scheduler().optName() + ")");
            fn.exit(cpu, SCHEDULER_INIT);
        }

        /** Xen's {@code init_8259A}: vectors 0x30/0x38, slave on IR2, only the PIT's IRQ0 unmasked. */
        private void init8259(Cpu cpu) {
            cpu.outb(0x21, 0xFF);
            cpu.outb(0xA1, 0xFF);
            cpu.outb(0x20, 0x11);
            cpu.outb(0x21, LocalApicRegs.FIRST_EXTERNAL_VECTOR);
            cpu.outb(0x21, 0x04);
            cpu.outb(0x21, 0x01);
            cpu.outb(0xA0, 0x11);
            cpu.outb(0xA1, LocalApicRegs.FIRST_EXTERNAL_VECTOR + 8);
            cpu.outb(0xA1, 0x02);
            cpu.outb(0xA1, 0x01);
            cpu.outb(0x21, 0xFE);
            cpu.outb(0xA1, 0xFF);
        }

        private void createDomain(Cpu cpu, DomainConfig config) {
            fn.enter(cpu, DO_CREATEDOMAIN);
            Domain domain = new Domain(domains.size() + 1, config.name());
            domains.add(domain);
            VcpuState[] vcpuStates = new VcpuState[config.vcpus()];
            states.add(vcpuStates);
            for (int v = 0; v < config.vcpus(); v++) {
                int home = config.pin().isEmpty() ? (domain.id() - 1 + v) % percpu.length
                        : nthSet(config.pin(), v % config.pin().cardinality());
                Vcpu vcpu = domain.addVcpu(home, percpu.length);
                if (!config.pin().isEmpty()) {
                    vcpu.pin(config.pin());
                }
                vcpuStates[v] = new VcpuState(Xen.this, vcpu, schedule);
            }
            events.addDomain(domain);
            for (Vcpu vcpu : domain.vcpus()) {
                Xen.this.config.scheduler().addVcpu(vcpu);
            }
            Xen.this.config.scheduler().adjustDomain(domain, config.sched());
            StartInfo startInfo = new StartInfo(domain.id(), domain.name(), config.vcpus(),
                    events.sharedInfo(domain), hypercalls);
            for (VcpuState state : vcpuStates) {
                state.guest = config.kernel().start(startInfo, state.vcpu.id());
            }
            console.printk(cpu, "Domain " + domain.id() + " (" + domain.name() + ") created: " + config.vcpus()
                    + (config.vcpus() == 1 ? " vcpu" : " vcpus"));
            for (Vcpu vcpu : domain.vcpus()) {
                schedule.wake(cpu, vcpu);
            }
            fn.exit(cpu, DO_CREATEDOMAIN);
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
            startupCpuIdleLoop(percpu[cpu.id()]);
        }

        @Override
        public void workStopped(Cpu cpu, long remainingCycles) {
        }

        @Override
        public String name() {
            return "start_secondary";
        }
    }

    /** {@code setup_local_APIC}: software-enable, the BSP's LINT0 as the 8259's virtual wire, LINT1 NMI. */
    private void setupLocalApic(Cpu cpu, boolean bootstrap) {
        fn.enter(cpu, SETUP_LOCAL_APIC);
        ApicRegisters.write(cpu, ApicRegisters.SVR, ApicRegisters.SVR_ENABLED | LocalApicRegs.SPURIOUS_APIC_VECTOR);
        ApicRegisters.write(cpu, ApicRegisters.LVT0, bootstrap ? ApicRegisters.DM_EXTINT : ApicRegisters.LVT_MASKED);
        ApicRegisters.write(cpu, ApicRegisters.LVT1, bootstrap ? ApicRegisters.DM_NMI : ApicRegisters.LVT_MASKED);
        ApicRegisters.write(cpu, ApicRegisters.LVTERR, LocalApicRegs.ERROR_APIC_VECTOR);
        fn.exit(cpu, SETUP_LOCAL_APIC);
    }

    /** {@code setup_APIC_timer}: one-shot, divide by 1, vector 0xef, disarmed (count 0). */
    private void setupApicTimer(Cpu cpu) {
        fn.enter(cpu, SETUP_APIC_TIMER);
        ApicRegisters.write(cpu, ApicRegisters.TDCR, ApicRegisters.TDR_DIV_1);
        ApicRegisters.write(cpu, ApicRegisters.LVTT, config.apicTimer()
                ? LocalApicRegs.LOCAL_TIMER_VECTOR
                : LocalApicRegs.LOCAL_TIMER_VECTOR | ApicRegisters.LVT_MASKED);
        ApicRegisters.write(cpu, ApicRegisters.TMICT, 0);
        fn.exit(cpu, SETUP_APIC_TIMER);
    }

    /** {@code startup_cpu_idle_loop}: this CPU becomes its idle vcpu. */
    private void startupCpuIdleLoop(PerCpu pcpu) {
        fn.enter(pcpu.cpu, STARTUP_CPU_IDLE_LOOP);
        pcpu.cpu.switchTo(idleLoops[pcpu.id], 0);
        fn.exit(pcpu.cpu, STARTUP_CPU_IDLE_LOOP);
    }

    private static int nthSet(BitSet bits, int n) {
        int bit = bits.nextSetBit(0);
        for (int i = 0; i < n; i++) {
            bit = bits.nextSetBit(bit + 1);
        }
        return bit;
    }
}
