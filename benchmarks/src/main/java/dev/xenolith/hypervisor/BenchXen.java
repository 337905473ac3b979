package dev.xenolith.hypervisor;

import dev.xenolith.devices.board.PcBoard;
import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.Linux;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Work;
import dev.xenolith.hypervisor.abi.VcpuInfo;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.bvt.BvtScheduler;
import dev.xenolith.hypervisor.timer.AcTimer;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import java.util.BitSet;
import java.util.List;

/**
 * Xen's exit path for the hot-path benchmarks: a booted Xen on one physical CPU, stopped while its one domain
 * computes in user mode, and Xen's own interrupt stubs entered from there, each ending in {@code ret_from_intr}
 * → {@code test_all_events} → {@code restore_all_guest} as in Xen.
 *
 * <p>It lives in the benchmarks module but in the hypervisor's package, because Xen's vectors and the state
 * that shows the machine is where the benchmark needs it (per-CPU data, pending softirqs, the guest's upcall
 * flags) are package-private, and should stay so for the sake of one benchmark. A change to them that this
 * class does not follow breaks the benchmarks' compile, not a run.
 *
 * <p>The machine is wired as {@code xenolith boot} wires {@code xen-timer-softirq} (a PC board, Xen under BVT
 * with the local APIC timer, a PV Linux guest at HZ=100 with one CPU-bound task), with one domain only, so that
 * the CPU never leaves it. The stubs are entered as {@code int $vector} at the guest's privilege inside
 * {@link Cpu#runPath}: the same gate entry, frame and {@code iret} as an external interrupt, but with the
 * machine's clock standing still, so every operation finds the same state. The stubs' {@code ack_APIC_irq} is
 * then the EOI of an empty in-service set, which the APIC ignores.
 */
public final class BenchXen {
    private static final long MS = Picos.PER_MILLISECOND;
    /** Well into steady state: the guest booted and its task computing. */
    private static final long SETTLED = 200 * MS;
    private static final long STEP = Picos.ofMicros(100);

    private final Machine machine;
    private final Xen xen;
    private final PerCpu pcpu;
    private final Runnable eventCheck = () -> interruptGuest(LocalApicRegs.EVENT_CHECK_VECTOR);
    private final Runnable apicTimer = () -> interruptGuest(LocalApicRegs.LOCAL_TIMER_VECTOR);

    /** Boots the machine, tracing into {@code trace} (null: off), and stops it where {@link #ready} holds. */
    public BenchXen(TraceSink trace) {
        machine = Machine.builder().cpus(1).trace(trace).build();
        PcBoard.wire(machine, PcBoard.Options.standard(), (b, time) -> { });
        TaskConfig spin = TaskConfig.normal("spin", List.of(Op.Compute.of(Work.picos(100 * MS)),
                new Op.Loop(Op.Loop.FOREVER)));
        Linux guest = Linux.xenGuest(machine, new KernelConfig(100, false, false, true, 1, List.of(spin)), 1);
        DomainConfig alpha = new DomainConfig("alpha", 1, new BitSet(), SchedParams.NONE, guest.pvKernel());
        xen = new Xen(machine, new XenConfig(new BvtScheduler(), SchedParams.NONE, true,
                PcBoard.Options.standard().apicBusHz(), 115_200, List.of(alpha)));
        pcpu = xen.percpu(0);
        machine.cpu(0).powerOn(xen.bootContext());
        machine.runUntil(SETTLED);
        while (!ready()) {
            if (machine.now() > SETTLED + 100 * MS) {
                throw new IllegalStateException("the guest never computed with nothing pending for 100 ms");
            }
            machine.runUntil(machine.now() + STEP);
        }
    }

    /**
     * Where both benchmarks must start: the guest's vcpu computing in user mode, no softirq pending, no event
     * to bounce, and no ac_timer within {@code TIMER_SLOP} (else the timer softirq would run timers and, once
     * their time had come, reschedule: operations would stop being alike).
     */
    private boolean ready() {
        Cpu cpu = pcpu.cpu;
        Vcpu curr = pcpu.curr;
        if (cpu.state() != Cpu.State.WORKING || cpu.privilege() == 0 || curr.isIdle()
                || xen.softirqs.pending(pcpu.id) != 0) {
            return false;
        }
        VcpuInfo info = xen.events.sharedInfo(curr).vcpu(curr.id());
        AcTimer top = pcpu.timers.top();
        return !(info.upcallPending() && !info.upcallMask())
                && (top == null || top.expires() >= xen.now(cpu) + AcTimers.TIMER_SLOP_NS);
    }

    /**
     * {@code event_check_interrupt} from the guest: the ack and the exit path with nothing pending, straight
     * back to the guest (Xen's common exit: an IPI, or a hypercall's {@code ret_from_hypercall}, finds the
     * same).
     */
    public void eventCheckInterrupt() {
        pcpu.cpu.runPath(eventCheck);
    }

    /**
     * {@code apic_timer_interrupt} from the guest: the ack, {@code raise_softirq(AC_TIMER_SOFTIRQ)}, and the
     * exit path running it ({@code do_softirq} → {@code ac_timer_softirq_action}: nothing due, the APIC
     * one-shot reprogrammed for the earliest timer) before going back.
     */
    public void apicTimerInterrupt() {
        pcpu.cpu.runPath(apicTimer);
    }

    /** The local APIC timer interrupts Xen counted, the benchmark's ones included. */
    public long apicTimerInterrupts() {
        return xen.apicTimerInterrupts(0);
    }

    public long vcpuSwitches() {
        return xen.vcpuSwitches(0);
    }

    private void interruptGuest(int vector) {
        pcpu.cpu.softwareInterrupt(vector);
    }
}
