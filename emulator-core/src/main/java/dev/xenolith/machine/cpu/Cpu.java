package dev.xenolith.machine.cpu;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.MachineFault;
import dev.xenolith.machine.bus.Bus;
import dev.xenolith.machine.bus.MmioDevice;
import dev.xenolith.machine.bus.MmioRegion;
import dev.xenolith.machine.bus.MsrDevice;
import dev.xenolith.machine.cost.HardwareCost;
import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventPriority;
import dev.xenolith.machine.time.ClockDomain;
import dev.xenolith.machine.trace.Layer;
import dev.xenolith.machine.trace.TraceEvent;
import dev.xenolith.machine.trace.TraceSink;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * One logical x86 processor, executing the three kinds of things of DESIGN.md section 3.
 *
 * <ul>
 *   <li><b>Work spans</b> ({@link #work}, {@link #halt}): preemptible runs of cycles owned by the
 *   current {@link Context}. The CPU schedules their end; an accepted interrupt cuts them, and the
 *   context is told exactly how many whole cycles it still owes.</li>
 *   <li><b>Kernel paths</b>: Java code that runs atomically at one simulated instant. Everything it
 *   {@link #charge}s advances the CPU's local clock ({@link #now()}); side effects are stamped with
 *   that local time, and the CPU stays busy until the charged time has passed. Interrupts that arrive
 *   meanwhile are latched by the controller and taken at the next boundary with IF=1.</li>
 *   <li><b>Contexts</b>: whatever owns the CPU between paths, resumed at each boundary.</li>
 * </ul>
 *
 * <p>One long-lived event per CPU marks its next boundary. At a boundary the CPU delivers, in the SDM's
 * order, a pending NMI, then a maskable interrupt if IF=1 and no STI shadow holds it back; otherwise it
 * resumes the context. Delivery pushes a preallocated frame, charges the entry, clears IF for an
 * interrupt gate (not for a trap gate), runs the gate's handler as one path, and performs the
 * {@code iret}, which restores IF and ends NMI blocking.
 *
 * <p>Simplification, documented: a path's effects on shared state take place when the path runs, not at
 * the local time it has charged up to, so another CPU can observe them up to one path early. Timed
 * effects (an IPI, a UART character) are scheduled from the local time and are exact.
 */
public final class Cpu implements CpuPins {
    /** Where the processor is between events. */
    public enum State {
        /** An application processor after INIT, before its start-up IPI. */
        WAIT_FOR_SIPI,
        /** Running a kernel path, or busy until the time it charged has passed. */
        BUSY,
        /** In a work span. */
        WORKING,
        /** Stopped by HLT until an interrupt it can take (or an NMI). */
        HALTED
    }

    private static final int IA32_TIME_STAMP_COUNTER = 0x10;
    private static final int MAX_NESTED_FRAMES = 16;
    private static final int MAX_TRACE_DEPTH = 256;
    private static final int LOCAL_REGIONS = 4;
    /** Boundaries at one picosecond without the clock moving before we call it a livelock. */
    private static final int LIVELOCK_BOUNDARIES = 1_000_000;

    private final int id;
    private final Machine machine;
    private final ClockDomain clock;
    private final Event boundary;
    private final Gate[] idt = new Gate[256];
    private final long[] hardwareCycles;
    private final Bus bus;
    private final MmioRegion[] localRegions = new MmioRegion[LOCAL_REGIONS];
    private int localRegionCount;
    private InterruptController controller = InterruptController.NONE;
    private MsrDevice msrs;

    private State state;
    private Context context;
    private boolean interruptFlag;
    private boolean stiShadow;
    private int privilege;

    private long pathStart;
    private long pathCycles;

    private long workStart;
    private long workCycles;
    private long earliestCut;

    private boolean nmiPending;
    private boolean nmiBlocked;

    private final InterruptFrame[] frames = new InterruptFrame[MAX_NESTED_FRAMES];
    private int frameDepth;
    /** Context switches so far; a frame remembers the count so its iret knows whether one happened. */
    private long switches;

    private long haltedSince;
    private long haltedTotal;
    private final long[] vectorsTaken = new long[256];

    private long lastBoundaryTime = -1;
    private int boundariesWithoutProgress;

    private final TraceSink sink;
    private final TracedFunction[] traceFunctions;
    private final Layer[] traceLayers;
    private final long[] traceStarts;
    private int traceDepth;

    public Cpu(Machine machine, int id, ClockDomain clock, TraceSink sink) {
        this.machine = machine;
        this.id = id;
        this.clock = clock;
        this.bus = machine.bus();
        this.sink = sink;
        this.hardwareCycles = machine.costs().table(HardwareCost.class);
        this.boundary = new Event("cpu" + id + ".boundary", EventPriority.CPU, this::onBoundary);
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new InterruptFrame();
        }
        boolean tracing = sink != null;
        traceFunctions = tracing ? new TracedFunction[MAX_TRACE_DEPTH] : null;
        traceLayers = tracing ? new Layer[MAX_TRACE_DEPTH] : null;
        traceStarts = tracing ? new long[MAX_TRACE_DEPTH] : null;
        state = State.WAIT_FOR_SIPI;
    }

    // ---------------------------------------------------------------- wiring

    public int id() {
        return id;
    }

    public ClockDomain clock() {
        return clock;
    }

    public Machine machine() {
        return machine;
    }

    /** Wires the local interrupt controller (the board does this once). */
    public void attach(InterruptController controller) {
        this.controller = controller;
    }

    /** Wires the device that owns this CPU's model-specific registers beyond the time-stamp counter. */
    public void attachMsrs(MsrDevice device) {
        this.msrs = device;
    }

    /** Maps a region that only this CPU sees, such as its local APIC window; it hides shared MMIO. */
    public void mapLocalMmio(long base, long size, MmioDevice device) {
        if (localRegionCount == LOCAL_REGIONS) {
            throw new IllegalStateException("cpu" + id + ": too many local MMIO regions");
        }
        localRegions[localRegionCount++] = new MmioRegion(base, size, device);
    }

    /** Installs an IDT gate (the software's {@code set_intr_gate} / {@code set_trap_gate}). */
    public void setGate(int vector, Gate gate) {
        idt[vector & 0xFF] = gate;
    }

    public Gate gate(int vector) {
        return idt[vector & 0xFF];
    }

    /** Starts this CPU as the bootstrap processor, running {@code firmware} at time 0. */
    public void powerOn(Context firmware) {
        context = firmware;
        interruptFlag = false;
        state = State.BUSY;
        pathStart = machine.now();
        pathCycles = 0;
        machine.events().reschedule(boundary, pathStart);
    }

    /**
     * Runs {@code body} as one kernel path at the machine's current time, outside the event loop, and leaves
     * the CPU as it found it (whatever the body charged is forgotten, and a switch or work span it asked for
     * is not carried out). For harnesses that drive kernel code directly: JMH benchmarks of a kernel's hot
     * paths. The CPU must not be in a path already.
     */
    public void runPath(Runnable body) {
        if (state == State.BUSY) {
            throw new IllegalStateException("cpu" + id + " is already running a path");
        }
        State before = state;
        Context owner = context;
        int cpl = privilege;
        boolean flag = interruptFlag;
        beginPath(machine.now());
        interruptFlag = true;
        try {
            body.run();
        } finally {
            state = before;
            context = owner;
            privilege = cpl;
            interruptFlag = flag;
        }
    }

    // ---------------------------------------------------------------- state

    public State state() {
        return state;
    }

    public Context context() {
        return context;
    }

    /**
     * Makes {@code next} the context that owns this CPU, resuming at privilege {@code resumePrivilege}.
     * Kernel code calls it at the end of its context-switch path (and charges the switch's cost itself);
     * {@code next} is resumed at the next boundary. An {@code iret} of a frame pushed before the switch
     * returns to the incoming context, not the outgoing one: with IF set and at {@code resumePrivilege},
     * as the incoming context's own saved frame would.
     */
    public void switchTo(Context next, int resumePrivilege) {
        requirePath("switch contexts");
        setPrivilege(resumePrivilege);
        context = next;
        switches++;
    }

    public boolean interruptsEnabled() {
        return interruptFlag;
    }

    /** The current privilege level (the low bits of CS): 0 kernel or Xen, 1 a PV guest kernel, 3 user. */
    public int privilege() {
        return privilege;
    }

    public void setPrivilege(int cpl) {
        if (cpl < 0 || cpl > 3) {
            throw new IllegalArgumentException("CPL " + cpl);
        }
        privilege = cpl;
    }

    /**
     * The CPU's local time: inside a kernel path, the machine's time plus everything the path charged;
     * otherwise the machine's time.
     */
    public long now() {
        return state == State.BUSY ? pathStart + clock.timeOf(pathCycles) : machine.now();
    }

    // ---------------------------------------------------------------- instructions used by kernel paths

    /** Charges {@code cycles} to the running path: the local clock moves on by that much. */
    public void charge(long cycles) {
        requirePath("charge cycles");
        pathCycles += cycles;
        stiShadow = false;
    }

    public void cli() {
        requirePath("cli");
        interruptFlag = false;
    }

    /**
     * Sets IF. If IF was clear, interrupts stay held until the next instruction completes (the STI
     * shadow), which is what makes {@code sti; hlt} free of lost wake-ups.
     */
    public void sti() {
        requirePath("sti");
        if (!interruptFlag) {
            interruptFlag = true;
            stiShadow = true;
        }
    }

    /** Ends the path with a work span of {@code cycles} at privilege {@code cpl}, owned by the context. */
    public void work(long cycles, int cpl) {
        requirePath("start work");
        if (cycles <= 0) {
            throw new IllegalArgumentException("a work span needs at least one cycle, got " + cycles);
        }
        setPrivilege(cpl);
        workStart = now();
        workCycles = cycles;
        earliestCut = stiShadow ? workStart + clock.timeOf(1) : workStart;
        stiShadow = false;
        state = State.WORKING;
    }

    /** Ends the path with HLT: the CPU sleeps until an interrupt it may take, or an NMI. */
    public void halt() {
        requirePath("halt");
        haltedSince = now();
        stiShadow = false;
        state = State.HALTED;
    }

    /** {@code int n}: runs the gate of {@code vector} inside the current path, then returns to it. */
    public void softwareInterrupt(int vector) {
        requirePath("int");
        enterGate(vector & 0xFF, InterruptFrame.Kind.SOFTWARE);
    }

    public int inb(int port) {
        return io(port, 1);
    }

    public int inw(int port) {
        return io(port, 2);
    }

    public int inl(int port) {
        return io(port, 4);
    }

    public void outb(int port, int value) {
        io(port, 1, value & 0xFF);
    }

    public void outw(int port, int value) {
        io(port, 2, value & 0xFFFF);
    }

    public void outl(int port, int value) {
        io(port, 4, value);
    }

    /** {@code rdtsc}: the core's cycles since power-on, at the local time. */
    public long rdtsc() {
        return clock.cyclesIn(now());
    }

    /** {@code rdmsr}; IA32_TIME_STAMP_COUNTER (0x10) is the CPU's own, others go to the attached device. */
    public long rdmsr(int index) {
        requirePath("rdmsr");
        charge(hardwareCycles[HardwareCost.MSR_ACCESS.ordinal()]);
        if (index == IA32_TIME_STAMP_COUNTER) {
            return rdtsc();
        }
        if (msrs == null || !msrs.ownsMsr(index)) {
            throw new MachineFault(now(), String.format("cpu%d: rdmsr of unimplemented MSR 0x%x (#GP)", id, index));
        }
        return msrs.readMsr(index, now());
    }

    /** {@code wrmsr}. */
    public void wrmsr(int index, long value) {
        requirePath("wrmsr");
        charge(hardwareCycles[HardwareCost.MSR_ACCESS.ordinal()]);
        if (msrs == null || !msrs.ownsMsr(index)) {
            throw new MachineFault(now(), String.format("cpu%d: wrmsr of unimplemented MSR 0x%x (#GP)", id, index));
        }
        msrs.writeMsr(index, value, now());
    }

    /** A 32-bit read of physical memory-mapped I/O. */
    public int readMmio(long address) {
        requirePath("read MMIO");
        MmioRegion local = localRegion(address);
        if (local != null) {
            charge(hardwareCycles[HardwareCost.LAPIC_ACCESS.ordinal()]);
            return (int) local.device().mmioRead(address - local.base(), 4, now());
        }
        charge(hardwareCycles[HardwareCost.MMIO_ACCESS.ordinal()]);
        MmioRegion shared = bus.regionAt(address);
        return (int) (shared != null ? shared.device().mmioRead(address - shared.base(), 4, now())
                : bus.readUnclaimed(address, 4));
    }

    /** A 32-bit write to physical memory-mapped I/O. */
    public void writeMmio(long address, int value) {
        requirePath("write MMIO");
        MmioRegion local = localRegion(address);
        if (local != null) {
            charge(hardwareCycles[HardwareCost.LAPIC_ACCESS.ordinal()]);
            local.device().mmioWrite(address - local.base(), 4, value & 0xFFFF_FFFFL, now());
            return;
        }
        charge(hardwareCycles[HardwareCost.MMIO_ACCESS.ordinal()]);
        MmioRegion shared = bus.regionAt(address);
        if (shared != null) {
            shared.device().mmioWrite(address - shared.base(), 4, value & 0xFFFF_FFFFL, now());
        } else {
            bus.writeUnclaimed(address);
        }
    }

    // ---------------------------------------------------------------- pins driven by the local APIC

    @Override
    public void interruptRequest() {
        if (interruptFlag && controller.hasInterrupt()) {
            stopForInterrupt();
        }
    }

    @Override
    public void nmi() {
        nmiPending = true;
        if (!nmiBlocked) {
            stopForInterrupt();
        }
    }

    @Override
    public void init() {
        machine.events().deschedule(boundary);
        if (state == State.HALTED) {
            haltedTotal += machine.now() - haltedSince;
        }
        state = State.WAIT_FOR_SIPI;
        context = null;
        interruptFlag = false;
        stiShadow = false;
        nmiPending = false;
        nmiBlocked = false;
        frameDepth = 0;
        traceDepth = 0;
        privilege = 0;
    }

    @Override
    public void startup(int vector) {
        if (state != State.WAIT_FOR_SIPI) {
            return; // a SIPI outside wait-for-SIPI is ignored (SDM 10.4.4)
        }
        Context code = machine.startupCode(vector & 0xFF);
        if (code == null) {
            throw new MachineFault(machine.now(), String.format(
                    "cpu%d received a start-up IPI for page 0x%02x, where no start-up code is installed",
                    id, vector & 0xFF));
        }
        context = code;
        state = State.BUSY;
        pathStart = machine.now();
        pathCycles = 0;
        machine.events().reschedule(boundary, pathStart);
    }

    // ---------------------------------------------------------------- statistics

    /** Picoseconds spent halted since power-on, up to the machine's current time. */
    public long haltedPicos() {
        return haltedTotal + (state == State.HALTED ? machine.now() - haltedSince : 0);
    }

    /** How many times {@code vector} was delivered (external, NMI or software). */
    public long vectorsTaken(int vector) {
        return vectorsTaken[vector & 0xFF];
    }

    // ---------------------------------------------------------------- tracing

    /** Whether this machine records a trace; call sites test it before building trace records. */
    public boolean tracing() {
        return sink != null;
    }

    public void traceEntry(Layer layer, TracedFunction function) {
        if (traceDepth == MAX_TRACE_DEPTH) {
            throw new IllegalStateException("cpu" + id + ": traced calls nest deeper than " + MAX_TRACE_DEPTH);
        }
        long at = now();
        traceFunctions[traceDepth] = function;
        traceLayers[traceDepth] = layer;
        traceStarts[traceDepth] = at;
        traceDepth++;
        sink.functionEntry(id, at, layer, function);
    }

    public void traceExit(Layer layer, TracedFunction function) {
        if (traceDepth == 0 || traceFunctions[traceDepth - 1] != function || traceLayers[traceDepth - 1] != layer) {
            throw new IllegalStateException("cpu" + id + ": exit from " + function.symbol() + " in " + layer
                    + " does not match the innermost traced call "
                    + (traceDepth == 0 ? "(none)" : traceFunctions[traceDepth - 1].symbol()));
        }
        traceDepth--;
        long at = now();
        sink.functionExit(id, at, layer, function, at - traceStarts[traceDepth]);
    }

    public void traceEvent(Layer layer, TraceEvent event) {
        if (sink != null) {
            sink.event(id, now(), layer, event);
        }
    }

    // ---------------------------------------------------------------- the execution engine

    private void onBoundary(long now) {
        if (state == State.WORKING) {
            long done = clock.cyclesIn(now - workStart);
            long remaining = Math.max(0, workCycles - done);
            beginPath(now);
            context.workStopped(this, remaining);
        } else if (state == State.HALTED) {
            haltedTotal += now - haltedSince;
            beginPath(now);
        } else {
            beginPath(now);
        }
        checkProgress(now);
        if (!deliverPending()) {
            context.resume(this);
        }
        settle();
    }

    private void beginPath(long now) {
        state = State.BUSY;
        pathStart = now;
        pathCycles = 0;
    }

    /** Takes the highest-priority pending event: NMI before maskable interrupts (SDM 6.9). */
    private boolean deliverPending() {
        if (stiShadow) {
            return false;
        }
        if (nmiPending && !nmiBlocked) {
            nmiPending = false;
            nmiBlocked = true;
            enterGate(2, InterruptFrame.Kind.NMI);
            return true;
        }
        if (interruptFlag && controller.hasInterrupt()) {
            enterGate(controller.acknowledge() & 0xFF, InterruptFrame.Kind.EXTERNAL);
            return true;
        }
        return false;
    }

    private void enterGate(int vector, InterruptFrame.Kind kind) {
        Gate gate = idt[vector];
        if (gate == null) {
            throw new MachineFault(now(), String.format(
                    "cpu%d: vector 0x%02x has no IDT gate (the processor would triple-fault)", id, vector));
        }
        if (frameDepth == MAX_NESTED_FRAMES) {
            throw new MachineFault(now(), "cpu" + id + ": interrupt frames nest deeper than " + MAX_NESTED_FRAMES);
        }
        InterruptFrame frame = frames[frameDepth++];
        frame.set(vector, kind, interruptFlag, privilege, switches);
        vectorsTaken[vector]++;
        if (sink != null) {
            traceEvent(Layer.HARDWARE, new CpuEvent("int_entry", vector, kindName(kind), privilege));
        }
        charge(hardwareCycles[HardwareCost.INTERRUPT_ENTRY.ordinal()]);
        if (gate.type() == GateType.INTERRUPT) {
            interruptFlag = false;
        }
        privilege = 0;
        gate.handler().handle(this, frame);
        iret(frame);
    }

    private void iret(InterruptFrame frame) {
        charge(hardwareCycles[HardwareCost.IRET.ordinal()]);
        if (frame.switchesAtEntry() == switches) {
            interruptFlag = frame.savedInterruptFlag();
            privilege = frame.interruptedPrivilege();
        } else {
            interruptFlag = true; // returning into the context switched to, at the privilege it resumes at
        }
        if (frame.kind() == InterruptFrame.Kind.NMI) {
            nmiBlocked = false;
        }
        frameDepth--;
        if (sink != null) {
            traceEvent(Layer.HARDWARE, new CpuEvent("iret", frame.vector(), null, privilege));
        }
    }

    /** After a path: schedule the next boundary for whatever the path left the CPU doing. */
    private void settle() {
        if (sink != null && traceDepth != 0) {
            throw new IllegalStateException("cpu" + id + ": path ended inside traced "
                    + traceFunctions[traceDepth - 1].symbol());
        }
        switch (state) {
            case BUSY -> machine.events().reschedule(boundary, now());
            case WORKING -> {
                long end = workStart + clock.timeOf(workCycles);
                long at = wantsInterrupt() ? Math.min(end, Math.max(earliestCut, machine.now())) : end;
                machine.events().reschedule(boundary, at);
            }
            case HALTED -> {
                if (wantsInterrupt()) {
                    machine.events().reschedule(boundary, haltedSince);
                } else {
                    machine.events().deschedule(boundary);
                }
            }
            case WAIT_FOR_SIPI -> machine.events().deschedule(boundary);
        }
    }

    private boolean wantsInterrupt() {
        return (nmiPending && !nmiBlocked) || (interruptFlag && controller.hasInterrupt());
    }

    /** An interrupt became deliverable: cut the work span or wake from HLT, at the earliest legal time. */
    private void stopForInterrupt() {
        long now = machine.now();
        if (state == State.WORKING) {
            long at = Math.max(now, earliestCut);
            if (!boundary.isScheduled() || at < boundary.when()) {
                machine.events().reschedule(boundary, at);
            }
        } else if (state == State.HALTED && !boundary.isScheduled()) {
            machine.events().reschedule(boundary, Math.max(now, haltedSince));
        }
    }

    private void checkProgress(long now) {
        if (now != lastBoundaryTime) {
            lastBoundaryTime = now;
            boundariesWithoutProgress = 0;
        } else if (++boundariesWithoutProgress > LIVELOCK_BOUNDARIES) {
            throw new MachineFault(now, "cpu" + id + " made no progress: context " + context.name()
                    + " keeps resuming without charging cycles or starting work (are all costs zero"
                    + " and the program a loop of zero-length steps?)");
        }
    }

    private void requirePath(String what) {
        if (state != State.BUSY) {
            throw new IllegalStateException("cpu" + id + ": cannot " + what + " outside a kernel path (state "
                    + state + ")");
        }
    }

    private int io(int port, int size) {
        requirePath("in");
        charge(hardwareCycles[HardwareCost.PORT_IO.ordinal()]);
        return bus.in(port, size, now());
    }

    private void io(int port, int size, int value) {
        requirePath("out");
        charge(hardwareCycles[HardwareCost.PORT_IO.ordinal()]);
        bus.out(port, size, value, now());
    }

    private MmioRegion localRegion(long address) {
        for (int i = 0; i < localRegionCount; i++) {
            if (localRegions[i].contains(address)) {
                return localRegions[i];
            }
        }
        return null;
    }

    private static String kindName(InterruptFrame.Kind kind) {
        return switch (kind) {
            case EXTERNAL -> "external";
            case NMI -> "nmi";
            case SOFTWARE -> "software";
        };
    }

    @Override
    public String toString() {
        return "cpu" + id + "[" + state + (context != null ? ", " + context.name() : "") + "]";
    }
}
