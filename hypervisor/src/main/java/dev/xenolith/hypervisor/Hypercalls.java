package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenFunction.DO_CONSOLE_IO;
import static dev.xenolith.hypervisor.XenFunction.DO_EVENT_CHANNEL_OP;
import static dev.xenolith.hypervisor.XenFunction.DO_SCHED_OP;
import static dev.xenolith.hypervisor.XenFunction.DO_SET_CALLBACKS;
import static dev.xenolith.hypervisor.XenFunction.DO_SET_TIMER_OP;
import static dev.xenolith.hypervisor.XenFunction.DO_VCPU_OP;
import static dev.xenolith.hypervisor.XenFunction.DO_XEN_VERSION;

import dev.xenolith.hypervisor.abi.EventCallback;
import dev.xenolith.hypervisor.abi.Hypercall;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.machine.cpu.Cpu;

/**
 * Xen's hypercall table and the hypercall page a guest calls through. A guest's call stores its
 * arguments in the CPU's hypercall registers and traps with {@code int 0x82}; the gate's handler
 * dispatches here by number. The operations follow 2.0.x ({@code do_sched_op}, {@code do_set_timer_op},
 * {@code do_event_channel_op}, {@code do_console_io}) and 3.1's single-shot {@code vcpu_op}.
 */
final class Hypercalls implements dev.xenolith.hypervisor.abi.Hypercalls {
    /** Event-channel sub-operations, carried in the first argument. */
    private static final int EVTCHNOP_BIND_INTERDOMAIN = 0;
    private static final int EVTCHNOP_BIND_VIRQ = 1;
    private static final int EVTCHNOP_SEND = 4;
    private static final int EVTCHNOP_BIND_IPI = 7;
    private static final int EVTCHNOP_ALLOC_UNBOUND = 6;
    private static final int EVTCHNOP_UNMASK = 9;
    /** {@code set_timer_op} timeouts further than this (about 13 days) fire after 100 ms instead. */
    private static final long TIMEOUT_MAX_NS = 1L << 50;
    private static final long TIMEOUT_SUBSTITUTE_NS = 100_000_000;

    private final Xen xen;

    Hypercalls(Xen xen) {
        this.xen = xen;
    }

    String name(int op) {
        return switch (op) {
            case Hypercall.SET_CALLBACKS -> "set_callbacks";
            case Hypercall.SCHED_OP -> "sched_op";
            case Hypercall.SET_TIMER_OP -> "set_timer_op";
            case Hypercall.EVENT_CHANNEL_OP -> "event_channel_op";
            case Hypercall.XEN_VERSION -> "xen_version";
            case Hypercall.CONSOLE_IO -> "console_io";
            case Hypercall.VCPU_OP -> "vcpu_op";
            default -> "unknown";
        };
    }

    /** {@code hypercall_table[eax]}. */
    long dispatch(PerCpu pcpu) {
        Cpu cpu = pcpu.cpu;
        Vcpu vcpu = pcpu.curr;
        return switch (pcpu.hypercall) {
            case Hypercall.SET_CALLBACKS -> {
                xen.fn.enter(cpu, DO_SET_CALLBACKS);
                xen.state(vcpu).callback = (EventCallback) pcpu.argObject;
                xen.fn.exit(cpu, DO_SET_CALLBACKS);
                yield 0;
            }
            case Hypercall.SCHED_OP -> schedOp(pcpu);
            case Hypercall.SET_TIMER_OP -> setTimerOp(pcpu);
            case Hypercall.VCPU_OP -> vcpuOp(pcpu);
            case Hypercall.EVENT_CHANNEL_OP -> eventChannelOp(pcpu);
            case Hypercall.CONSOLE_IO -> {
                xen.fn.enter(cpu, DO_CONSOLE_IO);
                xen.console.guestWrite(cpu, vcpu.domain(), (CharSequence) pcpu.argObject);
                xen.fn.exit(cpu, DO_CONSOLE_IO);
                yield 0;
            }
            case Hypercall.XEN_VERSION -> {
                xen.fn.call(cpu, DO_XEN_VERSION);
                yield Xen.VERSION_MAJOR << 16 | Xen.VERSION_MINOR;
            }
            default -> -Hypercall.ENOSYS;
        };
    }

    private long schedOp(PerCpu pcpu) {
        xen.fn.enter(pcpu.cpu, DO_SCHED_OP);
        long result = 0;
        switch ((int) pcpu.arg1) {
            case Hypercall.SCHEDOP_YIELD -> xen.schedule.doYield(pcpu);
            case Hypercall.SCHEDOP_BLOCK -> xen.schedule.doBlock(pcpu);
            case Hypercall.SCHEDOP_SHUTDOWN -> xen.shutdown(pcpu, (int) pcpu.arg2);
            default -> result = -Hypercall.ENOSYS;
        }
        xen.fn.exit(pcpu.cpu, DO_SCHED_OP);
        return result;
    }

    /** {@code do_set_timer_op}: 0 cancels the vcpu's timer, anything else (re)arms it. */
    private long setTimerOp(PerCpu pcpu) {
        xen.fn.enter(pcpu.cpu, DO_SET_TIMER_OP);
        if (pcpu.arg1 == 0) {
            xen.timers.remove(pcpu.cpu, xen.state(pcpu.curr).timer);
        } else {
            armTimer(pcpu, pcpu.arg1);
        }
        xen.fn.exit(pcpu.cpu, DO_SET_TIMER_OP);
        return 0;
    }

    /**
     * {@code VCPUOP_set_singleshot_timer} (a timeout already past fires at the next softirq pass, unless
     * {@code VCPU_SSHOTTMR_future} asks for -ETIME), {@code VCPUOP_stop_singleshot_timer}, and
     * {@code VCPUOP_stop_periodic_timer}, which ends the 10 ms {@code t_timer} tick for the calling vcpu.
     */
    private long vcpuOp(PerCpu pcpu) {
        xen.fn.enter(pcpu.cpu, DO_VCPU_OP);
        long result = 0;
        switch ((int) pcpu.arg1) {
            case Hypercall.VCPUOP_SET_SINGLESHOT_TIMER -> {
                boolean future = (pcpu.arg3 & Hypercall.VCPU_SSHOTTMR_FUTURE) != 0;
                if (future && pcpu.arg2 <= xen.now(pcpu.cpu)) {
                    result = -Hypercall.ETIME;
                } else {
                    armTimer(pcpu, pcpu.arg2);
                }
            }
            case Hypercall.VCPUOP_STOP_SINGLESHOT_TIMER -> xen.timers.remove(pcpu.cpu, xen.state(pcpu.curr).timer);
            case Hypercall.VCPUOP_STOP_PERIODIC_TIMER -> xen.state(pcpu.curr).periodicTimerStopped = true;
            default -> result = -Hypercall.ENOSYS;
        }
        xen.fn.exit(pcpu.cpu, DO_VCPU_OP);
        return result;
    }

    /**
     * (Re)arms the calling vcpu's timer on this CPU at absolute system time {@code timeout}; a negative or
     * absurdly far timeout (a guest's jiffy wrap) fires after 100 ms instead.
     */
    private void armTimer(PerCpu pcpu, long timeout) {
        VcpuState state = xen.state(pcpu.curr);
        xen.timers.remove(pcpu.cpu, state.timer);
        long now = xen.now(pcpu.cpu);
        if (timeout < 0 || timeout - now > TIMEOUT_MAX_NS) {
            timeout = now + TIMEOUT_SUBSTITUTE_NS;
        }
        state.timer.setCpu(pcpu.id);
        xen.timers.add(pcpu.cpu, state.timer, timeout);
    }

    private long eventChannelOp(PerCpu pcpu) {
        Cpu cpu = pcpu.cpu;
        Vcpu vcpu = pcpu.curr;
        xen.fn.enter(cpu, DO_EVENT_CHANNEL_OP);
        long result = switch ((int) pcpu.arg1) {
            case EVTCHNOP_BIND_VIRQ -> xen.events.bindVirq(vcpu.domain().vcpu((int) pcpu.arg3), (int) pcpu.arg2);
            case EVTCHNOP_BIND_IPI -> xen.events.bindIpi(vcpu.domain().vcpu((int) pcpu.arg2));
            case EVTCHNOP_SEND -> xen.events.send(cpu, vcpu.domain(), (int) pcpu.arg2);
            case EVTCHNOP_UNMASK -> xen.events.unmask(cpu, vcpu.domain(), (int) pcpu.arg2);
            case EVTCHNOP_ALLOC_UNBOUND -> xen.events.allocUnbound(vcpu.domain(), (int) pcpu.arg2);
            case EVTCHNOP_BIND_INTERDOMAIN -> xen.events.bindInterdomain(vcpu.domain(), (int) pcpu.arg2, (int) pcpu.arg3);
            default -> -Hypercall.ENOSYS;
        };
        xen.fn.exit(cpu, DO_EVENT_CHANNEL_OP);
        return result;
    }

    // ---------------------------------------------------------------- the hypercall page

    private long trap(Cpu cpu, int op, long a1, long a2, long a3, Object object) {
        PerCpu pcpu = xen.percpu(cpu.id());
        pcpu.hypercall = op;
        pcpu.arg1 = a1;
        pcpu.arg2 = a2;
        pcpu.arg3 = a3;
        pcpu.argObject = object;
        cpu.softwareInterrupt(Hypercall.VECTOR);
        pcpu.argObject = null;
        return pcpu.result;
    }

    @Override
    public long setCallbacks(Cpu cpu, EventCallback event) {
        return trap(cpu, Hypercall.SET_CALLBACKS, 0, 0, 0, event);
    }

    @Override
    public long schedOp(Cpu cpu, int command, int reason) {
        return trap(cpu, Hypercall.SCHED_OP, command, reason, 0, null);
    }

    @Override
    public long setTimerOp(Cpu cpu, long timeoutNs) {
        return trap(cpu, Hypercall.SET_TIMER_OP, timeoutNs, 0, 0, null);
    }

    @Override
    public long vcpuOp(Cpu cpu, int command, long timeoutAbsNs, int flags) {
        return trap(cpu, Hypercall.VCPU_OP, command, timeoutAbsNs, flags, null);
    }

    @Override
    public long consoleWrite(Cpu cpu, CharSequence text) {
        return trap(cpu, Hypercall.CONSOLE_IO, 0, 0, 0, text);
    }

    @Override
    public long bindVirq(Cpu cpu, int virq, int vcpu) {
        return trap(cpu, Hypercall.EVENT_CHANNEL_OP, EVTCHNOP_BIND_VIRQ, virq, vcpu, null);
    }

    @Override
    public long bindIpi(Cpu cpu, int vcpu) {
        return trap(cpu, Hypercall.EVENT_CHANNEL_OP, EVTCHNOP_BIND_IPI, vcpu, 0, null);
    }

    @Override
    public long allocUnbound(Cpu cpu, int remoteDomain) {
        return trap(cpu, Hypercall.EVENT_CHANNEL_OP, EVTCHNOP_ALLOC_UNBOUND, remoteDomain, 0, null);
    }

    @Override
    public long bindInterdomain(Cpu cpu, int remoteDomain, int remotePort) {
        return trap(cpu, Hypercall.EVENT_CHANNEL_OP, EVTCHNOP_BIND_INTERDOMAIN, remoteDomain, remotePort, null);
    }

    @Override
    public long send(Cpu cpu, int port) {
        return trap(cpu, Hypercall.EVENT_CHANNEL_OP, EVTCHNOP_SEND, port, 0, null);
    }

    @Override
    public long unmask(Cpu cpu, int port) {
        return trap(cpu, Hypercall.EVENT_CHANNEL_OP, EVTCHNOP_UNMASK, port, 0, null);
    }

    @Override
    public long xenVersion(Cpu cpu) {
        return trap(cpu, Hypercall.XEN_VERSION, 0, 0, 0, null);
    }

    @Override
    public boolean switchedAway(Cpu cpu) {
        return xen.percpu(cpu.id()).stackReset;
    }
}
