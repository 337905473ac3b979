package dev.xenolith.hypervisor;

import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.hypervisor.abi.PvKernel;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.machine.Machine;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** A PC with Xen booting on it, for hypervisor tests: the same wiring the command line uses. */
final class XenTestMachine {
    final Machine machine;
    final PcBoard board;
    final Xen xen;
    final StringBuilder console = new StringBuilder();
    final RecordingSink trace = new RecordingSink();

    XenTestMachine(int cpus, Scheduler scheduler, boolean apicTimer, List<DomainConfig> domains) {
        machine = Machine.builder().cpus(cpus).trace(trace).build();
        board = PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> console.append((char) b));
        xen = new Xen(machine, new XenConfig(scheduler, SchedParams.NONE, apicTimer, 100_000_000L, 115_200, domains));
        machine.cpu(0).powerOn(xen.bootContext());
    }

    static DomainConfig domain(String name, PvKernel kernel) {
        return domain(name, kernel, Map.of());
    }

    static DomainConfig domain(String name, PvKernel kernel, Map<String, Long> sched) {
        return new DomainConfig(name, 1, new BitSet(), new SchedParams(sched), kernel);
    }

    static List<DomainConfig> domains(DomainConfig... configs) {
        return new ArrayList<>(List.of(configs));
    }
}
