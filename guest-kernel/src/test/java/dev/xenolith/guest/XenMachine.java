package dev.xenolith.guest;

import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.hypervisor.DomainConfig;
import dev.xenolith.hypervisor.Xen;
import dev.xenolith.hypervisor.XenConfig;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.trace.TraceSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** A PC with Xen and Linux PV guests in its domains, for tests. */
public final class XenMachine {
    /** A domain to build: its name, vcpus, scheduler parameters and kernel. */
    public record Guest(String name, int vcpus, Map<String, Long> sched, KernelConfig kernel) {
    }

    public final Machine machine;
    public final Xen xen;
    public final List<Linux> guests = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    public XenMachine(int cpus, Scheduler scheduler, TraceSink trace, Guest... domains) {
        machine = Machine.builder().cpus(cpus).costs(CostModel.defaults()).trace(trace).build();
        PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> console.write(b));
        List<DomainConfig> configs = new ArrayList<>();
        for (Guest guest : domains) {
            Linux linux = Linux.xenGuest(machine, guest.kernel(), guest.vcpus());
            guests.add(linux);
            configs.add(new DomainConfig(guest.name(), guest.vcpus(), new BitSet(), new SchedParams(guest.sched()),
                    linux.pvKernel()));
        }
        xen = new Xen(machine, new XenConfig(scheduler, SchedParams.NONE, true, 100_000_000L, 115_200, configs));
        machine.cpu(0).powerOn(xen.bootContext());
    }

    public void runUntil(long picos) {
        machine.runUntil(picos);
    }

    public String console() {
        return console.toString(StandardCharsets.ISO_8859_1);
    }
}
