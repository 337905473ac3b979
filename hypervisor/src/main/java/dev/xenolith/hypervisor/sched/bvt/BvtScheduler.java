package dev.xenolith.hypervisor.sched.bvt;

import static dev.xenolith.hypervisor.sched.bvt.BvtFunction.BVT_DO_SCHEDULE;
import static dev.xenolith.hypervisor.sched.bvt.BvtFunction.BVT_SLEEP;
import static dev.xenolith.hypervisor.sched.bvt.BvtFunction.BVT_WAKE;
import static dev.xenolith.hypervisor.sched.bvt.BvtFunction.UNWARP_TIMER_FN;
import static dev.xenolith.hypervisor.sched.bvt.BvtFunction.WARP_TIMER_FN;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.PluginFunctions;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import dev.xenolith.hypervisor.timer.AcTimer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Borrowed Virtual Time, Xen 2.0.4's default scheduler ({@code xen/common/sched_bvt.c}, after Duda and
 * Cheriton, SOSP'99): proportional share by virtual time, with warping for latency-sensitive domains.
 *
 * <p>Each CPU has a run queue and a system virtual time {@code svt}. A running vcpu stays on its queue.
 * When it is descheduled it is charged {@code ceil(ran / MCU) * mcu_advance} of actual virtual time
 * ({@code avt}; MCU = 100 us, {@code mcu_advance} = inverse weight, default 10) and re-appended at the
 * tail; the queued vcpu with the lowest effective virtual time ({@code evt} = avt, less
 * {@code warp_value} while warped) runs next, the earliest in the queue winning a tie, and {@code svt}
 * becomes the lowest avt on the queue. A woken vcpu goes to the head with {@code avt = max(avt, svt)}
 * (sleepers bank no virtual time); it preempts at once if the CPU is idle or its evt is not above the
 * running vcpu's current evt, and otherwise pulls {@code s_timer} earlier to when the running one should
 * yield. A warped vcpu's warp is cut after {@code warpl} by its warp timer and restored {@code warpu}
 * after that by its unwarp timer.
 *
 * <p>Source quirks kept, as coded:
 * <ul>
 *   <li><b>Slice units.</b> With two runnable vcpus the slice is
 *   {@code (evt' - evt) / mcu_advance + ctx_allow}: the quotient counts MCUs but is added as
 *   nanoseconds, so slices are {@code ctx_allow} (5 ms) plus a few ns rather than plus whole MCUs; the
 *   same sum decides how far {@code bvt_wake} pulls {@code s_timer}. One runnable vcpu gets
 *   {@code 10 * ctx_allow} (50 ms); an idle CPU looks again after {@code ctx_allow}.</li>
 *   <li><b>u32 virtual time.</b> avt, evt and svt wrap; a warp larger than avt wraps evt to near 2^32,
 *   so such a vcpu runs last rather than first. When svt reaches 0xF0000000 every (non-idle) vcpu of the
 *   CPU, queued or not, and svt are rebased by 0xE0000000; a vcpu that slept far behind wraps upwards. The
 *   rebasing protects only while one slice's charge (about 51 MCUs times {@code mcu_advance}) stays below
 *   the 0x10000000 left above the trigger; a larger one lets the leader's avt wrap past 2^32 first.</li>
 *   <li>A warp timer that expires only clears the flag: evt follows at the vcpu's next charge or wake.</li>
 *   <li>{@code adjdom} sets {@code warp = warpback} every time.</li>
 * </ul>
 *
 * <p>Adaptations: each vcpu is scheduled as 2.0 scheduled a (single-vcpu) domain, on its own
 * {@code processor}; domain parameters apply to every vcpu the domain has when they are set (later vcpus
 * start from {@code add_task}'s defaults). {@code DF_MIGRATED} is recognised as a wake on another CPU
 * than the vcpu was last queued on. The warp timers stay on the CPU the vcpu was added on. A slice that
 * wraps negative is returned as 0: 2.0 armed {@code s_timer} in the past, which fired at once, where a
 * negative {@link TaskSlice} time would mean "no timer". {@code bvt_wake} reads {@code NOW()} from the host.
 *
 * <p>Parameters: global {@code ctx_allow} (ns, default 5 ms, 1..214748364 so that 10 slices fit Xen's
 * s32). Per domain: {@code mcu_advance} (1..2^32-1, default 10), {@code warp} (0/1: warping allowed,
 * default 0), {@code warp_value} or {@code warpvalue} (s32 virtual time, default 0), {@code warpl} and
 * {@code warpu} (ns, not negative, defaults 2 s and 1 s; Xen's domctl took ms).
 */
public final class BvtScheduler implements Scheduler {
    static final int MCU = 100_000;
    static final int MCU_ADVANCE = 10;
    static final int DEFAULT_CTX_ALLOW = 5_000_000;
    static final long DEFAULT_WARPL = 2_000_000_000L;
    static final long DEFAULT_WARPU = 1_000_000_000L;
    /** {@code ~0U}: the idle vcpu's virtual time and the scan's "none yet". */
    static final int IDLE_VT = -1;
    static final int SVT_WRAP = 0xF0000000;
    static final int SVT_REBASE = 0xE0000000;
    private static final long MAX_CTX_ALLOW = Integer.MAX_VALUE / 10;
    private static final String CTX_ALLOW = "ctx_allow";
    private static final String MCU_ADV = "mcu_advance";
    private static final String WARP = "warp";
    private static final String WARP_VALUE = "warp_value";
    private static final String WARPVALUE = "warpvalue";
    private static final String WARPL = "warpl";
    private static final String WARPU = "warpu";

    private SchedulerHost host;
    private PluginFunctions<BvtFunction> functions;
    private int ctxAllow = DEFAULT_CTX_ALLOW;
    private final List<ArrayList<BvtVcpu>> runqueues = new ArrayList<>();
    private int[] svt = new int[0];
    /** Every non-idle vcpu, in creation order: the domain list that the svt rebasing walks. */
    private final List<BvtVcpu> vcpus = new ArrayList<>();
    /** The scan's results, kept in fields so that choosing allocates nothing. */
    private BvtVcpu next;
    private BvtVcpu nextPrime;

    @Override
    public String name() {
        return "Borrowed Virtual Time";
    }

    @Override
    public String optName() {
        return "bvt";
    }

    @Override
    public int schedId() {
        return 0;
    }

    @Override
    public Set<String> domainParamNames() {
        return Set.of(MCU_ADV, WARP, WARP_VALUE, WARPVALUE, WARPL, WARPU);
    }

    @Override
    public Set<String> globalParamNames() {
        return Set.of(CTX_ALLOW);
    }

    /** {@code bvt_init_scheduler} and {@code bvt_ctl}'s PUT of {@code ctx_allow}. */
    @Override
    public void init(SchedulerHost host, SchedParams params) {
        requireKnown(params, globalParamNames());
        long allow = params.get(CTX_ALLOW, DEFAULT_CTX_ALLOW);
        if (allow < 1 || allow > MAX_CTX_ALLOW) {
            throw new IllegalArgumentException("bvt: ctx_allow must be 1.." + MAX_CTX_ALLOW + " ns: " + allow);
        }
        this.host = host;
        this.functions = host.functions(BvtFunction.class);
        this.ctxAllow = (int) allow;
        this.svt = new int[host.cpuCount()];
        runqueues.clear();
        for (int cpu = 0; cpu < host.cpuCount(); cpu++) {
            runqueues.add(new ArrayList<>());
        }
        vcpus.clear();
    }

    /** {@code bvt_alloc_task} + {@code bvt_add_task}; for an idle vcpu {@code bvt_init_idle_task}. */
    @Override
    public void addVcpu(Vcpu vcpu) {
        BvtVcpu inf = new BvtVcpu(vcpu);
        vcpu.setSchedPriv(inf);
        int cpu = vcpu.processor();
        if (vcpu.isIdle()) {
            inf.avt = IDLE_VT;
            inf.evt = IDLE_VT;
            link(inf, cpu, true);
            return;
        }
        inf.avt = svt[cpu];
        inf.evt = svt[cpu];
        inf.warpTimer = new AcTimer(WARP_TIMER_FN, cpu, (c, now) -> warpTimerFn(inf, now));
        inf.unwarpTimer = new AcTimer(UNWARP_TIMER_FN, cpu, (c, now) -> unwarpTimerFn(inf));
        vcpus.add(inf);
        runqueues.get(cpu).ensureCapacity(vcpus.size() + 1);
    }

    @Override
    public void removeVcpu(Vcpu vcpu) {
        BvtVcpu inf = info(vcpu);
        unlink(inf);
        if (!vcpu.isIdle()) {
            host.removeTimer(inf.warpTimer);
            host.removeTimer(inf.unwarpTimer);
            vcpus.remove(inf);
        }
        vcpu.setSchedPriv(null);
    }

    /** {@code bvt_adjdom}'s PUT, applied to each vcpu of the domain. */
    @Override
    public void adjustDomain(Domain domain, SchedParams params) {
        requireKnown(params, domainParamNames());
        if (params.has(WARP_VALUE) && params.has(WARPVALUE)) {
            throw new IllegalArgumentException("bvt: give either warp_value or warpvalue, not both");
        }
        long mcu = params.get(MCU_ADV, MCU_ADVANCE);
        long warpback = params.get(WARP, 0);
        long warpValue = params.get(WARP_VALUE, params.get(WARPVALUE, 0));
        check(mcu >= 1 && mcu <= 0xFFFF_FFFFL, MCU_ADV, "1..4294967295", mcu);
        check(warpback == 0 || warpback == 1, WARP, "0 or 1", warpback);
        check(warpValue >= Integer.MIN_VALUE && warpValue <= Integer.MAX_VALUE, "warp_value", "an s32", warpValue);
        check(params.get(WARPL, 0) >= 0, WARPL, "not negative", params.get(WARPL, 0));
        check(params.get(WARPU, 0) >= 0, WARPU, "not negative", params.get(WARPU, 0));
        for (Vcpu vcpu : domain.vcpus()) {
            BvtVcpu inf = info(vcpu);
            if (inf != null) {
                adjust(inf, params);
            }
        }
    }

    private void adjust(BvtVcpu inf, SchedParams params) {
        inf.mcuAdvance = (int) params.get(MCU_ADV, Integer.toUnsignedLong(inf.mcuAdvance));
        inf.warpback = params.get(WARP, inf.warpback ? 1 : 0) == 1;
        inf.warp = inf.warpback;
        inf.warpValue = (int) params.get(WARP_VALUE, params.get(WARPVALUE, inf.warpValue));
        inf.warpl = params.get(WARPL, inf.warpl);
        inf.warpu = params.get(WARPU, inf.warpu);
        host.removeTimer(inf.unwarpTimer);
        if (!inf.warpback) {
            host.removeTimer(inf.warpTimer);
        }
    }

    @Override
    public void sleep(Vcpu vcpu) {
        int cpu = vcpu.processor();
        functions.enter(cpu, BVT_SLEEP);
        if (vcpu.isRunning()) {
            host.raiseScheduleSoftirq(cpu);
        } else {
            unlink(info(vcpu));
        }
        functions.exit(cpu, BVT_SLEEP);
    }

    @Override
    public void wake(Vcpu vcpu) {
        int cpu = vcpu.processor();
        functions.enter(cpu, BVT_WAKE);
        BvtVcpu inf = info(vcpu);
        if (inf.queuedOn < 0) {
            link(inf, cpu, true);
            // A sleeper banks no virtual time, and a migrant's avt meant nothing on this CPU.
            boolean migrated = inf.svtCpu != cpu;
            inf.svtCpu = cpu;
            if (Integer.compareUnsigned(inf.avt, svt[cpu]) < 0 || migrated) {
                inf.avt = svt[cpu];
            }
            inf.evt = calcEvt(inf, inf.avt);
            preemptOrPullTimer(inf, cpu, host.now());
        }
        functions.exit(cpu, BVT_WAKE);
    }

    /** Preempts the running vcpu now, or makes {@code s_timer} fire when it should give way. */
    private void preemptOrPullTimer(BvtVcpu inf, int cpu, long now) {
        Vcpu curr = host.current(cpu);
        BvtVcpu currInf = info(curr);
        int currEvt = calcEvt(currInf, calcAvt(currInf, now));
        long rTime = curr.lastSchedTime()
                + Integer.toUnsignedLong(Integer.divideUnsigned(inf.evt - currEvt, currInf.mcuAdvance)) + ctxAllow;
        if (curr.isIdle() || Integer.compareUnsigned(inf.evt, currEvt) <= 0) {
            host.raiseScheduleSoftirq(cpu);
        } else if (host.scheduleTimer(cpu).expires() > rTime) {
            host.modifyTimer(host.scheduleTimer(cpu), rTime);
        }
    }

    @Override
    public void doSchedule(int cpu, long now, TaskSlice out) {
        functions.enter(cpu, BVT_DO_SCHEDULE);
        Vcpu prev = host.current(cpu);
        if (!prev.isIdle()) {
            deschedule(info(prev), cpu, now);
        }
        int minAvt = scan(cpu);
        if (next.warp && next.warpl > 0) {
            host.addTimer(next.warpTimer, now + next.warpl);
        }
        if (minAvt != IDLE_VT) {
            svt[cpu] = minAvt;
        }
        if (Integer.compareUnsigned(svt[cpu], SVT_WRAP) >= 0) {
            rebase(cpu);
        }
        out.set(next.vcpu, slice());
        functions.exit(cpu, BVT_DO_SCHEDULE);
    }

    /** Charges prev for the time it ran and moves it to the tail if it is still runnable. */
    private void deschedule(BvtVcpu prev, int cpu, long now) {
        prev.avt = calcAvt(prev, now);
        prev.evt = calcEvt(prev, prev.avt);
        if (prev.warpback && prev.warpl > 0) {
            host.removeTimer(prev.warpTimer);
        }
        unlink(prev);
        if (prev.vcpu.isRunnable()) {
            link(prev, cpu, false);
        }
    }

    /**
     * Finds the lowest evt ({@link #next}, idle if none is lower than {@code ~0U}) and the second lowest
     * ({@link #nextPrime}) in queue order, strict comparisons so that the earliest wins a tie; returns
     * the lowest avt.
     */
    private int scan(int cpu) {
        next = info(host.idleVcpu(cpu));
        nextPrime = null;
        int nextEvt = IDLE_VT;
        int nextPrimeEvt = IDLE_VT;
        int minAvt = IDLE_VT;
        List<BvtVcpu> queue = runqueues.get(cpu);
        for (int i = 0; i < queue.size(); i++) {
            BvtVcpu p = queue.get(i);
            if (Integer.compareUnsigned(p.evt, nextEvt) < 0) {
                nextPrime = next;
                nextPrimeEvt = nextEvt;
                next = p;
                nextEvt = p.evt;
            } else if (nextPrimeEvt == IDLE_VT || Integer.compareUnsigned(p.evt, nextPrimeEvt) < 0) {
                nextPrime = p;
                nextPrimeEvt = p.evt;
            }
            if (Integer.compareUnsigned(p.avt, minAvt) < 0) {
                minAvt = p.avt;
            }
        }
        return minAvt;
    }

    /** Virtual time nears 2^32: moves every vcpu of the CPU, queued or not, and svt down together. */
    private void rebase(int cpu) {
        for (int i = 0; i < vcpus.size(); i++) {
            BvtVcpu p = vcpus.get(i);
            if (p.vcpu.processor() == cpu) {
                p.evt -= SVT_REBASE;
                p.avt -= SVT_REBASE;
            }
        }
        svt[cpu] -= SVT_REBASE;
    }

    /** The slice for {@link #next}, with the source's MCU-count-as-ns sum (see the class comment). */
    private long slice() {
        if (next.vcpu.isIdle()) {
            return ctxAllow;
        }
        if (nextPrime == null || nextPrime.vcpu.isIdle()) {
            return 10 * ctxAllow;
        }
        int rTime = Integer.divideUnsigned(nextPrime.evt - next.evt, next.mcuAdvance) + ctxAllow;
        return Math.max(rTime, 0);
    }

    /** The warp limit ran out: stop warping, and start counting the unwarp requirement. */
    private void warpTimerFn(BvtVcpu inf, long now) {
        inf.warp = false;
        if (inf.warpu == 0) {
            inf.warpback = false;
            host.raiseScheduleSoftirq(inf.vcpu.processor());
        }
        host.addTimer(inf.unwarpTimer, now + inf.warpu);
    }

    private void unwarpTimerFn(BvtVcpu inf) {
        if (inf.warpback) {
            inf.warp = true;
            host.raiseScheduleSoftirq(inf.vcpu.processor());
        }
    }

    /** {@code calc_avt}: avt plus the MCUs (rounded up) run since {@code lastschd}, u32 throughout. */
    private static int calcAvt(BvtVcpu inf, long now) {
        int ranfor = (int) (now - inf.vcpu.lastSchedTime());
        int mcus = Integer.divideUnsigned(ranfor + MCU - 1, MCU);
        return inf.avt + mcus * inf.mcuAdvance;
    }

    /** {@code calc_evt}. */
    private static int calcEvt(BvtVcpu inf, int avt) {
        return inf.warp ? avt - inf.warpValue : avt;
    }

    @Override
    public void dump(StringBuilder out) {
        out.append(String.format("BVT: mcu=0x%08Xns ctx_allow=0x%08Xns%n", MCU, ctxAllow));
        for (int cpu = 0; cpu < runqueues.size(); cpu++) {
            out.append(String.format("CPU[%d] svt=0x%08X%n", cpu, svt[cpu]));
            List<BvtVcpu> queue = runqueues.get(cpu);
            for (int i = 0; i < queue.size(); i++) {
                BvtVcpu p = queue.get(i);
                out.append(String.format("%3d: %s has=%c mcua=%d ev=0x%08X av=0x%08X c=%d%n", i, p.vcpu,
                        p.vcpu.isRunning() ? 'T' : 'F', Integer.toUnsignedLong(p.mcuAdvance), p.evt, p.avt,
                        p.vcpu.cpuTime()));
            }
        }
    }

    // ---- for tests ----

    int svt(int cpu) {
        return svt[cpu];
    }

    int avt(Vcpu vcpu) {
        return info(vcpu).avt;
    }

    int evt(Vcpu vcpu) {
        return info(vcpu).evt;
    }

    boolean isWarped(Vcpu vcpu) {
        return info(vcpu).warp;
    }

    BvtVcpu infoOf(Vcpu vcpu) {
        return info(vcpu);
    }

    List<Vcpu> queue(int cpu) {
        List<Vcpu> order = new ArrayList<>();
        runqueues.get(cpu).forEach(p -> order.add(p.vcpu));
        return order;
    }

    // ---- helpers ----

    private void link(BvtVcpu inf, int cpu, boolean head) {
        if (head) {
            runqueues.get(cpu).add(0, inf);
        } else {
            runqueues.get(cpu).add(inf);
        }
        inf.queuedOn = cpu;
    }

    private void unlink(BvtVcpu inf) {
        if (inf.queuedOn >= 0) {
            runqueues.get(inf.queuedOn).remove(inf);
            inf.queuedOn = -1;
        }
    }

    private static BvtVcpu info(Vcpu vcpu) {
        return (BvtVcpu) vcpu.schedPriv();
    }

    private static void requireKnown(SchedParams params, Set<String> known) {
        for (String name : params.values().keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("bvt: unknown parameter " + name);
            }
        }
    }

    private static void check(boolean ok, String name, String range, long value) {
        if (!ok) {
            throw new IllegalArgumentException("bvt: " + name + " must be " + range + ": " + value);
        }
    }
}
