package dev.xenolith.hypervisor;

import static dev.xenolith.hypervisor.XenFunction.EVTCHN_SET_PENDING;
import static dev.xenolith.hypervisor.XenFunction.SEND_GUEST_VIRQ;
import static dev.xenolith.hypervisor.XenFunction.SMP_SEND_EVENT_CHECK_CPU;

import dev.xenolith.hypervisor.abi.Hypercall;
import dev.xenolith.hypervisor.abi.SharedInfo;
import dev.xenolith.hypervisor.abi.VcpuInfo;
import dev.xenolith.hypervisor.abi.Virq;
import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.machine.cpu.Cpu;
import java.util.ArrayList;
import java.util.List;

/**
 * Event channels ({@code event_channel.c}, {@code event.h}): each domain's ports, bound to a VIRQ of one
 * vcpu or to an IPI target vcpu, and {@code evtchn_set_pending}, which marks the port, and on a fresh
 * unmasked edge flags the vcpu's upcall, unblocks it and kicks its CPU if it is running elsewhere.
 */
final class EventChannels {
    /** A bound port: which vcpu it notifies and what it carries. */
    private record Port(Vcpu vcpu, int virq) {
        static final int IPI = -1;
    }

    private static final class DomainPorts {
        final SharedInfo sharedInfo;
        final List<Port> ports = new ArrayList<>();
        final int[][] virqToPort;

        DomainPorts(Domain domain) {
            sharedInfo = new SharedInfo(domain.vcpus().size());
            virqToPort = new int[domain.vcpus().size()][Virq.COUNT];
            ports.add(null); // port 0 is never bound, as in Xen
        }
    }

    private final Xen xen;
    private final List<DomainPorts> byDomain = new ArrayList<>();

    EventChannels(Xen xen) {
        this.xen = xen;
    }

    void addDomain(Domain domain) {
        while (byDomain.size() <= domain.id()) {
            byDomain.add(null);
        }
        byDomain.set(domain.id(), new DomainPorts(domain));
    }

    SharedInfo sharedInfo(Vcpu vcpu) {
        return byDomain.get(vcpu.domain().id()).sharedInfo;
    }

    SharedInfo sharedInfo(Domain domain) {
        return byDomain.get(domain.id()).sharedInfo;
    }

    /** {@code EVTCHNOP_bind_virq}: a new port for {@code virq} of the vcpu; -EINVAL if already bound. */
    long bindVirq(Vcpu vcpu, int virq) {
        if (virq < 0 || virq >= Virq.COUNT) {
            return -Hypercall.EINVAL;
        }
        DomainPorts d = byDomain.get(vcpu.domain().id());
        if (d.virqToPort[vcpu.id()][virq] != 0) {
            return -Hypercall.EINVAL;
        }
        int port = d.ports.size();
        d.ports.add(new Port(vcpu, virq));
        d.virqToPort[vcpu.id()][virq] = port;
        return port;
    }

    /** {@code EVTCHNOP_bind_ipi}: a port that notifies {@code vcpu} when another vcpu sends on it. */
    long bindIpi(Vcpu vcpu) {
        DomainPorts d = byDomain.get(vcpu.domain().id());
        int port = d.ports.size();
        d.ports.add(new Port(vcpu, Port.IPI));
        return port;
    }

    /** {@code EVTCHNOP_send} from a domain on one of its ports. */
    long send(Cpu on, Domain domain, int port) {
        Port bound = port(domain, port);
        if (bound == null) {
            return -Hypercall.EINVAL;
        }
        setPending(on, bound.vcpu(), port);
        return 0;
    }

    /** {@code EVTCHNOP_unmask}: after the guest clears a mask bit, resend a pending edge. */
    long unmask(Cpu on, Domain domain, int port) {
        Port bound = port(domain, port);
        if (bound == null) {
            return -Hypercall.EINVAL;
        }
        SharedInfo shared = sharedInfo(domain);
        shared.clearMask(port);
        if (shared.isPending(port)) {
            shared.clearPending(port);
            setPending(on, bound.vcpu(), port);
        }
        return 0;
    }

    /** {@code send_guest_virq}. */
    void sendGuestVirq(Cpu on, Vcpu vcpu, int virq) {
        xen.fn.enter(on, SEND_GUEST_VIRQ);
        int port = byDomain.get(vcpu.domain().id()).virqToPort[vcpu.id()][virq];
        if (on.tracing()) {
            xen.fn.event(on, new XenEvent.VirqSend(vcpu, virq, port));
        }
        if (port != 0) {
            setPending(on, vcpu, port);
        }
        xen.fn.exit(on, SEND_GUEST_VIRQ);
    }

    /** {@code event_pending}: an upcall is pending and not masked. */
    boolean eventPending(Vcpu vcpu) {
        VcpuInfo info = sharedInfo(vcpu).vcpu(vcpu.id());
        return info.upcallPending() && !info.upcallMask();
    }

    /** {@code evtchn_set_pending}, in Xen 2.0's strict order. */
    private void setPending(Cpu on, Vcpu vcpu, int port) {
        xen.fn.enter(on, EVTCHN_SET_PENDING);
        if (sharedInfo(vcpu).setPending(port, vcpu.id())) {
            sharedInfo(vcpu).vcpu(vcpu.id()).setUpcallPending(true);
            boolean wasRunning = vcpu.isRunning();
            if (vcpu.isBlocked()) {
                vcpu.setBlocked(false);
                xen.schedule.wake(on, vcpu);
            }
            if (wasRunning && vcpu.processor() != on.id()) {
                xen.fn.enter(on, SMP_SEND_EVENT_CHECK_CPU);
                xen.sendEventCheck(on, vcpu.processor());
                xen.fn.exit(on, SMP_SEND_EVENT_CHECK_CPU);
            }
        }
        xen.fn.exit(on, EVTCHN_SET_PENDING);
    }

    private Port port(Domain domain, int port) {
        List<Port> ports = byDomain.get(domain.id()).ports;
        return port > 0 && port < ports.size() ? ports.get(port) : null;
    }
}
