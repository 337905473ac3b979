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
    /**
     * A port: the vcpu it notifies, and what it is bound to: a VIRQ, an IPI, or another domain's port
     * ({@code peerDomain}/{@code peerPort}; an unbound port has its peer domain and no peer port yet).
     */
    private record Port(Vcpu vcpu, int virq, int peerDomain, int peerPort) {
        static final int NONE = -1;

        static Port virq(Vcpu vcpu, int virq) {
            return new Port(vcpu, virq, NONE, NONE);
        }

        static Port ipi(Vcpu vcpu) {
            return new Port(vcpu, NONE, NONE, NONE);
        }

        boolean isInterdomain() {
            return peerPort != NONE;
        }

        boolean awaits(int domain) {
            return peerDomain == domain && peerPort == NONE;
        }
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
        d.ports.add(Port.virq(vcpu, virq));
        d.virqToPort[vcpu.id()][virq] = port;
        return port;
    }

    /** {@code EVTCHNOP_bind_ipi}: a port that notifies {@code vcpu} when another vcpu sends on it. */
    long bindIpi(Vcpu vcpu) {
        DomainPorts d = byDomain.get(vcpu.domain().id());
        int port = d.ports.size();
        d.ports.add(Port.ipi(vcpu));
        return port;
    }

    /** {@code EVTCHNOP_alloc_unbound}: a port of {@code domain} that {@code remoteDomain} may bind to. */
    long allocUnbound(Domain domain, int remoteDomain) {
        if (remoteDomain < 1 || remoteDomain >= byDomain.size() || byDomain.get(remoteDomain) == null) {
            return -Hypercall.EINVAL;
        }
        List<Port> ports = byDomain.get(domain.id()).ports;
        ports.add(new Port(domain.vcpu(0), Port.NONE, remoteDomain, Port.NONE));
        return ports.size() - 1;
    }

    /**
     * {@code EVTCHNOP_bind_interdomain}: connects a new port of {@code domain} to {@code remotePort} of
     * {@code remoteDomain}, which that domain allocated unbound for this one. Events go to each side's
     * vcpu 0.
     */
    long bindInterdomain(Domain domain, int remoteDomain, int remotePort) {
        if (remoteDomain < 1 || remoteDomain >= byDomain.size() || byDomain.get(remoteDomain) == null) {
            return -Hypercall.EINVAL;
        }
        List<Port> remote = byDomain.get(remoteDomain).ports;
        if (remotePort <= 0 || remotePort >= remote.size() || !remote.get(remotePort).awaits(domain.id())) {
            return -Hypercall.EINVAL;
        }
        List<Port> local = byDomain.get(domain.id()).ports;
        int port = local.size();
        local.add(new Port(domain.vcpu(0), Port.NONE, remoteDomain, remotePort));
        Port offered = remote.get(remotePort);
        remote.set(remotePort, new Port(offered.vcpu(), Port.NONE, domain.id(), port));
        return port;
    }

    /** {@code EVTCHNOP_send} from a domain on one of its ports. */
    long send(Cpu on, Domain domain, int port) {
        Port bound = port(domain, port);
        if (bound == null || (bound.peerDomain() != Port.NONE && !bound.isInterdomain())) {
            return -Hypercall.EINVAL;
        }
        if (bound.isInterdomain()) {
            Port peer = byDomain.get(bound.peerDomain()).ports.get(bound.peerPort());
            setPending(on, peer.vcpu(), bound.peerPort());
        } else {
            setPending(on, bound.vcpu(), port);
        }
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
                xen.runstateChange(on, vcpu);
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
