package dev.xenolith.devices.apic;

import dev.xenolith.machine.MachineFault;
import dev.xenolith.machine.bus.IrqLine;
import dev.xenolith.machine.bus.MmioDevice;
import dev.xenolith.machine.bus.MsrDevice;
import dev.xenolith.machine.cpu.CpuPins;
import dev.xenolith.machine.cpu.InterruptController;
import dev.xenolith.machine.time.ClockDomain;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processor's local APIC in xAPIC mode, modelled on the Pentium 4 / Xeon integrated APIC
 * (Intel SDM vol. 3 chapter 10): version 0x14 with six LVT entries (timer, thermal, performance,
 * LINT0, LINT1, error), an 8-bit APIC ID, the 4 KiB register window at IA32_APIC_BASE, and optionally
 * the TSC-deadline timer mode. It decides which interrupt its CPU takes (IRR, ISR, TMR, TPR, PPR, EOI),
 * turns its local sources (timer, LINT pins, errors) into interrupts, and sends and receives IPIs
 * over the {@link ApicBus}.
 *
 * <p>Wiring, done once by the board for each CPU:
 * <pre>
 *   LocalApic apic = new LocalApic(bus, cpuId, cpuId == 0, cpu, cpu.clock(), tscDeadline);
 *   cpu.attach(apic);      // the CPU asks it for interrupts
 *   cpu.attachMsrs(apic);  // IA32_APIC_BASE and IA32_TSC_DEADLINE
 *   cpu.mapLocalMmio(apic.baseAddress(), LocalApic.WINDOW_SIZE, apic);
 *   // on the boot CPU: the master 8259's INT drives apic.lint0(), and apic.connectExtInt(pic)
 *   // gives the APIC the 8259's acknowledge cycle for ExtINT (virtual-wire) delivery
 * </pre>
 *
 * <p>Invariants: IRR, ISR and TMR never hold vectors 0-15; an ISR bit is set only by an acknowledge
 * and cleared only by an EOI or a reset; while the APIC is software-disabled every LVT entry reads
 * masked. The timer's choices are listed on {@link ApicTimer}, the bus's on {@link ApicBus}.
 *
 * <p>Behaviour chosen where the references leave room (devices.md B.2, B.6), each pinned by a test:
 * <ul>
 *   <li>Deliverability follows the SDM: the highest IRR vector's class must exceed PPR's class.</li>
 *   <li>Software-disabled (SVR[8] = 0): new fixed and lowest-priority interrupts are refused; INIT,
 *   NMI and start-up are still accepted; what is already in IRR stays there and is still handed to
 *   the CPU (SDM §10.4.7.2, "held and require masking or handling by the CPU"; KVM behaves so, QEMU
 *   does not deliver).</li>
 *   <li>Globally disabled (IA32_APIC_BASE[11] = 0): the APIC returns to its power-on state except its
 *   ID (the SDM allows it) and ignores all messages; LINT0 becomes the CPU's INTR pin and LINT1 its NMI
 *   pin, and the register window reads all ones and drops writes, like an address nothing decodes.
 *   Setting the bit again re-enables it, as FSB-based parts allow (kvm-unit-tests expects this).</li>
 *   <li>x2APIC is not offered: setting IA32_APIC_BASE[10] is a reserved-bit #GP, as on a CPU without
 *   x2APIC. MAXPHYADDR is 36. The CPU model has no #GP delivery, so, as it does for a missing MSR, the
 *   #GP stops the machine with a {@link MachineFault} that names it.</li>
 *   <li>A new base in IA32_APIC_BASE is recorded and reads back ({@link #baseAddress()}), but the
 *   window stays where the board mapped it: the CPU model cannot move a local MMIO region.</li>
 *   <li>Register writes other than aligned 32-bit stores are ignored (the SDM leaves them undefined);
 *   narrower reads return the addressed bytes. Unimplemented offsets set ESR[7] and read 0.</li>
 *   <li>ExtINT: when both an IRR vector and the 8259 are ready, the IRR vector goes first (as QEMU).</li>
 *   <li>Fixed, level-triggered LINT0 uses remote IRR: set when the interrupt is accepted, cleared by
 *   the EOI of its vector; a line still asserted then raises it again. LINT1 is always edge-triggered.
 *   SMI (from an LVT or an IPI) is not modelled and is dropped; thermal and performance LVTs have no
 *   source.</li>
 *   <li>The LVT delivery-status bit reads 0: local interrupts enter IRR at once.</li>
 *   <li>The error LVT fires on every detected error. An illegal vector in the error LVT itself is
 *   recorded in ESR without firing again.</li>
 * </ul>
 *
 * <p>Register accesses, the CPU's acknowledge, timer expiries and message arrivals allocate nothing.
 */
public final class LocalApic implements MmioDevice, MsrDevice, InterruptController {
    private static final Logger log = LoggerFactory.getLogger(LocalApic.class);

    /** The power-on position of the register window. */
    public static final long DEFAULT_BASE = 0xFEE0_0000L;
    /** Size of the register window. */
    public static final long WINDOW_SIZE = 0x1000;

    // ---------------------------------------------------------------- register offsets (SDM Table 10-1)
    static final int ID = 0x020;
    static final int VERSION = 0x030;
    static final int TPR = 0x080;
    static final int APR = 0x090;
    static final int PPR = 0x0A0;
    static final int EOI = 0x0B0;
    static final int RRD = 0x0C0;
    static final int LDR = 0x0D0;
    static final int DFR = 0x0E0;
    static final int SVR = 0x0F0;
    static final int ISR_BANK = 0x100;
    static final int TMR_BANK = 0x180;
    static final int IRR_BANK = 0x200;
    static final int ESR = 0x280;
    static final int ICR_LOW = 0x300;
    static final int ICR_HIGH = 0x310;
    static final int LVT_TIMER = 0x320;
    static final int LVT_THERMAL = 0x330;
    static final int LVT_PERFMON = 0x340;
    static final int LVT_LINT0 = 0x350;
    static final int LVT_LINT1 = 0x360;
    static final int LVT_ERROR = 0x370;
    static final int TIMER_INITIAL_COUNT = 0x380;
    static final int TIMER_CURRENT_COUNT = 0x390;
    static final int TIMER_DIVIDE_CONFIG = 0x3E0;

    /** A bank (ISR, TMR, IRR) is eight registers at 16-byte strides. */
    private static final int BANK_SPAN = VectorSet.WORDS << 4;
    /** Offset bits that select a register; the low four address bytes within its 16-byte slot. */
    private static final int REGISTER_SELECT = 0xFF0;
    private static final int SLOT_BYTES = 0xF;

    // ---------------------------------------------------------------- MSRs
    static final int IA32_APIC_BASE = 0x1B;
    static final int IA32_TSC_DEADLINE = ApicRegisters.IA32_TSC_DEADLINE;
    static final long APIC_BASE_BSP = 1L << 8;
    /** x2APIC enable (EXTD); reserved here, since this APIC has no x2APIC mode. */
    static final long APIC_BASE_EXTD = 1L << 10;
    static final long APIC_BASE_ENABLE = 1L << 11;
    private static final int MAX_PHYSICAL_ADDRESS_BITS = 36;
    static final long APIC_BASE_ADDRESS = ((1L << MAX_PHYSICAL_ADDRESS_BITS) - 1) & ~0xFFFL;
    /** Bits 0-7, 9, 10 (EXTD: no x2APIC) and MAXPHYADDR..63; writing any of them is a #GP. */
    static final long APIC_BASE_RESERVED = ~(APIC_BASE_BSP | APIC_BASE_ENABLE | APIC_BASE_ADDRESS);

    // ---------------------------------------------------------------- register fields
    /** Version 0x14 (Pentium 4 / Xeon xAPIC), max LVT entry 5, no EOI-broadcast suppression. */
    static final int VERSION_VALUE = 0x0005_0014;
    static final int PRIORITY_CLASS = 0xF0;
    static final int SVR_VECTOR = 0xFF;
    static final int SVR_APIC_ENABLED = 1 << 8;
    static final int SVR_FOCUS_DISABLED = 1 << 9;
    static final int SVR_RESET = 0xFF;
    /** The DFR model lives in [31:28]; [27:0] are reserved and read as ones. */
    static final int DFR_MODEL_SHIFT = 28;
    static final int DFR_RESERVED_ONES = 0x0FFF_FFFF;
    static final int DFR_FLAT = 0xF;
    static final int DFR_CLUSTER = 0x0;

    static final int ESR_SEND_ILLEGAL_VECTOR = 1 << 5;
    static final int ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6;
    static final int ESR_ILLEGAL_REGISTER_ADDRESS = 1 << 7;

    static final int LVT_VECTOR = 0xFF;
    static final int LVT_ACTIVE_LOW = 1 << 13;
    static final int LVT_REMOTE_IRR = 1 << 14;
    static final int LVT_LEVEL_TRIGGERED = 1 << 15;
    static final int LVT_MASKED = 1 << 16;
    static final int LVT_TIMER_MODE_SHIFT = 17;
    static final int LVT_TIMER_MODE = 0b11 << LVT_TIMER_MODE_SHIFT;

    /** LVT entries in register order: index = (offset - LVT_TIMER) / 16. */
    private static final int TIMER = 0;
    private static final int LINT0 = 3;
    private static final int ERROR = 5;
    private static final int LVT_ENTRIES = 6;
    private static final int PINS = 2;

    /** What software can set in each entry; delivery status and remote IRR are read-only. */
    private static final int LVT_TIMER_WRITABLE = LVT_VECTOR | LVT_MASKED | ApicTimer.PERIODIC << LVT_TIMER_MODE_SHIFT;
    private static final int LVT_SOURCE_WRITABLE = LVT_VECTOR | DeliveryMode.FIELD | LVT_MASKED;
    private static final int LVT_PIN_WRITABLE = LVT_SOURCE_WRITABLE | LVT_ACTIVE_LOW | LVT_LEVEL_TRIGGERED;
    private static final int LVT_ERROR_WRITABLE = LVT_VECTOR | LVT_MASKED;

    private final CpuPins cpu;
    private final int initialId;
    private final boolean bootstrap;
    private final boolean tscDeadline;
    private final int[] lvtWritable;
    private final ApicTimer timer;
    private final IpiOutbox outbox;
    private final IrqLine lint0 = high -> pinChanged(0, high);
    private final IrqLine lint1 = high -> pinChanged(1, high);
    private InterruptController extInt;

    private long apicBase;
    private int id;
    private int tpr;
    private int ldr;
    private int dfr;
    private int svr;
    private final VectorSet irr = new VectorSet();
    private final VectorSet isr = new VectorSet();
    private final VectorSet tmr = new VectorSet();
    /** Errors detected since software last wrote ESR; the write moves them into {@link #esr}. */
    private int pendingErrors;
    private int esr;
    private int icrLow;
    private int icrHigh;
    private final int[] lvt = new int[LVT_ENTRIES];
    private final boolean[] remoteIrr = new boolean[PINS];
    /** Electrical level of LINT0 and LINT1 as the wires drive them; it survives resets. */
    private final boolean[] pinHigh = new boolean[PINS];

    /**
     * @param bus          the machine's APIC bus; the new APIC attaches itself to it
     * @param apicId       the initial APIC ID (CPUID.1:EBX[31:24]), 0..254; 255 is the broadcast ID
     * @param bootstrap    whether this is the BSP (IA32_APIC_BASE[8])
     * @param cpu          the processor whose pins this APIC drives
     * @param tscClock     the processor's time-stamp counter clock, for TSC-deadline mode
     * @param tscDeadline  whether the timer offers TSC-deadline mode (CPUID.1:ECX[24], the image's
     *                     {@code tsc-deadline}); without it IA32_TSC_DEADLINE does not exist
     */
    public LocalApic(ApicBus bus, int apicId, boolean bootstrap, CpuPins cpu, ClockDomain tscClock,
            boolean tscDeadline) {
        if (apicId < 0 || apicId >= Icr.BROADCAST) {
            throw new IllegalArgumentException("APIC ID must be 0..254, got " + apicId);
        }
        this.cpu = cpu;
        this.initialId = apicId;
        this.bootstrap = bootstrap;
        this.tscDeadline = tscDeadline;
        this.lvtWritable = new int[] {
            tscDeadline ? LVT_TIMER_WRITABLE | ApicTimer.TSC_DEADLINE << LVT_TIMER_MODE_SHIFT : LVT_TIMER_WRITABLE,
            LVT_SOURCE_WRITABLE, LVT_SOURCE_WRITABLE, LVT_PIN_WRITABLE, LVT_PIN_WRITABLE, LVT_ERROR_WRITABLE};
        this.timer = new ApicTimer(this, "apic" + apicId + ".timer", bus.events(), bus.clock(), tscClock);
        this.outbox = new IpiOutbox(this, "apic" + apicId + ".ipi", bus);
        reset();
        bus.attach(this);
    }

    // ---------------------------------------------------------------- wiring

    /** The LINT0 input pin; on the boot CPU the master 8259's INT output drives it. */
    public IrqLine lint0() {
        return lint0;
    }

    /** The LINT1 input pin, usually wired to the platform's NMI source. */
    public IrqLine lint1() {
        return lint1;
    }

    /**
     * Connects the external interrupt controller (the master 8259) whose interrupt-acknowledge cycle
     * supplies the vector of an ExtINT interrupt, and of INTR while the APIC is globally disabled.
     */
    public void connectExtInt(InterruptController pic) {
        this.extInt = pic;
    }

    /** Where the register window is: IA32_APIC_BASE[35:12]. */
    public long baseAddress() {
        return apicBase & APIC_BASE_ADDRESS;
    }

    /**
     * Power-on reset (SDM §10.4.7.1): the window at 0xFEE00000, globally enabled, software-disabled
     * (SVR = 0xFF), the initial APIC ID, TPR, LDR, ICR, ESR, IRR, ISR and TMR zero, DFR all ones, every
     * LVT entry masked, the timer stopped and dividing by 2. Messages it sent that are still in flight
     * are dropped; the level of the LINT wires, which the APIC does not own, is kept.
     */
    public void reset() {
        apicBase = DEFAULT_BASE | APIC_BASE_ENABLE | (bootstrap ? APIC_BASE_BSP : 0);
        id = initialId;
        outbox.clear();
        initReset();
    }

    /** The state after INIT (SDM §10.4.7.3): power-on state except the APIC ID and IA32_APIC_BASE. */
    private void initReset() {
        tpr = 0;
        ldr = 0;
        dfr = DFR_FLAT;
        svr = SVR_RESET;
        irr.clear();
        isr.clear();
        tmr.clear();
        pendingErrors = 0;
        esr = 0;
        icrLow = 0;
        icrHigh = 0;
        Arrays.fill(lvt, LVT_MASKED);
        Arrays.fill(remoteIrr, false);
        timer.reset();
    }

    // ---------------------------------------------------------------- the CPU's side

    @Override
    public boolean hasInterrupt() {
        if (!globallyEnabled()) {
            return pinHigh[0] && extInt != null;
        }
        return deliverableVector() >= 0 || extIntRequested();
    }

    /**
     * The acknowledge cycle. The highest deliverable IRR vector moves to ISR; otherwise an ExtINT
     * request is acknowledged at the 8259, which supplies the vector and bypasses IRR, ISR and PPR;
     * otherwise the request has gone away and the answer is the spurious vector, without ISR.
     */
    @Override
    public int acknowledge() {
        if (!globallyEnabled()) {
            return extInt != null ? extInt.acknowledge() : spuriousVector();
        }
        int vector = deliverableVector();
        if (vector >= 0) {
            irr.remove(vector);
            isr.add(vector);
            return vector;
        }
        return extIntRequested() ? extInt.acknowledge() : spuriousVector();
    }

    // ---------------------------------------------------------------- registers

    @Override
    public long mmioRead(long offset, int size, long now) {
        if (!globallyEnabled()) {
            return allOnes(size);
        }
        int within = (int) offset & SLOT_BYTES;
        if (within >= Integer.BYTES) {
            return 0; // the rest of a register's 16-byte slot is reserved
        }
        long register = readRegister((int) offset & REGISTER_SELECT, now) & 0xFFFF_FFFFL;
        return register >>> (within * Byte.SIZE) & allOnes(size);
    }

    @Override
    public void mmioWrite(long offset, int size, long value, long now) {
        if (!globallyEnabled()) {
            return;
        }
        if (size != Integer.BYTES || (offset & SLOT_BYTES) != 0) {
            if (log.isDebugEnabled()) {
                log.debug("apic{}: ignored {}-byte write at offset 0x{}", id, size, Long.toHexString(offset));
            }
            return;
        }
        writeRegister((int) offset & REGISTER_SELECT, (int) value, now);
    }

    private int readRegister(int register, long now) {
        return switch (register) {
            case ID -> id << Icr.DESTINATION_SHIFT;
            case VERSION -> VERSION_VALUE;
            case TPR -> tpr;
            case APR -> arbitrationPriority();
            case PPR -> processorPriority();
            // EOI is write-only; reading it quietly gives 0 so read-modify-write code does no harm
            case EOI, RRD -> 0;
            case LDR -> ldr << Icr.DESTINATION_SHIFT;
            case DFR -> dfr << DFR_MODEL_SHIFT | DFR_RESERVED_ONES;
            case SVR -> svr;
            case ESR -> esr;
            case ICR_LOW -> icrLow | (outbox.pending(now) ? Icr.SEND_PENDING : 0);
            case ICR_HIGH -> icrHigh;
            case LVT_TIMER, LVT_THERMAL, LVT_PERFMON, LVT_LINT0, LVT_LINT1, LVT_ERROR -> readLvt(lvtIndex(register));
            case TIMER_INITIAL_COUNT -> (int) timer.initialCount();
            case TIMER_CURRENT_COUNT -> (int) timer.currentCount(now);
            case TIMER_DIVIDE_CONFIG -> timer.divideConfig();
            default -> readBank(register);
        };
    }

    private void writeRegister(int register, int value, long now) {
        switch (register) {
            case ID -> id = value >>> Icr.DESTINATION_SHIFT;
            case TPR -> {
                tpr = value & 0xFF;
                signalCpu();
            }
            case EOI -> endOfInterrupt();
            case LDR -> ldr = value >>> Icr.DESTINATION_SHIFT;
            case DFR -> dfr = value >>> DFR_MODEL_SHIFT;
            case SVR -> writeSpuriousVector(value);
            case ESR -> {
                esr = pendingErrors;
                pendingErrors = 0;
            }
            case ICR_LOW -> send(value, now);
            case ICR_HIGH -> icrHigh = value & Icr.HIGH_DESTINATION;
            case LVT_TIMER, LVT_THERMAL, LVT_PERFMON, LVT_LINT0, LVT_LINT1, LVT_ERROR ->
                    writeLvt(lvtIndex(register), value, now);
            case TIMER_INITIAL_COUNT -> timer.writeInitialCount(value & 0xFFFF_FFFFL, now);
            case TIMER_DIVIDE_CONFIG -> timer.writeDivideConfig(value, now);
            case VERSION, APR, PPR, RRD, TIMER_CURRENT_COUNT -> {
                // read-only: the write is dropped without an error, as only unimplemented offsets set ESR[7]
            }
            default -> {
                if (bank(register) == null) {
                    error(ESR_ILLEGAL_REGISTER_ADDRESS);
                }
            }
        }
    }

    /** ISR, TMR and IRR are read-only banks; any other unlisted offset is not a register. */
    private int readBank(int register) {
        VectorSet bank = bank(register);
        if (bank == null) {
            error(ESR_ILLEGAL_REGISTER_ADDRESS);
            return 0;
        }
        return bank.word((register & (BANK_SPAN - 1)) >> 4);
    }

    private VectorSet bank(int register) {
        if (register >= ISR_BANK && register < ISR_BANK + BANK_SPAN) {
            return isr;
        }
        if (register >= TMR_BANK && register < TMR_BANK + BANK_SPAN) {
            return tmr;
        }
        if (register >= IRR_BANK && register < IRR_BANK + BANK_SPAN) {
            return irr;
        }
        return null;
    }

    private void writeSpuriousVector(int value) {
        svr = value & (SVR_VECTOR | SVR_APIC_ENABLED | SVR_FOCUS_DISABLED);
        if (!softwareEnabled()) {
            for (int i = 0; i < LVT_ENTRIES; i++) {
                lvt[i] |= LVT_MASKED;
            }
        }
        signalCpu();
    }

    // ---------------------------------------------------------------- MSRs

    @Override
    public boolean ownsMsr(int index) {
        return index == IA32_APIC_BASE || (index == IA32_TSC_DEADLINE && tscDeadline);
    }

    @Override
    public long readMsr(int index, long now) {
        return switch (index) {
            case IA32_APIC_BASE -> apicBase;
            case IA32_TSC_DEADLINE -> timer.readDeadline(now);
            default -> throw new IllegalArgumentException("not a local APIC MSR: 0x" + Integer.toHexString(index));
        };
    }

    @Override
    public void writeMsr(int index, long value, long now) {
        switch (index) {
            case IA32_APIC_BASE -> writeApicBase(value, now);
            case IA32_TSC_DEADLINE -> timer.writeDeadline(value, now);
            default -> throw new IllegalArgumentException("not a local APIC MSR: 0x" + Integer.toHexString(index));
        }
    }

    /**
     * IA32_APIC_BASE. The BSP flag is the hardware's and ignores writes. A new base is recorded and
     * reads back, but the window does not move (see the class comment).
     */
    private void writeApicBase(long value, long now) {
        if ((value & APIC_BASE_RESERVED) != 0) {
            throw new MachineFault(now, String.format(
                    "apic%d: wrmsr IA32_APIC_BASE 0x%x sets reserved bits 0x%x (#GP)%s", id, value,
                    value & APIC_BASE_RESERVED, (value & APIC_BASE_EXTD) != 0 ? "; this CPU has no x2APIC" : ""));
        }
        boolean wasEnabled = globallyEnabled();
        apicBase = value & (APIC_BASE_ENABLE | APIC_BASE_ADDRESS) | apicBase & APIC_BASE_BSP;
        if (wasEnabled && !globallyEnabled()) {
            initReset();
        }
        signalCpu();
    }

    // ---------------------------------------------------------------- priority

    /** PPR (SDM §10.8.3.1): TPR if its class is at least that of the highest in-service vector. */
    private int processorPriority() {
        int inService = Math.max(isr.highest(), 0);
        return (tpr & PRIORITY_CLASS) >= (inService & PRIORITY_CLASS) ? tpr : inService & PRIORITY_CLASS;
    }

    /**
     * APR (SDM §10.6.2.4), computed by the SDM's formula as printed, including its bitwise
     * "TPR[7:4] AND ISRV[7:4]" (Bochs reads it the same way). Pentium 4 systems arbitrate on TPR in the
     * chipset, so nothing here depends on it; software can read it.
     */
    private int arbitrationPriority() {
        int tprClass = tpr >>> 4;
        int isrClass = Math.max(isr.highest(), 0) >>> 4;
        int irrClass = Math.max(irr.highest(), 0) >>> 4;
        if (tprClass >= irrClass && tprClass > isrClass) {
            return tpr;
        }
        return Math.max(tprClass & isrClass, irrClass) << 4;
    }

    /** The IRR vector the CPU would get now: the highest one, if its class is above PPR's; else -1. */
    private int deliverableVector() {
        int vector = irr.highest();
        return vector >= 0 && (vector & PRIORITY_CLASS) > (processorPriority() & PRIORITY_CLASS) ? vector : -1;
    }

    private void endOfInterrupt() {
        int vector = isr.highest();
        if (vector < 0) {
            return;
        }
        isr.remove(vector);
        if (tmr.contains(vector)) {
            // the EOI a level-triggered vector broadcasts; with no I/O APIC on the board, only this
            // APIC's own level-triggered LINT0 listens
            levelEndOfInterrupt(vector);
        }
        signalCpu();
    }

    /** Tells the CPU when something is deliverable; it checks IF and asks again at its boundary. */
    private void signalCpu() {
        if (hasInterrupt()) {
            cpu.interruptRequest();
        }
    }

    private int spuriousVector() {
        return svr & SVR_VECTOR;
    }

    private boolean globallyEnabled() {
        return (apicBase & APIC_BASE_ENABLE) != 0;
    }

    private boolean softwareEnabled() {
        return (svr & SVR_APIC_ENABLED) != 0;
    }

    // ---------------------------------------------------------------- accepting interrupts

    /**
     * A fixed interrupt arrives (SDM §10.8.4): it waits in IRR, merging with a request for the same
     * vector already there, and TMR records its trigger mode. Returns whether it was accepted.
     */
    private boolean accept(int vector, boolean level) {
        if (vector < DeliveryMode.FIRST_LEGAL_VECTOR) {
            error(ESR_RECEIVE_ILLEGAL_VECTOR);
            return false;
        }
        irr.add(vector);
        tmr.put(vector, level);
        signalCpu();
        return true;
    }

    /** The timer counted down to zero (or its deadline passed). */
    void timerExpired() {
        int entry = lvt[TIMER];
        if ((entry & LVT_MASKED) == 0) {
            accept(entry & LVT_VECTOR, false);
        }
    }

    /** Records an error in ESR's hidden half and raises the error LVT (SDM §10.5.3). */
    private void error(int bit) {
        pendingErrors |= bit;
        int entry = lvt[ERROR];
        if ((entry & LVT_MASKED) != 0) {
            return;
        }
        int vector = entry & LVT_VECTOR;
        if (vector < DeliveryMode.FIRST_LEGAL_VECTOR) {
            pendingErrors |= ESR_RECEIVE_ILLEGAL_VECTOR;
        } else {
            accept(vector, false);
        }
    }

    // ---------------------------------------------------------------- the bus side

    /** Whether this APIC currently takes fixed and lowest-priority messages. */
    boolean acceptsFixedInterrupts() {
        return globallyEnabled() && softwareEnabled();
    }

    int apicId() {
        return id;
    }

    int taskPriority() {
        return tpr;
    }

    boolean matchesPhysical(int destination) {
        return destination == Icr.BROADCAST || destination == id;
    }

    /** Logical destination (SDM §10.6.2.2), under this APIC's own DFR model; all ones is a broadcast. */
    boolean matchesLogical(int destination) {
        if (destination == Icr.BROADCAST) {
            return true;
        }
        return switch (dfr) {
            case DFR_FLAT -> (destination & ldr) != 0;
            case DFR_CLUSTER -> (destination >>> 4) == (ldr >>> 4) && (destination & ldr & 0xF) != 0;
            default -> false;
        };
    }

    /** A message addressed to this APIC arrives. A globally disabled APIC takes none. */
    void receive(int mode, int vector) {
        if (!globallyEnabled()) {
            return;
        }
        switch (mode) {
            case DeliveryMode.FIXED -> {
                if (softwareEnabled()) {
                    accept(vector, false);
                }
            }
            case DeliveryMode.NMI -> cpu.nmi();
            case DeliveryMode.INIT -> init();
            case DeliveryMode.STARTUP -> cpu.startup(vector);
            case DeliveryMode.SMI -> log.debug("apic{}: dropped an SMI message (no system-management mode)", id);
            default -> throw new IllegalArgumentException("not a message delivery mode: " + mode);
        }
    }

    private void init() {
        initReset();
        cpu.init();
    }

    /** ICR low written: store it and, if Table 10-3 allows the combination, send the message. */
    private void send(int value, long now) {
        icrLow = value & Icr.LOW_WRITABLE;
        int mode = DeliveryMode.of(icrLow);
        if (!Icr.valid(mode, Icr.shorthand(icrLow))) {
            if (log.isDebugEnabled()) {
                log.debug("apic{}: ICR 0x{} is not a valid command; nothing sent", id, Integer.toHexString(icrLow));
            }
            return;
        }
        if (DeliveryMode.usesVector(mode) && (icrLow & Icr.VECTOR) < DeliveryMode.FIRST_LEGAL_VECTOR) {
            error(ESR_SEND_ILLEGAL_VECTOR);
            return;
        }
        outbox.post(icrLow, icrHigh >>> Icr.DESTINATION_SHIFT, now);
    }

    // ---------------------------------------------------------------- LVT and the LINT pins

    private static int lvtIndex(int register) {
        return (register - LVT_TIMER) >> 4;
    }

    /** The LINT pin an LVT entry belongs to, or -1. */
    private static int pinOf(int index) {
        return index == LINT0 || index == LINT0 + 1 ? index - LINT0 : -1;
    }

    private int readLvt(int index) {
        int pin = pinOf(index);
        return lvt[index] | (pin >= 0 && remoteIrr[pin] ? LVT_REMOTE_IRR : 0);
    }

    /** LVT timer bits [18:17]; the reserved value 11b counts as one-shot. */
    private static int timerMode(int entry) {
        int mode = (entry & LVT_TIMER_MODE) >>> LVT_TIMER_MODE_SHIFT;
        return mode == ApicTimer.PERIODIC || mode == ApicTimer.TSC_DEADLINE ? mode : ApicTimer.ONE_SHOT;
    }

    private void writeLvt(int index, int value, long now) {
        int entry = value & lvtWritable[index];
        if (!softwareEnabled()) {
            entry |= LVT_MASKED;
        }
        lvt[index] = entry;
        if (index == TIMER) {
            timer.setMode(timerMode(entry), now);
        } else if (pinOf(index) >= 0) {
            raiseIfLevelAsserted(pinOf(index));
        }
        signalCpu();
    }

    private void pinChanged(int pin, boolean high) {
        boolean wasAsserted = asserted(pin);
        boolean wasHigh = pinHigh[pin];
        pinHigh[pin] = high;
        if (!globallyEnabled()) {
            // with the APIC off, LINT0 is the processor's INTR pin and LINT1 its NMI pin
            if (pin == 0) {
                signalCpu();
            } else if (high && !wasHigh) {
                cpu.nmi();
            }
            return;
        }
        int entry = lvt[LINT0 + pin];
        boolean risingEdge = asserted(pin) && !wasAsserted;
        if ((entry & LVT_MASKED) != 0) {
            return;
        }
        switch (DeliveryMode.of(entry)) {
            case DeliveryMode.FIXED -> {
                if (levelTriggered(pin)) {
                    raiseIfLevelAsserted(pin);
                } else if (risingEdge) {
                    accept(entry & LVT_VECTOR, false);
                }
            }
            case DeliveryMode.NMI -> {
                if (risingEdge) {
                    cpu.nmi();
                }
            }
            case DeliveryMode.INIT -> {
                if (risingEdge) {
                    init();
                }
            }
            case DeliveryMode.EXTINT -> signalCpu();
            default -> {
                // SMI is not modelled; the other encodings are reserved in an LVT entry
            }
        }
    }

    /** Level-triggered fixed LINT0: raise while asserted, once per EOI (remote IRR). */
    private void raiseIfLevelAsserted(int pin) {
        int entry = lvt[LINT0 + pin];
        if ((entry & LVT_MASKED) == 0 && DeliveryMode.of(entry) == DeliveryMode.FIXED && levelTriggered(pin)
                && asserted(pin) && !remoteIrr[pin]) {
            remoteIrr[pin] = accept(entry & LVT_VECTOR, true);
        }
    }

    private void levelEndOfInterrupt(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            if (remoteIrr[pin] && (lvt[LINT0 + pin] & LVT_VECTOR) == vector) {
                remoteIrr[pin] = false;
                raiseIfLevelAsserted(pin);
            }
        }
    }

    /** LINT1 does not support level triggering (SDM §10.5.1); it is always edge-sensitive. */
    private boolean levelTriggered(int pin) {
        return pin == 0 && (lvt[LINT0] & LVT_LEVEL_TRIGGERED) != 0;
    }

    private boolean asserted(int pin) {
        return pinHigh[pin] != ((lvt[LINT0 + pin] & LVT_ACTIVE_LOW) != 0);
    }

    /** An ExtINT request: a LINT pin in ExtINT mode, unmasked and asserted (always level-sensitive). */
    private boolean extIntRequested() {
        if (extInt == null) {
            return false;
        }
        for (int pin = 0; pin < PINS; pin++) {
            int entry = lvt[LINT0 + pin];
            if ((entry & LVT_MASKED) == 0 && DeliveryMode.of(entry) == DeliveryMode.EXTINT && asserted(pin)) {
                return true;
            }
        }
        return false;
    }

    private static long allOnes(int size) {
        return size >= Long.BYTES ? -1L : (1L << (size * Byte.SIZE)) - 1;
    }

    @Override
    public String toString() {
        return "apic" + id;
    }
}
