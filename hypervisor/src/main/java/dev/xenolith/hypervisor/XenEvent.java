package dev.xenolith.hypervisor;

import dev.xenolith.hypervisor.abi.Virq;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.softirq.Softirq;
import dev.xenolith.machine.trace.TraceEvent;

/** The hypervisor's tracepoints, in the style of Xen's trace records and trace-cmd's report. */
final class XenEvent {
    private XenEvent() {
    }

    /** A softirq raised ({@code raise_softirq} / {@code cpu_raise_softirq}); reads as a call in the graph. */
    record SoftirqRaise(Softirq softirq, int cpu) implements TraceEvent {
        @Override
        public String name() {
            return "softirq_raise";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("vec=").append(softirq.number()).append(" [action=").append(softirq).append("] cpu=")
                    .append(cpu);
        }

        @Override
        public void appendGraph(StringBuilder out) {
            out.append("raise_softirq(").append(softirq).append(");");
        }
    }

    /** The scheduler switched vcpus on a physical CPU. */
    record SchedSwitch(Vcpu prev, Vcpu next) implements TraceEvent {
        @Override
        public String name() {
            return "xen_sched_switch";
        }

        @Override
        public void appendFields(StringBuilder out) {
            prev.appendName(out.append("prev=")).append(prev.isBlocked() ? " prev_state=blocked" : " prev_state=runnable");
            next.appendName(out.append(" ==> next="));
        }
    }

    /** A virtual IRQ sent to a vcpu. */
    record VirqSend(Vcpu vcpu, int virq, int port) implements TraceEvent {
        @Override
        public String name() {
            return "send_guest_virq";
        }

        @Override
        public void appendFields(StringBuilder out) {
            vcpu.appendName(out.append("vcpu=")).append(" virq=").append(Virq.name(virq)).append(" port=").append(port);
        }
    }

    /** A hypercall entered. */
    record HypercallEntry(Vcpu vcpu, int op, String name) implements TraceEvent {
        @Override
        public String name() {
            return "hypercall";
        }

        @Override
        public void appendFields(StringBuilder out) {
            vcpu.appendName(out.append("vcpu=")).append(" op=").append(op).append(" (").append(name).append(')');
        }
    }

    /** An event upcall bounced into a guest. */
    record Upcall(Vcpu vcpu) implements TraceEvent {
        @Override
        public String name() {
            return "evtchn_upcall";
        }

        @Override
        public void appendFields(StringBuilder out) {
            vcpu.appendName(out.append("vcpu="));
        }
    }
}
