package dev.xenolith.hypervisor.sched.credit;

import static dev.xenolith.hypervisor.sched.credit.CreditFunction.BURN_CREDITS;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_ACCT;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_CPU_PICK;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_LOAD_BALANCE;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_RUNQ_SORT;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_RUNQ_STEAL;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_SCHEDULE;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_TICK;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_VCPU_ACCT;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_VCPU_SLEEP;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_VCPU_WAKE;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.CSCHED_VCPU_YIELD;
import static dev.xenolith.hypervisor.sched.credit.CreditFunction.RUNQ_TICKLE;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.PluginFunctions;
import dev.xenolith.hypervisor.sched.SchedParams;
import dev.xenolith.hypervisor.sched.Scheduler;
import dev.xenolith.hypervisor.sched.SchedulerHost;
import dev.xenolith.hypervisor.sched.TaskSlice;
import dev.xenolith.hypervisor.timer.AcTimer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Xen's credit scheduler, credit1, as in 4.x ({@code xen/common/sched_credit.c}, later
 * {@code sched/credit.c}; the default from 3.0.3 to 4.11): proportional fair share by weight, optional
 * caps, SMP load balancing.
 *
 * <ul>
 *   <li><b>Credit.</b> A vcpu burns 10 credits per ms it runs, charged to the nanosecond
 *   ({@code burn_credits}, remainder kept in {@code residual}). Every tslice (30 ms) the master CPU's
 *   {@code csched_acct} hands the machine's {@code 10 x tslice_ms x ncpus} credits to the active
 *   domains in proportion to weight (1..65535, default 256), capped by {@code cap} (% of one pCPU, 0 =
 *   none) and by one tslice per active vcpu, giving unused shares back to the others. A vcpu left with
 *   credit is UNDER, one in debt OVER (clamped at minus one tslice); a capped vcpu more than its
 *   per-vcpu cap in debt is parked (paused) until its credit is positive again; one holding more than a
 *   tslice stops earning and has its credit halved.</li>
 *   <li><b>Ticks.</b> Each pCPU's {@code csched_tick} (every tslice/3, 10 ms; stopped when the CPU goes
 *   idle) ends a BOOST, charges the running vcpu, makes it active if it was not, or else moves it to an
 *   idle pCPU if one suits it better ({@code _csched_cpu_pick}); it resorts the run queue (UNDER ahead
 *   of OVER) after each accounting.</li>
 *   <li><b>Wake.</b> An UNDER vcpu waking from sleep is BOOSTed (not after a move or an unpark); it is
 *   queued and {@code __runq_tickle} interrupts its CPU if that is idle or, with no idle pCPU, if it
 *   outranks the running vcpu; otherwise an idle pCPU that may run it (round-robin).</li>
 *   <li><b>Schedule.</b> {@code csched_schedule} charges the running vcpu; if it is runnable, not
 *   yielding and has run less than {@code ratelimit} (1 ms) it continues for the rest of that (as coded,
 *   for 100 us if it has run under 100 us). Otherwise it is queued by priority, the head is taken, and
 *   if that is OVER or IDLE {@code csched_load_balance} steals a strictly higher-priority queued vcpu
 *   from a busy peer. A vcpu runs one tslice; the idle vcpu runs with no timer (negative time) and the
 *   ticker stops until the CPU leaves idle, re-armed on a tick boundary.</li>
 * </ul>
 *
 * <p>Source quirks kept: the rate limit's 100 us re-check for a runner that has run under 100 us; in
 * {@code burn_credits} both {@code residual} and {@code start_time} carry the part of a credit not yet
 * charged, so a vcpu is charged up to one credit early (exact in the long run); {@code csched_acct}'s u32
 * arithmetic and rounding up.
 *
 * <p>Simplifications: one NUMA node and no SMT topology (so the pick's idleness weighting among sibling
 * groups, which cannot change the choice without it, is omitted); hard affinity only (no soft affinity);
 * no tasklets; {@code tickle_one_idle_cpu} always on; no {@code load_balance_ratelimit}; the
 * {@code last_tickle_cpu} of the waking CPU is kept per target CPU, since the hooks do not say which
 * CPU runs them. Adaptations: a vcpu's first wake after {@code addVcpu} is not boosted, as in Xen (the
 * insert's pick marks it migrating), but {@code addVcpu} does not queue it: the framework's first wake
 * does. A kick to a better pCPU ({@code _VPF_migrating}) is completed inside the old CPU's next
 * {@code csched_schedule} (what {@code vcpu_migrate} does after the switch): the vcpu is queued on the new
 * CPU there, while its {@code Vcpu} processor changes only when that CPU switches it in. {@code __runq_tickle}
 * kicks the running vcpu when its own affinity meets an idler, as up to 4.12 (later releases test the
 * waker's affinity there, which can never match). Parking pauses with {@link Vcpu#setPaused}.
 *
 * <p>Parameters: global {@code tslice} (ns, whole ms, 1..1000 ms, default 30 ms), {@code ratelimit}
 * (ns, whole us, 0 = off or 100 us..500 ms, not above tslice, default 1 ms), {@code vcpu_migration_delay}
 * (ns, whole us, 0..100 ms, default 0). Per domain: {@code weight} (1..65535, default 256), {@code cap}
 * (0..65534 % of one pCPU, default 0).
 */
public final class CreditScheduler implements Scheduler {
    static final int DEFAULT_WEIGHT = 256;
    static final int TICKS_PER_TSLICE = 3;
    static final int CREDITS_PER_MSEC = 10;
    static final int PRI_BOOST = 0;
    static final int PRI_UNDER = -1;
    static final int PRI_OVER = -2;
    static final int PRI_IDLE = -64;
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    /** {@code tslice} and {@code ratelimit} when not given (ns), which images are checked against too. */
    public static final long DEFAULT_TSLICE = 30 * MS;
    public static final long DEFAULT_RATELIMIT = 1 * MS;
    /** {@code CSCHED_MIN_TIMER} = {@code XEN_SYSCTL_SCHED_RATELIMIT_MIN}. */
    static final long MIN_TIMER = 100 * US;
    private static final long RATELIMIT_MAX = 500 * MS;
    private static final long TSLICE_MAX = 1000 * MS;
    private static final long MIGRATION_DELAY_MAX = 100 * MS;
    private static final long U32 = 0xFFFF_FFFFL;
    private static final String TSLICE = "tslice";
    private static final String RATELIMIT = "ratelimit";
    private static final String MIGRATION_DELAY = "vcpu_migration_delay";
    private static final String WEIGHT = "weight";
    private static final String CAP = "cap";

    private SchedulerHost host;
    private PluginFunctions<CreditFunction> functions;
    private final List<CschedPcpu> pcpus = new ArrayList<>();
    private int ncpus;
    // csched_private
    private final BitSet idlers = new BitSet();
    private final ListHead<CschedDom> activeSdom = new ListHead<>(null);
    private AcTimer masterTicker;
    /** Sum of the weights of the active vcpus (a domain's weight counts once per active vcpu); u32. */
    private long weight;
    /** Credits handed out per accounting period: credits_per_tslice x ncpus; u32. */
    private long credit;
    private int creditBalance;
    private int runqSort;
    private long tslice;
    private long tickPeriod;
    private int creditsPerTslice;
    private long ratelimit;
    private long migrationDelay;
    private int balanceBias;
    /** Scratch cpumasks, so that the hot paths allocate nothing. */
    private final BitSet cpus = new BitSet();
    private final BitSet pickIdlers = new BitSet();
    private final BitSet workers = new BitSet();

    @Override
    public String name() {
        return "SMP Credit Scheduler";
    }

    @Override
    public String optName() {
        return "credit";
    }

    @Override
    public int schedId() {
        return 5;
    }

    @Override
    public Set<String> domainParamNames() {
        return Set.of(WEIGHT, CAP);
    }

    @Override
    public Set<String> globalParamNames() {
        return Set.of(TSLICE, RATELIMIT, MIGRATION_DELAY);
    }

    // ---- set-up: csched_init, init_pdata, csched_sys_cntl ----

    @Override
    public void init(SchedulerHost host, SchedParams params) {
        requireKnown(params, globalParamNames());
        long slice = params.get(TSLICE, DEFAULT_TSLICE);
        long limit = params.get(RATELIMIT, DEFAULT_RATELIMIT);
        long delay = params.get(MIGRATION_DELAY, 0);
        check(slice % MS == 0 && slice >= MS && slice <= TSLICE_MAX, TSLICE, "1..1000 ms in whole ms", slice);
        check(limit % US == 0 && (limit == 0 || limit >= MIN_TIMER && limit <= RATELIMIT_MAX), RATELIMIT,
                "0 or 100 us..500 ms in whole us", limit);
        check(limit <= slice, RATELIMIT, "at most tslice (" + slice + " ns)", limit);
        check(delay % US == 0 && delay >= 0 && delay <= MIGRATION_DELAY_MAX, MIGRATION_DELAY,
                "0..100 ms in whole us", delay);
        this.host = host;
        this.functions = host.functions(CreditFunction.class);
        this.ncpus = host.cpuCount();
        setTslice(slice / MS);
        this.ratelimit = limit;
        this.migrationDelay = delay;
        pcpus.clear();
        idlers.clear();
        masterTicker = new AcTimer(CSCHED_ACCT, 0, (cpu, now) -> cschedAcct(now));
        host.addTimer(masterTicker, tslice);
        for (int cpu = 0; cpu < ncpus; cpu++) {
            initPdata(cpu);
        }
    }

    /** {@code __csched_set_tslice}. */
    private void setTslice(long tsliceMs) {
        int ticks = tsliceMs < TICKS_PER_TSLICE ? 1 : TICKS_PER_TSLICE;
        tslice = tsliceMs * MS;
        tickPeriod = tsliceMs * 1000 / ticks * US;
        creditsPerTslice = (int) (CREDITS_PER_MSEC * tsliceMs);
        credit = (long) creditsPerTslice * ncpus;
    }

    /** {@code init_pdata} at boot (system time 0): the ticker, an empty queue, the CPU idle. */
    private void initPdata(int cpu) {
        AcTimer ticker = new AcTimer(CSCHED_TICK, cpu, this::cschedTick);
        pcpus.add(new CschedPcpu(ticker, runqSort));
        host.addTimer(ticker, tickPeriod);
        idlers.set(cpu);
    }

    // ---- vcpus and domains ----

    /** {@code csched_alloc_vdata} + {@code csched_vcpu_insert} (which picks the vcpu's pCPU). */
    @Override
    public void addVcpu(Vcpu vcpu) {
        if (vcpu.isIdle()) {
            vcpu.setSchedPriv(new CschedVcpu(vcpu, null, PRI_IDLE));
            return;
        }
        CschedVcpu svc = new CschedVcpu(vcpu, sdom(vcpu.domain()), PRI_UNDER);
        vcpu.setSchedPriv(svc);
        svc.migrating = true;
        svc.cpu = cpuPick(svc);
        vcpu.setProcessor(svc.cpu);
    }

    /** {@code csched_vcpu_remove}. */
    @Override
    public void removeVcpu(Vcpu vcpu) {
        CschedVcpu svc = svc(vcpu);
        vcpu.setSchedPriv(null);
        if (vcpu.isIdle()) {
            return;
        }
        if (svc.onRunq()) {
            runqRemove(svc);
        }
        if (svc.parked) {
            svc.parked = false;
            vcpu.setPaused(false);
        }
        if (!svc.activeElem.isEmpty()) {
            acctStop(svc);
        }
    }

    /** {@code csched_dom_cntl}'s putinfo. */
    @Override
    public void adjustDomain(Domain domain, SchedParams params) {
        requireKnown(params, domainParamNames());
        long w = params.get(WEIGHT, DEFAULT_WEIGHT);
        long c = params.get(CAP, 0);
        check(w >= 1 && w <= 65535, WEIGHT, "1..65535", w);
        check(c >= 0 && c <= 65534, CAP, "0..65534 (% of one pCPU, 0 = no cap)", c);
        CschedDom sdom = sdom(domain);
        if (params.has(WEIGHT)) {
            if (!sdom.activeSdomElem.isEmpty()) {
                weight = u32(weight - (long) sdom.weight * sdom.activeVcpuCount + w * sdom.activeVcpuCount);
            }
            sdom.weight = (int) w;
        }
        if (params.has(CAP)) {
            sdom.cap = (int) c;
        }
    }

    /** {@code csched_alloc_domdata}, on first use. */
    private static CschedDom sdom(Domain domain) {
        if (domain.schedPriv() == null) {
            domain.setSchedPriv(new CschedDom(domain));
        }
        return (CschedDom) domain.schedPriv();
    }

    // ---- hooks ----

    @Override
    public void sleep(Vcpu vcpu) {
        CschedVcpu svc = svc(vcpu);
        int cpu = svc.cpu;
        functions.enter(cpu, CSCHED_VCPU_SLEEP);
        if (host.current(cpu) == vcpu) {
            host.raiseScheduleSoftirq(cpu);
        } else if (svc.onRunq()) {
            runqRemove(svc);
        }
        functions.exit(cpu, CSCHED_VCPU_SLEEP);
    }

    @Override
    public void wake(Vcpu vcpu) {
        CschedVcpu svc = svc(vcpu);
        int traced = svc.cpu;
        functions.enter(traced, CSCHED_VCPU_WAKE);
        if (host.current(svc.cpu) != vcpu && !svc.onRunq()) {
            if (!vcpu.isRunning()) {
                svc.cpu = vcpu.processor(); // the framework may have moved it while it slept
            }
            enqueueWoken(svc);
        }
        functions.exit(traced, CSCHED_VCPU_WAKE);
    }

    /** The body of {@code csched_vcpu_wake}: boost a sleeper that has credit, queue it, tickle. */
    private void enqueueWoken(CschedVcpu svc) {
        boolean moved = svc.migrating;
        svc.migrating = false;
        if (!moved && svc.pri == PRI_UNDER && !svc.parked) {
            svc.pri = PRI_BOOST;
        }
        runqInsert(svc);
        pcpus.get(svc.cpu).nrRunnable++;
        runqTickle(svc);
    }

    @Override
    public void yield(Vcpu vcpu) {
        CschedVcpu svc = svc(vcpu);
        functions.enter(svc.cpu, CSCHED_VCPU_YIELD);
        svc.yield = true;
        functions.exit(svc.cpu, CSCHED_VCPU_YIELD);
    }

    // ---- csched_schedule ----

    @Override
    public void doSchedule(int cpu, long now, TaskSlice out) {
        functions.enter(cpu, CSCHED_SCHEDULE);
        CschedVcpu scurr = svc(host.current(cpu));
        boolean idle = scurr.vcpu.isIdle();
        long runtime = Math.max(0, now - scurr.runStart);
        if (!idle) {
            burnCredits(scurr, now);
            scurr.startTime -= now;
            scurr.lastSchedTime = now;
        } else {
            scurr.pri = PRI_IDLE;
        }
        int moveTo = kickTarget(scurr, cpu);
        boolean runnable = scurr.vcpu.isRunnable() && moveTo < 0;
        CschedVcpu snext;
        long slice;
        if (!scurr.yield && ratelimit > 0 && runnable && !idle && runtime < ratelimit) {
            snext = scurr;
            snext.startTime += now;
            slice = runtime < MIN_TIMER ? MIN_TIMER : ratelimit - runtime;
        } else {
            snext = pickNext(scurr, cpu, runnable, now);
            slice = tslice;
        }
        out.set(snext.vcpu, snext.vcpu.isIdle() ? -1 : slice);
        switchTicker(pcpus.get(cpu), idle, snext.vcpu.isIdle(), now);
        if (snext != scurr) {
            snext.runStart = now;
        }
        if (moveTo >= 0) {
            migrate(scurr, moveTo);
        }
        functions.exit(cpu, CSCHED_SCHEDULE);
    }

    /** Queues scurr if runnable, takes the head, balances if it is OVER or IDLE, updates idlers. */
    private CschedVcpu pickNext(CschedVcpu scurr, int cpu, boolean runnable, long now) {
        ListHead<CschedVcpu> runq = pcpus.get(cpu).runq;
        if (runnable) {
            runqInsert(scurr);
        } else if (!scurr.vcpu.isIdle()) {
            pcpus.get(cpu).nrRunnable--;
        }
        scurr.yield = false;
        CschedVcpu snext;
        do {
            snext = runq.first();
            if (snext.pri > PRI_OVER) {
                snext.runqElem.delInit();
            } else {
                snext = loadBalance(cpu, snext, now);
            }
        } while (!snext.vcpu.isRunnable());
        if (snext.pri == PRI_IDLE) {
            idlers.set(cpu);
        } else {
            idlers.clear(cpu);
        }
        if (!snext.vcpu.isIdle()) {
            snext.startTime += now;
        }
        return snext;
    }

    /** Stops the ticker when the CPU goes idle; restarts it on a tick boundary when it leaves idle. */
    private void switchTicker(CschedPcpu spc, boolean wasIdle, boolean goesIdle, long now) {
        if (!wasIdle && goesIdle) {
            host.removeTimer(spc.ticker);
        } else if (wasIdle && !goesIdle) {
            host.modifyTimer(spc.ticker, now + tickPeriod - now % tickPeriod);
        }
    }

    /** For a kicked vcpu, the pCPU it should move to, or -1 to stay (the pick found none better). */
    private int kickTarget(CschedVcpu scurr, int cpu) {
        if (!scurr.kicked) {
            return -1;
        }
        scurr.kicked = false;
        int target = cpuPick(scurr);
        return target == cpu ? -1 : target;
    }

    /** {@code vcpu_migrate} with {@code csched_cpu_pick}'s mark: queue on the new CPU, no boost. */
    private void migrate(CschedVcpu svc, int target) {
        svc.cpu = target;
        svc.migrating = true;
        enqueueWoken(svc);
    }

    // ---- run queues ----

    /** {@code __runq_insert}: after every vcpu of equal or higher priority; a yielder one further back. */
    private void runqInsert(CschedVcpu svc) {
        ListHead<CschedVcpu> runq = pcpus.get(svc.cpu).runq;
        ListHead<CschedVcpu> iter = runq.next;
        while (iter != runq && svc.pri <= iter.owner.pri) {
            iter = iter.next;
        }
        if (svc.yield && iter != runq && iter.owner.pri > PRI_IDLE) {
            iter = iter.next;
        }
        svc.runqElem.addBefore(iter);
    }

    /** {@code runq_remove}: unlinks a queued vcpu that stops being runnable here. */
    private void runqRemove(CschedVcpu svc) {
        pcpus.get(svc.cpu).nrRunnable--;
        svc.runqElem.delInit();
    }

    private boolean isRunqIdle(int cpu) {
        CschedVcpu head = pcpus.get(cpu).runq.first();
        return head == null || head.vcpu.isIdle();
    }

    /** {@code csched_runq_sort}: after an accounting, moves UNDER (and BOOST) ahead of OVER, stably. */
    private void runqSort(int cpu) {
        CschedPcpu spc = pcpus.get(cpu);
        if (spc.runqSortLast == runqSort) {
            return;
        }
        functions.enter(cpu, CSCHED_RUNQ_SORT);
        spc.runqSortLast = runqSort;
        ListHead<CschedVcpu> runq = spc.runq;
        ListHead<CschedVcpu> lastUnder = runq;
        for (ListHead<CschedVcpu> elem = runq.next, next; elem != runq; elem = next) {
            next = elem.next;
            if (elem.owner.pri >= PRI_UNDER) {
                if (elem.prev != lastUnder) {
                    elem.delInit();
                    elem.addAfter(lastUnder);
                }
                lastUnder = elem;
            }
        }
        functions.exit(cpu, CSCHED_RUNQ_SORT);
    }

    // ---- choosing CPUs ----

    /** {@code __runq_tickle}: which CPU, if any, should reschedule for the newly queued vcpu. */
    private void runqTickle(CschedVcpu fresh) {
        int cpu = fresh.cpu;
        functions.enter(cpu, RUNQ_TICKLE);
        CschedVcpu cur = svc(host.current(cpu));
        BitSet affinity = fresh.vcpu.affinity();
        int target = -1;
        if (affinity.cardinality() == 1 && idlers.get(cpu)) {
            target = cpu; // exclusively pinned, and its CPU idles
        } else if (cur.pri == PRI_IDLE || (idlers.isEmpty() && fresh.pri > cur.pri)) {
            target = cpu;
        } else if (!idlers.isEmpty()) {
            cpus.clear();
            cpus.or(affinity);
            cpus.and(idlers);
            if (!cpus.isEmpty()) {
                // An idler may run it: leave the (cache-hot) current vcpu alone.
                CschedPcpu spc = pcpus.get(cpu);
                spc.lastTickleCpu = cycle(spc.lastTickleCpu, cpus);
                target = spc.lastTickleCpu;
            } else if (fresh.pri > cur.pri) {
                if (cur.vcpu.affinity().intersects(idlers)) {
                    cur.kicked = true;
                }
                target = cpu;
            }
        }
        if (target >= 0) {
            idlers.clear(target);
            host.raiseScheduleSoftirq(target);
        }
        functions.exit(cpu, RUNQ_TICKLE);
    }

    /**
     * {@code _csched_cpu_pick} without SMT topology: the vcpu's CPU if it may run there and that CPU is
     * idle (or would be without it); else the next idle CPU it may run on; else its CPU.
     */
    private int cpuPick(CschedVcpu svc) {
        functions.enter(svc.cpu, CSCHED_CPU_PICK);
        cpus.clear();
        cpus.or(svc.vcpu.affinity());
        cpus.clear(ncpus, Math.max(ncpus, cpus.length()));
        int cpu = cpus.get(svc.cpu) ? svc.cpu : cycle(svc.cpu, cpus);
        pickIdlers.clear();
        pickIdlers.or(idlers);
        if (svc.cpu == cpu && isRunqIdle(cpu)) {
            pickIdlers.set(cpu);
        }
        cpus.and(pickIdlers);
        if (!cpus.get(cpu) && !cpus.isEmpty()) {
            cpu = cycle(cpu, cpus);
        }
        functions.exit(svc.cpu, CSCHED_CPU_PICK);
        return cpu;
    }

    /** {@code cpumask_cycle}: the first CPU of {@code mask} after {@code n}, wrapping; ncpus if none. */
    private int cycle(int n, BitSet mask) {
        int next = mask.nextSetBit(n + 1);
        if (next < 0 || next >= ncpus) {
            next = mask.nextSetBit(0);
        }
        return next < 0 || next >= ncpus ? ncpus : next;
    }

    /**
     * {@code csched_load_balance}: steal from a busy peer (round-robin from the last one robbed) a queued
     * vcpu of strictly higher priority than {@code snext}; else take {@code snext} off the queue.
     */
    private CschedVcpu loadBalance(int cpu, CschedVcpu snext, long now) {
        functions.enter(cpu, CSCHED_LOAD_BALANCE);
        workers.clear();
        workers.set(0, ncpus);
        workers.andNot(idlers);
        workers.clear(cpu);
        CschedVcpu chosen = null;
        int first = cycle(balanceBias, workers);
        if (first < ncpus) {
            int peer = first;
            do {
                if (pcpus.get(peer).nrRunnable > 1) {
                    chosen = runqSteal(peer, cpu, snext.pri, now);
                }
                if (chosen != null) {
                    balanceBias = peer;
                } else {
                    peer = cycle(peer, workers);
                }
            } while (chosen == null && peer != first);
        }
        if (chosen == null) {
            snext.runqElem.delInit();
            chosen = snext;
        }
        functions.exit(cpu, CSCHED_LOAD_BALANCE);
        return chosen;
    }

    /** {@code csched_runq_steal}: the first queued vcpu of {@code peer} that beats {@code pri} and may move. */
    private CschedVcpu runqSteal(int peer, int cpu, int pri, long now) {
        functions.enter(cpu, CSCHED_RUNQ_STEAL);
        CschedVcpu stolen = null;
        if (!host.isIdle(peer)) {
            ListHead<CschedVcpu> runq = pcpus.get(peer).runq;
            for (ListHead<CschedVcpu> iter = runq.next; iter != runq && iter.owner.pri > pri; iter = iter.next) {
                CschedVcpu speer = iter.owner;
                if (!speer.vcpu.isRunning() && !isCacheHot(speer, now) && speer.vcpu.mayRunOn(cpu)) {
                    runqRemove(speer);
                    speer.cpu = cpu;
                    speer.vcpu.setProcessor(cpu);
                    pcpus.get(cpu).nrRunnable++;
                    stolen = speer;
                    break;
                }
            }
        }
        functions.exit(cpu, CSCHED_RUNQ_STEAL);
        return stolen;
    }

    private boolean isCacheHot(CschedVcpu svc, long now) {
        return migrationDelay > 0 && now - svc.lastSchedTime < migrationDelay;
    }

    // ---- credit: burn_credits, csched_tick, csched_acct ----

    /** {@code burn_credits}: charges whole credits for the time run, exactly, carrying the remainder. */
    private void burnCredits(CschedVcpu svc, long now) {
        functions.enter(svc.cpu, BURN_CREDITS);
        long delta = now - svc.startTime;
        if (delta > 0) {
            long val = delta * CREDITS_PER_MSEC + svc.residual;
            svc.residual = val % MS;
            long credits = val / MS;
            svc.credit -= (int) credits;
            svc.startTime += credits * MS / CREDITS_PER_MSEC;
        }
        functions.exit(svc.cpu, BURN_CREDITS);
    }

    /** {@code csched_tick}, the per-pCPU ticker's function (traced as the timer's symbol). */
    private void cschedTick(int cpu, long now) {
        if (!host.isIdle(cpu)) {
            vcpuAcct(cpu, now);
        }
        runqSort(cpu);
        host.modifyTimer(pcpus.get(cpu).ticker, now + tickPeriod);
    }

    /** {@code csched_vcpu_acct}: the running vcpu was seen at a tick. */
    private void vcpuAcct(int cpu, long now) {
        functions.enter(cpu, CSCHED_VCPU_ACCT);
        CschedVcpu svc = svc(host.current(cpu));
        if (svc.pri == PRI_BOOST) {
            svc.pri = PRI_UNDER; // it uses real CPU: no longer a latency-sensitive sleeper
        }
        burnCredits(svc, now);
        if (svc.activeElem.isEmpty()) {
            acctStart(svc);
        } else if (cpuPick(svc) != cpu) {
            svc.kicked = true;
            host.raiseScheduleSoftirq(cpu);
        }
        functions.exit(cpu, CSCHED_VCPU_ACCT);
    }

    private void acctStart(CschedVcpu svc) {
        CschedDom sdom = svc.sdom;
        sdom.activeVcpuCount++;
        svc.activeElem.addAfter(sdom.activeVcpu);
        weight = u32(weight + sdom.weight);
        if (sdom.activeSdomElem.isEmpty()) {
            sdom.activeSdomElem.addAfter(activeSdom);
        }
    }

    private void acctStop(CschedVcpu svc) {
        CschedDom sdom = svc.sdom;
        sdom.activeVcpuCount--;
        svc.activeElem.delInit();
        weight = u32(weight - sdom.weight);
        if (sdom.activeVcpu.isEmpty()) {
            sdom.activeSdomElem.delInit();
        }
    }

    /** {@code csched_acct}, the master ticker's function (traced as the timer's symbol), every tslice. */
    private void cschedAcct(long now) {
        long creditTotal = creditBalance < 0 ? u32(credit - creditBalance) : credit;
        if (weight == 0) {
            creditBalance = 0;
        } else {
            creditBalance = distribute(weight, creditTotal);
            runqSort++;
        }
        host.modifyTimer(masterTicker, now + tslice);
    }

    /**
     * Hands out {@code creditTotal} to the active domains by weight, with the source's u32 arithmetic and
     * rounding up; returns the new credit balance.
     */
    private int distribute(long weightTotal, long creditTotal) {
        long weightLeft = weightTotal;
        int balance = 0;
        boolean xtra = false;
        for (ListHead<CschedDom> it = activeSdom.next, nextSdom; it != activeSdom; it = nextSdom) {
            nextSdom = it.next;
            CschedDom sdom = it.owner;
            long n = sdom.activeVcpuCount;
            weightLeft -= sdom.weight * n;
            long peak = n * creditsPerTslice;
            if (creditBalance < 0) {
                long debt = Integer.toUnsignedLong(-creditBalance * sdom.weight * (int) n);
                peak = u32(peak + u32(debt + weightTotal - 1) / weightTotal);
            }
            long cap = 0;
            if (sdom.cap != 0) {
                cap = u32((long) sdom.cap * creditsPerTslice + 99) / 100;
                peak = Math.min(peak, cap);
                cap = (cap + n - 1) / n;
            }
            long fair = u32(u32(creditTotal * sdom.weight * n) + weightTotal - 1) / weightTotal;
            if (fair < peak) {
                xtra = true;
            } else {
                if (weightLeft != 0) {
                    // Give the others what this domain cannot use.
                    creditTotal = u32(creditTotal + u32(u32((fair - peak) * weightTotal) + weightLeft - 1) / weightLeft);
                }
                if (xtra) {
                    // Keep domains with spare credit at the head, so that others get at it next time.
                    sdom.activeSdomElem.delInit();
                    sdom.activeSdomElem.addAfter(activeSdom);
                }
                fair = peak;
            }
            balance += credit(sdom, (int) ((fair + n - 1) / n), cap);
        }
        return balance;
    }

    /** Credits each active vcpu of {@code sdom} its share and sets its priority; returns their credit. */
    private int credit(CschedDom sdom, int share, long cap) {
        int sum = 0;
        for (ListHead<CschedVcpu> it = sdom.activeVcpu.next, next; it != sdom.activeVcpu; it = next) {
            next = it.next;
            CschedVcpu svc = it.owner;
            svc.credit += share;
            int c = svc.credit;
            if (c < 0) {
                svc.pri = PRI_OVER;
                if (sdom.cap != 0 && c < -cap && !svc.parked) {
                    park(svc);
                }
                if (c < -creditsPerTslice) {
                    c = -creditsPerTslice;
                    svc.credit = c;
                }
            } else {
                svc.pri = PRI_UNDER;
                if (svc.parked) {
                    unpark(svc);
                }
                if (c > creditsPerTslice) {
                    // It is not using its share: stop earning, and start a little ahead when it is back.
                    acctStop(svc);
                    c /= 2;
                    svc.credit = c;
                }
            }
            sum += c;
        }
        return sum;
    }

    /** {@code vcpu_pause_nosync} of a vcpu over its cap: it sleeps until accounting unparks it. */
    private void park(CschedVcpu svc) {
        svc.parked = true;
        svc.vcpu.setPaused(true);
        sleep(svc.vcpu);
    }

    /** {@code vcpu_unpause}; the flag clears only after the wake, so the vcpu gets no boost. */
    private void unpark(CschedVcpu svc) {
        svc.vcpu.setPaused(false);
        if (svc.vcpu.isRunnable()) {
            wake(svc.vcpu);
        }
        svc.parked = false;
    }

    // ---- dump ----

    @Override
    public void dump(StringBuilder out) {
        out.append("info:\n")
                .append("\tncpus              = ").append(ncpus).append('\n')
                .append("\tmaster             = 0\n")
                .append("\tcredit             = ").append(credit).append('\n')
                .append("\tcredit balance     = ").append(creditBalance).append('\n')
                .append("\tweight             = ").append(weight).append('\n')
                .append("\trunq_sort          = ").append(runqSort).append('\n')
                .append("\tdefault-weight     = ").append(DEFAULT_WEIGHT).append('\n')
                .append("\ttslice             = ").append(tslice / MS).append("ms\n")
                .append("\tratelimit          = ").append(ratelimit / US).append("us\n")
                .append("\tcredits per msec   = ").append(CREDITS_PER_MSEC).append('\n')
                .append("\tticks per tslice   = ").append(tslice / tickPeriod).append('\n')
                .append("\tmigration delay    = ").append(migrationDelay / US).append("us\n");
        out.append("idlers: ").append(idlers).append('\n');
        out.append("active vcpus:\n");
        int loop = 0;
        for (ListHead<CschedDom> d = activeSdom.next; d != activeSdom; d = d.next) {
            for (ListHead<CschedVcpu> v = d.owner.activeVcpu.next; v != d.owner.activeVcpu; v = v.next) {
                out.append(String.format("\t%3d: ", ++loop));
                dumpVcpu(out, v.owner);
            }
        }
        for (int cpu = 0; cpu < ncpus; cpu++) {
            CschedPcpu spc = pcpus.get(cpu);
            out.append(String.format("CPU[%02d] nr_run=%d, sort=%d%n", cpu, spc.nrRunnable, spc.runqSortLast));
            Vcpu curr = host.current(cpu);
            if (!curr.isIdle()) {
                out.append("\trun: ");
                dumpVcpu(out, svc(curr));
            }
            loop = 0;
            for (ListHead<CschedVcpu> e = spc.runq.next; e != spc.runq; e = e.next) {
                out.append(String.format("\t%3d: ", ++loop));
                dumpVcpu(out, e.owner);
            }
        }
    }

    private static void dumpVcpu(StringBuilder out, CschedVcpu svc) {
        out.append('[').append(svc.vcpu.domain().isIdle() ? "32767" : svc.vcpu.domain().id()).append('.')
                .append(svc.vcpu.id()).append("] pri=").append(svc.pri).append(" cpu=").append(svc.cpu);
        if (svc.sdom != null) {
            out.append(" credit=").append(svc.credit).append(" [w=").append(svc.sdom.weight).append(",cap=")
                    .append(svc.sdom.cap).append(']');
        }
        out.append('\n');
    }

    // ---- for tests ----

    int pri(Vcpu vcpu) {
        return svc(vcpu).pri;
    }

    int credit(Vcpu vcpu) {
        return svc(vcpu).credit;
    }

    boolean isParked(Vcpu vcpu) {
        return svc(vcpu).parked;
    }

    boolean isActive(Vcpu vcpu) {
        return !svc(vcpu).activeElem.isEmpty();
    }

    long weightTotal() {
        return weight;
    }

    BitSet idlers() {
        return (BitSet) idlers.clone();
    }

    int nrRunnable(int cpu) {
        return pcpus.get(cpu).nrRunnable;
    }

    AcTimer ticker(int cpu) {
        return pcpus.get(cpu).ticker;
    }

    AcTimer masterTicker() {
        return masterTicker;
    }

    /** The run queue of {@code cpu}, head first, idle included when queued. */
    List<Vcpu> runq(int cpu) {
        List<Vcpu> order = new ArrayList<>();
        ListHead<CschedVcpu> runq = pcpus.get(cpu).runq;
        for (ListHead<CschedVcpu> e = runq.next; e != runq; e = e.next) {
            order.add(e.owner.vcpu);
        }
        return order;
    }

    // ---- helpers ----

    private static CschedVcpu svc(Vcpu vcpu) {
        return (CschedVcpu) vcpu.schedPriv();
    }

    private static long u32(long value) {
        return value & U32;
    }

    private static void requireKnown(SchedParams params, Set<String> known) {
        for (String name : params.values().keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("credit: unknown parameter " + name);
            }
        }
    }

    private static void check(boolean ok, String name, String range, long value) {
        if (!ok) {
            throw new IllegalArgumentException("credit: " + name + " must be " + range + ": " + value);
        }
    }
}
