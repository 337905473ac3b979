package dev.xenolith.guest;

import static dev.xenolith.guest.LinuxFunction.CONSOLE_INIT;
import static dev.xenolith.guest.LinuxFunction.START_KERNEL;
import static dev.xenolith.guest.LinuxFunction.START_SECONDARY;
import static dev.xenolith.guest.LinuxFunction.TIME_INIT;
import static dev.xenolith.guest.LinuxFunction.XEN_EVTCHN_DO_UPCALL;
import static dev.xenolith.guest.LinuxFunction.XEN_HYPERVISOR_CALLBACK;
import static dev.xenolith.guest.LinuxFunction.XEN_RESCHEDULE_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.XEN_SAFE_HALT;
import static dev.xenolith.guest.LinuxFunction.XEN_SEND_IPI_ONE;
import static dev.xenolith.guest.LinuxFunction.XEN_TIMER_INTERRUPT;
import static dev.xenolith.guest.LinuxFunction.XEN_VCPUOP_SET_NEXT_EVENT;
import static dev.xenolith.guest.LinuxFunction.XEN_VCPUOP_SET_MODE;

import dev.xenolith.guest.drivers.CharDevice;
import dev.xenolith.guest.irq.IrqChip;
import dev.xenolith.guest.irq.IrqHandler;
import dev.xenolith.guest.irq.Irqs;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.hypervisor.abi.GuestContext;
import dev.xenolith.hypervisor.abi.Hypercall;
import dev.xenolith.hypervisor.abi.Hypercalls;
import dev.xenolith.hypervisor.abi.SharedInfo;
import dev.xenolith.hypervisor.abi.StartInfo;
import dev.xenolith.hypervisor.abi.VcpuInfo;
import dev.xenolith.hypervisor.abi.VcpuRunstate;
import dev.xenolith.hypervisor.abi.Virq;
import dev.xenolith.machine.cpu.Context;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Layer;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The kernel as a Xen PV guest ({@code arch/x86/xen/}, {@code drivers/xen/events.c} in 2.6.25): each vcpu is
 * a CPU, whose interrupt flag is its event upcall mask; events arrive through {@code xen_evtchn_do_upcall},
 * which runs each pending port's irq through {@code do_IRQ} and then {@code ret_from_intr}, exactly like a
 * native interrupt; VIRQ_TIMER drives the "xen" clockevent (one-shot only, programmed with
 * {@code VCPUOP_set_singleshot_timer}, -ETIME when too late, after the periodic timer is stopped); the
 * reschedule IPI is an event channel; the idle loop blocks in {@code SCHEDOP_block}; printk goes through
 * {@code console_io}.
 *
 * <p>Continuation under the hypervisor: any hypercall may end with Xen running another vcpu on this
 * physical CPU (its exit path runs softirqs). Guest kernel paths are atomic, so the rest of such a path still
 * runs, as the vcpu's own logic, but it starts no work span and does not halt, and the hypercalls it would
 * still make are replayed when the vcpu runs again. The forced event callback of {@code xen_irq_enable} is
 * likewise taken at the end of the path, where {@code xen_iret}'s fixup would take it.
 */
final class XenPv implements Platform {
    private static final int GUEST_KERNEL_RING = 1;
    private static final long TIMER_SLOP_NS = 100_000;
    private static final long MAX_DELTA_NS = 0xFFFF_FFFFL;

    private final Linux linux;
    private final StartInfo start;
    private final Hypercalls hv;
    private final SharedInfo shared;
    private final Vcpu[] vcpus;
    private final int[] portToIrq = new int[SharedInfo.NR_EVENT_CHANNELS];
    /** {@code cpu_evtchn_mask}: per vcpu, the ports bound to it, in the shared page's 32-bit words. */
    private final int[][] boundPorts;
    private final int[] irqToPort = new int[Irqs.NR_IRQS];
    private int nextIrq;
    private boolean bootDone;

    /** A vcpu: its guest context for Xen, the context it runs now, and its ports and clockevent. */
    private final class Vcpu implements GuestContext {
        final int id;
        final Layer layer;
        Context current;
        ClockEventDevice clockevent;
        int reschedPort;
        /** A hypercall of the running path let Xen switch this vcpu out. */
        boolean descheduled;
        /** Hypercalls owed since then, replayed when the vcpu runs again: a timer, IPIs, console text. */
        long deferredTimer = -1;
        final BitSet deferredSends = new BitSet();
        final StringBuilder deferredConsole = new StringBuilder();
        long stolenSeen;
        long stolenResidual;

        Vcpu(int id) {
            this.id = id;
            this.layer = new Layer("d" + start.domainId() + "v" + id);
        }

        @Override
        public void resume(Cpu cpu) {
            enter(cpu, this);
            current.resume(cpu);
        }

        @Override
        public void workStopped(Cpu cpu, long remainingCycles) {
            current.workStopped(cpu, remainingCycles);
        }
    }

    private Vcpu running;

    XenPv(Linux linux, StartInfo start) {
        this.linux = linux;
        this.start = start;
        this.hv = start.hypercalls();
        this.shared = start.sharedInfo();
        this.vcpus = new Vcpu[start.vcpus()];
        this.boundPorts = new int[start.vcpus()][SharedInfo.NR_EVENT_CHANNELS / 32];
        Arrays.fill(portToIrq, -1);
        Arrays.fill(irqToPort, -1);
        for (int v = 0; v < vcpus.length; v++) {
            vcpus[v] = new Vcpu(v);
            vcpus[v].current = v == 0 ? new StartKernel() : new StartSecondary();
        }
    }

    /** The guest context Xen runs for vcpu {@code v}. */
    GuestContext vcpu(int v) {
        return vcpus[v];
    }

    /**
     * A guest path begins on {@code cpu} for vcpu {@code v}: this vcpu is the CPU the kernel sees, its trace
     * layer is the vcpu's, and what it owes from a path that was switched out is paid first.
     */
    private void enter(Cpu cpu, Vcpu v) {
        running = v;
        linux.beginPath(cpu);
        linux.fn.setLayer(v.layer);
        v.descheduled = false;
        if (v.deferredConsole.length() > 0) {
            String text = v.deferredConsole.toString();
            v.deferredConsole.setLength(0);
            consoleWrite(cpu, text);
        }
        if (v.deferredTimer >= 0) {
            long timeout = v.deferredTimer;
            v.deferredTimer = -1;
            after(cpu, hv.vcpuOp(cpu, Hypercall.VCPUOP_SET_SINGLESHOT_TIMER, timeout, 0));
        }
        for (int to = v.deferredSends.nextSetBit(0); to >= 0; to = v.deferredSends.nextSetBit(to + 1)) {
            v.deferredSends.clear(to);
            sendReschedule(cpu, to);
        }
    }

    /** After a hypercall of the running vcpu: note whether Xen switched it out; the call's result. */
    private long after(Cpu cpu, long result) {
        if (hv.switchedAway(cpu)) {
            running.descheduled = true;
        }
        return result;
    }

    // ---------------------------------------------------------------- Platform

    @Override
    public int smpProcessorId(Cpu cpu) {
        return running.id;
    }

    /** {@code xen_irq_disable}: mask event upcalls. */
    @Override
    public void localIrqDisable(Cpu cpu) {
        shared.vcpu(running.id).setUpcallMask(true);
    }

    /** {@code xen_irq_enable}: unmask; a pending event is taken at the end of the path. */
    @Override
    public void localIrqEnable(Cpu cpu) {
        shared.vcpu(running.id).setUpcallMask(false);
    }

    @Override
    public boolean irqsDisabled(Cpu cpu) {
        return shared.vcpu(running.id).upcallMask();
    }

    /** {@code xen_smp_send_reschedule}: notify the target vcpu's reschedule event channel. */
    @Override
    public void sendReschedule(Cpu from, int to) {
        linux.fn.enter(from, XEN_SEND_IPI_ONE);
        if (running.descheduled) {
            running.deferredSends.set(to);
        } else {
            int port = vcpus[to].reschedPort;
            after(from, hv.send(from, port));
        }
        linux.fn.exit(from, XEN_SEND_IPI_ONE);
    }

    @Override
    public void switchTo(Cpu cpu, Task next) {
        running.current = next.context();
    }

    @Override
    public int kernelRing() {
        return GUEST_KERNEL_RING;
    }

    @Override
    public void startWork(Cpu cpu, long cycles, int cpl) {
        if (running.descheduled) {
            return;
        }
        VcpuInfo info = shared.vcpu(running.id);
        if (info.upcallPending() && !info.upcallMask()) {
            after(cpu, hv.xenVersion(cpu)); // xen_force_evtchn_callback: the upcall comes first
            return;
        }
        cpu.work(cycles, cpl);
    }

    /** {@code xen_safe_halt}: {@code SCHEDOP_block}, which also re-enables events; the path ends either way. */
    @Override
    public void safeHalt(Cpu cpu) {
        linux.fn.enter(cpu, XEN_SAFE_HALT);
        shared.vcpu(running.id).setUpcallMask(false);
        if (!running.descheduled) {
            after(cpu, hv.schedOp(cpu, Hypercall.SCHEDOP_BLOCK, 0));
        }
        linux.fn.exit(cpu, XEN_SAFE_HALT);
    }

    @Override
    public void consoleWrite(Cpu cpu, String text) {
        if (running.descheduled) {
            running.deferredConsole.append(text);
        } else {
            after(cpu, hv.consoleWrite(cpu, text));
        }
    }

    /** A domU has no serial port or PS/2 controller. */
    @Override
    public CharDevice device(String name) {
        return null;
    }

    /** {@code xen_sched_clock}: the time this vcpu ran or blocked, so time stolen by others is not charged. */
    @Override
    public long schedClock(Cpu cpu) {
        VcpuRunstate runstate = shared.vcpu(running.id).runstate();
        long now = Tick.ktimeGet(cpu);
        return runstate.timeIn(VcpuRunstate.RUNNING, now) + runstate.timeIn(VcpuRunstate.BLOCKED, now);
    }

    /**
     * {@code do_stolen_accounting}: the time this vcpu spent runnable or offline since last time, in whole
     * ticks, accounted as steal time; the rest carries over.
     */
    private void doStolenAccounting(Cpu cpu, Vcpu v) {
        VcpuRunstate runstate = shared.vcpu(v.id).runstate();
        long now = Tick.ktimeGet(cpu);
        long stolen = runstate.timeIn(VcpuRunstate.RUNNABLE, now) + runstate.timeIn(VcpuRunstate.OFFLINE, now);
        long delta = stolen - v.stolenSeen + v.stolenResidual;
        v.stolenSeen = stolen;
        long tickNs = 1_000_000_000L / linux.config.hz();
        linux.tick.stealTicks[v.id] += delta / tickNs;
        v.stolenResidual = delta % tickNs;
    }

    // ---------------------------------------------------------------- events

    /** {@code bind_virq_to_irqhandler} / {@code bind_ipi_to_irqhandler}: a port becomes an irq with a handler. */
    private void bindPort(Cpu cpu, int port, int vcpu, String name, IrqHandler handler) {
        int irq = nextIrq++;
        portToIrq[port] = irq;
        boundPorts[vcpu][port >>> 5] |= 1 << (port & 31);
        irqToPort[irq] = port;
        linux.irqs.setChip(irq, chip);
        linux.irqs.requestIrq(cpu, irq, name, handler);
    }

    /** {@code xen_dynamic_chip}: masking is the port's mask bit, the ack clears its pending bit. */
    private final IrqChip chip = new IrqChip() {
        @Override
        public String name() {
            return "xen-dyn";
        }

        @Override
        public void maskAck(Cpu cpu, int irq) {
            int port = irqToPort[irq];
            shared.mask(port);
            shared.clearPending(port);
        }

        /** {@code unmask_evtchn}: a port still pending is raised again locally, without a hypercall. */
        @Override
        public void unmask(Cpu cpu, int irq) {
            int port = irqToPort[irq];
            shared.clearMask(port);
            VcpuInfo info = shared.vcpu(running.id);
            if (shared.isPending(port) && info.setPendingSelBit(port >>> 5)) {
                info.setUpcallPending(true);
            }
        }
    };

    /**
     * {@code xen_hypervisor_callback} → {@code xen_evtchn_do_upcall}: for each pending, unmasked port of this
     * vcpu, lowest first, {@code do_IRQ} of its irq; then {@code ret_from_intr} as for any interrupt, with
     * what the upcall interrupted (a task in user mode or kernel code).
     */
    private void upcall(Cpu cpu, Vcpu v) {
        enter(cpu, v);
        linux.fn.enter(cpu, XEN_HYPERVISOR_CALLBACK);
        boolean userMode = v.current instanceof TaskRunner runner && runner.inUserWork();
        linux.percpu(v.id).irqFromUser = userMode;
        linux.fn.enter(cpu, XEN_EVTCHN_DO_UPCALL);
        VcpuInfo info = shared.vcpu(v.id);
        while (info.upcallPending()) {
            info.setUpcallPending(false);
            int selector = info.takePendingSel();
            while (selector != 0) {
                int word = Integer.numberOfTrailingZeros(selector);
                selector &= selector - 1;
                int bits;
                while ((bits = shared.pendingWord(word) & ~shared.maskWord(word) & boundPorts[v.id][word]) != 0) {
                    int port = word * 32 + Integer.numberOfTrailingZeros(bits);
                    int irq = portToIrq[port];
                    if (irq < 0) {
                        shared.clearPending(port);
                        continue;
                    }
                    linux.entry.irqEnter(cpu);
                    linux.irqs.doIrq(cpu, irq);
                    linux.entry.irqExit(cpu);
                }
            }
        }
        linux.fn.exit(cpu, XEN_EVTCHN_DO_UPCALL);
        linux.entry.retFromIntr(cpu, userMode, true);
        linux.fn.exit(cpu, XEN_HYPERVISOR_CALLBACK);
        localIrqEnable(cpu); // xen_iret restores the interrupted code's flags: events on
    }

    /**
     * {@code xen_timer_interrupt}: the vcpu's clockevent handler (Xen may fire up to its timer slop early; the
     * handlers cope as the kernel's do), then {@code do_stolen_accounting}.
     */
    private boolean xenTimerInterrupt(Cpu cpu, int irq) {
        linux.fn.enter(cpu, XEN_TIMER_INTERRUPT);
        linux.percpu(running.id).apicTimerIrqs++;
        ClockEventDevice dev = running.clockevent;
        if (dev != null && dev.handler != null) {
            dev.handler.handle(cpu, dev);
        }
        doStolenAccounting(cpu, running);
        linux.fn.exit(cpu, XEN_TIMER_INTERRUPT);
        return true;
    }

    /** {@code xen_reschedule_interrupt}: only a count; the point is the return path. */
    private boolean xenRescheduleInterrupt(Cpu cpu, int irq) {
        linux.fn.call(cpu, XEN_RESCHEDULE_INTERRUPT);
        linux.percpu(running.id).reschedIrqs++;
        return true;
    }

    /**
     * The "xen" clockevent in its vcpuop flavour ({@code xen_vcpuop_clockevent}): one-shot only, rating 500,
     * ns as cycles, at least {@code TIMER_SLOP} (100 µs) ahead; a deadline already past gets -ETIME.
     */
    private ClockEventDevice newClockevent() {
        ClockEventDevice dev = new ClockEventDevice("xen", ClockEventDevice.FEAT_ONESHOT, 500, new ClockEventDevice.Ops() {
            @Override
            public void setMode(Cpu cpu, ClockEventDevice.Mode mode, ClockEventDevice d) {
                linux.fn.enter(cpu, XEN_VCPUOP_SET_MODE);
                if (!running.descheduled) {
                    if (mode == ClockEventDevice.Mode.ONESHOT) {
                        after(cpu, hv.vcpuOp(cpu, Hypercall.VCPUOP_STOP_PERIODIC_TIMER, 0, 0));
                    } else if (mode == ClockEventDevice.Mode.SHUTDOWN || mode == ClockEventDevice.Mode.UNUSED) {
                        after(cpu, hv.vcpuOp(cpu, Hypercall.VCPUOP_STOP_SINGLESHOT_TIMER, 0, 0));
                    }
                }
                linux.fn.exit(cpu, XEN_VCPUOP_SET_MODE);
            }

            @Override
            public int setNextEvent(Cpu cpu, long cycles, ClockEventDevice d) {
                linux.fn.enter(cpu, XEN_VCPUOP_SET_NEXT_EVENT);
                long timeout = Tick.ktimeGet(cpu) + cycles;
                int result = 0;
                if (running.descheduled) {
                    running.deferredTimer = timeout;
                } else if (after(cpu, hv.vcpuOp(cpu, Hypercall.VCPUOP_SET_SINGLESHOT_TIMER, timeout,
                        Hypercall.VCPU_SSHOTTMR_FUTURE)) == -Hypercall.ETIME) {
                    result = ClockEventDevice.ETIME;
                }
                linux.fn.exit(cpu, XEN_VCPUOP_SET_NEXT_EVENT);
                return result;
            }
        });
        dev.mult = 1;
        dev.shift = 0;
        dev.minDeltaNs = TIMER_SLOP_NS;
        dev.maxDeltaNs = MAX_DELTA_NS;
        return dev;
    }

    /** {@code xen_setup_timer} and {@code xen_setup_cpu_clockevents} on the vcpu itself. */
    private void setupTimer(Cpu cpu, Vcpu v) {
        v.clockevent = newClockevent();
        linux.tick.registerDevice(cpu, v.clockevent);
    }

    // ---------------------------------------------------------------- boot

    /** {@code xen_start_kernel} → {@code start_kernel} on vcpu 0, then {@code rest_init} once every vcpu is up. */
    private final class StartKernel extends BootStep {
        private boolean started;

        StartKernel() {
            super("xen_start_kernel");
        }

        @Override
        public void resume(Cpu cpu) {
            if (!started) {
                started = true;
                startKernel(cpu);
            }
            if (running.descheduled) {
                return;
            }
            if (!linux.allOnline()) {
                after(cpu, hv.schedOp(cpu, Hypercall.SCHEDOP_YIELD, 0)); // let the other vcpus come up
                return;
            }
            linux.restInit(cpu);
        }

        private void startKernel(Cpu cpu) {
            Vcpu v = running;
            linux.fn.enter(cpu, START_KERNEL);
            after(cpu, hv.setCallbacks(cpu, c -> upcall(c, v)));
            linux.fn.call(cpu, CONSOLE_INIT);
            linux.banner(cpu, "Xen");
            linux.schedInit(cpu);
            for (Vcpu each : vcpus) {
                int timerPort = (int) after(cpu, hv.bindVirq(cpu, Virq.TIMER, each.id));
                bindPort(cpu, timerPort, each.id, "timer" + each.id, XenPv.this::xenTimerInterrupt);
                each.reschedPort = (int) after(cpu, hv.bindIpi(cpu, each.id));
                bindPort(cpu, each.reschedPort, each.id, "resched" + each.id,
                        XenPv.this::xenRescheduleInterrupt);
            }
            linux.fn.enter(cpu, TIME_INIT);
            linux.printk(cpu, "Xen: using vcpuop timer interface");
            setupTimer(cpu, v);
            linux.fn.exit(cpu, TIME_INIT);
            linux.markOnline(0);
            bootDone = true;
            for (int other = 1; other < vcpus.length; other++) {
                linux.printk(cpu, "Booting processor " + other + " (vcpu " + other + ")");
                sendReschedule(cpu, other);
            }
            localIrqEnable(cpu);
            linux.fn.exit(cpu, START_KERNEL);
        }
    }

    /** A secondary vcpu: it registers its callback, blocks until vcpu 0 has set the kernel up, then starts. */
    private final class StartSecondary extends BootStep {
        private boolean registered;

        StartSecondary() {
            super("cpu_bringup");
        }

        @Override
        public void resume(Cpu cpu) {
            Vcpu v = running;
            if (!registered) {
                registered = true;
                after(cpu, hv.setCallbacks(cpu, c -> upcall(c, v)));
            }
            if (!bootDone) {
                if (!running.descheduled) {
                    localIrqEnable(cpu);
                    after(cpu, hv.schedOp(cpu, Hypercall.SCHEDOP_BLOCK, 0));
                }
                return;
            }
            linux.fn.enter(cpu, START_SECONDARY);
            setupTimer(cpu, v);
            linux.markOnline(v.id);
            localIrqEnable(cpu);
            linux.fn.exit(cpu, START_SECONDARY);
            linux.cpuIdle(cpu);
        }
    }
}
