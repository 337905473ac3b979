package dev.xenolith.hypervisor.sched.credit;

import static dev.xenolith.hypervisor.sched.credit.CreditScheduler.PRI_BOOST;
import static dev.xenolith.hypervisor.sched.credit.CreditScheduler.PRI_UNDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.FakeHost;
import dev.xenolith.hypervisor.sched.FakeHost.Switch;
import dev.xenolith.hypervisor.sched.SchedParams;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Xen 4.x credit1 behaviour, with the figures of fact sheet §3.4 and §4 oracles 13-17. */
final class CreditSchedulerTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final CreditScheduler credit = new CreditScheduler();

    private FakeHost boot(int cpus, Map<String, Long> params) {
        return new FakeHost(cpus).boot(credit, new SchedParams(params));
    }

    @Test
    @DisplayName("weights 256 vs 512 on one CPU: CPU time 1:2 within 2 % over 10 s")
    void acct_weights256And512_oneToTwo() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.adjust(b, Map.of("weight", 512L));
        host.wakeAll(a, b);
        host.runUntil(10 * SECOND);

        long ta = host.cpuTime(a.vcpu(0));
        long tb = host.cpuTime(b.vcpu(0));
        assertThat(ta + tb).isEqualTo(10 * SECOND);
        assertThat((double) tb / ta).isCloseTo(2.0, within(0.04));
    }

    @Test
    @DisplayName("cap 25 holds a lone CPU hog to 25 % +- 1 % of the CPU (not work-conserving)")
    void acct_cap25_holdsHogToAQuarter() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        host.adjust(a, Map.of("cap", 25L));
        host.wakeAll(a);
        host.runUntil(10 * SECOND);

        assertThat((double) host.cpuTime(a.vcpu(0)) / (10 * SECOND)).isCloseTo(0.25, within(0.01));
    }

    @Test
    void acct_cap50And10_holdHogToHalfAndTenth() {
        for (long cap : new long[] {50, 10}) {
            CreditScheduler scheduler = new CreditScheduler();
            FakeHost host = new FakeHost(1).boot(scheduler, SchedParams.NONE);
            Domain a = host.domain(1, 0);
            host.adjust(a, Map.of("cap", cap));
            host.wakeAll(a);
            host.runUntil(10 * SECOND);

            assertThat((double) host.cpuTime(a.vcpu(0)) / (10 * SECOND)).isCloseTo(cap / 100.0, within(0.01));
        }
    }

    @Test
    @DisplayName("a capped vcpu is parked (paused) when over its cap and unparked once its credit is positive")
    void acct_capExceeded_parksThenUnparks() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        host.adjust(a, Map.of("cap", 25L));
        host.wakeAll(a);
        host.runUntil(30 * MS);
        // Ran 30 ms (300 credits), earned 75: over by more than the 75-credit cap.
        assertThat(credit.isParked(a.vcpu(0))).isTrue();
        assertThat(a.vcpu(0).isPaused()).isTrue();
        assertThat(host.current(0).isIdle()).isTrue();

        host.runUntil(200 * MS);
        List<Long> ins = host.switchIns(a.vcpu(0));
        assertThat(ins).hasSizeGreaterThan(1);
        assertThat(ins.get(1) % (30 * MS)).isZero(); // unparked by csched_acct
    }

    @Test
    @DisplayName("two equal CPU-bound vcpus run 30 ms tslices, round robin")
    void schedule_twoEqualVcpus_thirtyMsSlices() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a, b);
        host.runUntil(SECOND);

        List<Switch> switches = host.switches();
        assertThat(switches).allSatisfy(s -> {
            assertThat(s.time() % (30 * MS)).isZero();
            assertThat(s.slice()).isEqualTo(30 * MS);
        });
        assertThat(host.cpuTime(a.vcpu(0))).isCloseTo(host.cpuTime(b.vcpu(0)), within(30 * MS));
    }

    @Test
    void schedule_tslice10_tenMsSlices() {
        FakeHost host = boot(1, Map.of("tslice", 10 * MS));
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a, b);
        host.runUntil(100 * MS);

        assertThat(host.switches()).allSatisfy(s -> assertThat(s.slice()).isEqualTo(10 * MS));
        assertThat(host.switchIns(b.vcpu(0))).first().isEqualTo(10 * MS);
    }

    @Test
    @DisplayName("a woken UNDER vcpu is BOOSTed and preempts, but not before the runner has had its 1 ms ratelimit")
    void wake_underVcpu_boostsAndPreemptsAfterRatelimit() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Vcpu vb = b.vcpu(0);
        host.bursty(vb, 200 * US, 500 * US);
        host.wakeAll(a, b);
        host.at(30_800 * US, () -> {
            assertThat(credit.pri(vb)).isEqualTo(PRI_BOOST);
            assertThat(host.current(0)).isSameAs(a.vcpu(0));
        });
        host.runUntil(31_300 * US);

        // A ran [0,30), B [30,30.2) then blocked; A runs from 30.2; B wakes at 30.7 and runs at 31.2.
        assertThat(host.switchIns(vb)).containsExactly(30 * MS, 31_200 * US);
        assertThat(host.latencies(vb).get(1)).isEqualTo(500 * US);
    }

    @Test
    void wake_afterRatelimit_preemptsAtOnce() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Vcpu vb = b.vcpu(0);
        host.bursty(vb, 200 * US, 5 * MS);
        host.wakeAll(a, b);
        host.runUntil(36 * MS);

        assertThat(host.switchIns(vb)).containsExactly(30 * MS, 35_200 * US);
        assertThat(host.latencies(vb).get(1)).isZero();
    }

    @Test
    void wake_ratelimitOff_preemptsAtOnce() {
        FakeHost host = boot(1, Map.of("ratelimit", 0L));
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Vcpu vb = b.vcpu(0);
        host.bursty(vb, 200 * US, 500 * US);
        host.wakeAll(a, b);
        host.runUntil(31 * MS);

        assertThat(host.switchIns(vb)).containsExactly(30 * MS, 30_700 * US);
    }

    @Test
    @DisplayName("as coded, a runner that has run under 100 us is kept for 100 us (CSCHED_MIN_TIMER), not the rest of 1 ms")
    void schedule_ratelimitWithRuntimeUnderMinTimer_keepsFor100us() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Vcpu vb = b.vcpu(0);
        host.bursty(vb, 200 * US, 50 * US);
        host.wakeAll(a, b);
        host.runUntil(32 * MS);

        // B blocks at 30.2, A starts; B wakes at 30.25 (A ran 50 us): A keeps 100 us, then 1 ms - 150 us.
        List<Switch> atWake = host.switches().stream().filter(s -> s.time() == 30_250 * US).toList();
        assertThat(atWake).singleElement().satisfies(s -> assertThat(s.slice()).isEqualTo(100 * US));
        assertThat(host.switches().stream().filter(s -> s.time() == 30_350 * US).toList()).singleElement()
                .satisfies(s -> assertThat(s.slice()).isEqualTo(850 * US));
        assertThat(host.switchIns(vb)).contains(31_200 * US);
    }

    @Test
    @DisplayName("BOOST ends at the first tick that finds the vcpu running")
    void tick_boostedVcpuRunning_losesBoost() {
        FakeHost host = boot(1, Map.of("ratelimit", 0L));
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Vcpu vb = b.vcpu(0);
        host.wakeAll(a, b);
        host.at(35 * MS, () -> host.pause(vb));
        host.at(36 * MS, () -> {
            vb.setPaused(false);
            host.wake(vb);
        });
        host.runUntil(39 * MS);
        assertThat(credit.pri(vb)).isEqualTo(PRI_BOOST);
        assertThat(host.current(0)).isSameAs(vb);

        host.runUntil(40 * MS);

        assertThat(credit.pri(vb)).isEqualTo(PRI_UNDER);
    }

    @Test
    @DisplayName("an idle CPU runs its idle vcpu with no scheduling timer, and its ticker stops")
    void schedule_nothingRunnable_noTimerAndNoTicker() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        host.bursty(a.vcpu(0), 5 * MS, 10 * SECOND);
        host.wakeAll(a);
        host.runUntil(6 * MS);

        Switch last = host.switches().get(host.switches().size() - 1);
        assertThat(last.time()).isEqualTo(5 * MS);
        assertThat(last.next().isIdle()).isTrue();
        assertThat(last.slice()).isNegative();
        assertThat(host.isArmed(host.scheduleTimer(0))).isFalse();
        assertThat(host.isArmed(credit.ticker(0))).isFalse();
        assertThat(credit.idlers().get(0)).isTrue();
    }

    @Test
    @DisplayName("a CPU leaving idle restarts its ticker on a tick boundary")
    void schedule_leavingIdle_tickerAlignedToTickPeriod() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        host.bursty(a.vcpu(0), 5 * MS, 12 * MS);
        host.wakeAll(a);
        host.runUntil(17 * MS);

        assertThat(host.switchIns(a.vcpu(0))).containsExactly(0L, 17 * MS);
        assertThat(credit.ticker(0).expires()).isEqualTo(20 * MS);
    }

    @Test
    @DisplayName("two CPUs, three CPU-bound vcpus: both CPUs stay busy, by stealing and moving")
    void loadBalance_threeVcpusTwoCpus_bothCpusBusy() {
        FakeHost host = boot(2, Map.of());
        host.schedulersStart();
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Domain c = host.domain(3, 0);
        host.wakeAll(a, b, c);
        host.runUntil(10 * SECOND);

        // B's wake found CPU 0 busy and CPU 1 idle: CPU 1 was tickled and stole B at once.
        assertThat(host.cpuTime(host.idleVcpu(0)) + host.cpuTime(host.idleVcpu(1))).isZero();
        for (Domain d : List.of(a, b, c)) {
            assertThat((double) host.cpuTime(d.vcpu(0)) / (10 * SECOND)).isCloseTo(2.0 / 3, within(0.01));
        }
    }

    @Test
    @DisplayName("three vcpus woken together on CPU 0: CPU 1 idles only until the 20 ms tick moves one there")
    void loadBalance_threeVcpusWokenTogether_secondCpuBusyFromTwentyMs() {
        FakeHost host = boot(2, Map.of());
        host.schedulersStart();
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Domain c = host.domain(3, 0);
        host.wakeInOnePath(a.vcpu(0), b.vcpu(0), c.vcpu(0));
        host.runUntil(10 * SECOND);

        assertThat(host.cpuTime(host.idleVcpu(0))).isZero();
        assertThat(host.cpuTime(host.idleVcpu(1))).isEqualTo(20 * MS);
        for (Domain d : List.of(a, b, c)) {
            assertThat((double) host.cpuTime(d.vcpu(0)) / (10 * SECOND)).isCloseTo(2.0 / 3, within(0.01));
        }
    }

    @Test
    @DisplayName("a vcpu queued on a busy CPU is stolen by an idle peer that a wake-up tickled")
    void tickle_busyCpuWithIdlePeer_peerSteals() {
        FakeHost host = boot(2, Map.of());
        host.schedulersStart();
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a);
        host.at(5 * MS, () -> host.wake(b.vcpu(0)));
        host.runUntil(6 * MS);

        assertThat(host.current(0)).isSameAs(a.vcpu(0));
        assertThat(host.current(1)).isSameAs(b.vcpu(0));
        assertThat(b.vcpu(0).processor()).isEqualTo(1);
        assertThat(host.switchIns(b.vcpu(0))).containsExactly(5 * MS);
        assertThat(host.calls()).contains("cpu1 csched_load_balance", "cpu1 csched_runq_steal");
    }

    @Test
    @DisplayName("vcpu_migration_delay: an idle peer does not steal a vcpu that ran (or was created) too recently")
    void loadBalance_cacheHotVcpu_isNotStolen() {
        FakeHost host = boot(2, Map.of("vcpu_migration_delay", 10 * MS));
        host.schedulersStart();
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a);
        host.at(5 * MS, () -> host.wake(b.vcpu(0)));
        host.runUntil(6 * MS);

        assertThat(host.current(1).isIdle()).isTrue();
        assertThat(credit.runq(0)).containsExactly(b.vcpu(0), host.idleVcpu(0));
        assertThat(host.calls()).contains("cpu1 csched_runq_steal");
    }

    @Test
    @DisplayName("a running vcpu with work queued behind it moves to an idle CPU at its second tick")
    void tick_activeVcpuWithIdlePeer_movesThere() {
        FakeHost host = boot(2, Map.of());
        host.schedulersStart();
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.at(1 * MS, () -> host.wakeInOnePath(a.vcpu(0), b.vcpu(0)));
        host.runUntil(25 * MS);

        // Both woke while CPU 0 still ran idle: only CPU 0 was tickled. At 10 ms A becomes active; at
        // 20 ms the pick finds idle CPU 1 better and A moves there, unboosted.
        assertThat(host.switchIns(a.vcpu(0))).containsExactly(1 * MS, 20 * MS);
        assertThat(host.current(1)).isSameAs(a.vcpu(0));
        assertThat(host.current(0)).isSameAs(b.vcpu(0));
        assertThat(credit.pri(a.vcpu(0))).isEqualTo(PRI_UNDER);
        assertThat(credit.nrRunnable(0)).isEqualTo(1);
        assertThat(credit.nrRunnable(1)).isEqualTo(1);
    }

    @Test
    @DisplayName("the first wake after creation is not boosted: the insert's CPU pick marked it migrating")
    void wake_firstAfterInsert_notBoosted() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a, b);

        assertThat(credit.pri(b.vcpu(0))).isEqualTo(PRI_UNDER);
        assertThat(credit.runq(0)).containsExactly(b.vcpu(0), host.idleVcpu(0));
    }

    @Test
    @DisplayName("yield: no rate limit, and the yielder queues behind its equals")
    void yield_runningVcpu_givesWayAtOnce() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a, b);
        host.at(200 * US, () -> host.yield(a.vcpu(0)));
        host.runUntil(300 * US);

        assertThat(host.current(0)).isSameAs(b.vcpu(0));
        assertThat(credit.runq(0)).containsExactly(a.vcpu(0), host.idleVcpu(0));
        assertThat(host.calls()).contains("cpu0 csched_vcpu_yield");
    }

    @Test
    @DisplayName("anti-gaming: a guest that sleeps just before every 10 ms tick is still charged exactly")
    void burnCredits_tickDodger_keepsItsFairShare() {
        FakeHost host = boot(1, Map.of());
        Domain hog = host.domain(1, 0);
        Domain dodger = host.domain(2, 0);
        host.bursty(dodger.vcpu(0), 9500 * US, 500 * US);
        host.wakeAll(hog, dodger);
        host.runUntil(10 * SECOND);

        // Sampled accounting (before 4.0) never charged it and let it take ~95 %; exact burning keeps 1:1.
        double share = (double) host.cpuTime(dodger.vcpu(0)) / (10 * SECOND);
        assertThat(share).isCloseTo(0.5, within(0.01));
    }

    @Test
    @DisplayName("burn_credits as coded: both residual and start_time carry the remainder, so 3 x 150 us costs 5 credits")
    void burnCredits_shortBursts_chargedUpToOneCreditAhead() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        host.bursty(a.vcpu(0), 150 * US, 850 * US);
        host.wakeAll(a);
        host.runUntil(2500 * US);

        // 150 us: 1 credit, 0.5 carried twice; 200 us "due": 2 (+0.5); 150 us + 0.5: 2. Exact would be 4.5.
        assertThat(host.cpuTime(a.vcpu(0))).isEqualTo(450 * US);
        assertThat(credit.credit(a.vcpu(0))).isEqualTo(-5);
    }

    @Test
    void adjustDomain_weightOfActiveDomain_updatesTotalWeight() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        host.wakeAll(a);
        host.runUntil(15 * MS);
        assertThat(credit.isActive(a.vcpu(0))).isTrue();
        assertThat(credit.weightTotal()).isEqualTo(256);

        host.adjust(a, Map.of("weight", 1000L));

        assertThat(credit.weightTotal()).isEqualTo(1000);
    }

    @Test
    void init_badParameters_areRejectedByName() {
        FakeHost host = new FakeHost(1);
        assertThatThrownBy(() -> credit.init(host, params("tslice", 0))).hasMessageContaining("tslice");
        assertThatThrownBy(() -> credit.init(host, params("tslice", 1001 * MS))).hasMessageContaining("tslice");
        assertThatThrownBy(() -> credit.init(host, params("tslice", 1500 * US))).hasMessageContaining("tslice");
        assertThatThrownBy(() -> credit.init(host, params("ratelimit", 99 * US))).hasMessageContaining("ratelimit");
        assertThatThrownBy(() -> credit.init(host, params("ratelimit", 501 * MS))).hasMessageContaining("ratelimit");
        assertThatThrownBy(() -> credit.init(host, new SchedParams(Map.of("tslice", 5 * MS, "ratelimit", 6 * MS))))
                .hasMessageContaining("at most tslice");
        assertThatThrownBy(() -> credit.init(host, params("vcpu_migration_delay", 101 * MS)))
                .hasMessageContaining("vcpu_migration_delay");
        assertThatThrownBy(() -> credit.init(host, params("rr_slice", MS))).hasMessageContaining("rr_slice");
    }

    @Test
    void adjustDomain_badParameters_areRejectedByName() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);

        assertThatThrownBy(() -> host.adjust(a, Map.of("weight", 0L))).hasMessageContaining("weight");
        assertThatThrownBy(() -> host.adjust(a, Map.of("weight", 65536L))).hasMessageContaining("weight");
        assertThatThrownBy(() -> host.adjust(a, Map.of("cap", 65535L))).hasMessageContaining("cap");
        assertThatThrownBy(() -> host.adjust(a, Map.of("cap", -1L))).hasMessageContaining("cap");
        assertThatThrownBy(() -> host.adjust(a, Map.of("mcu_advance", 1L))).hasMessageContaining("mcu_advance");
    }

    @Test
    @DisplayName("steady state allocates nothing: 8 CPU-bound vcpus, weights and a cap, 2 CPUs, for 10 s")
    void schedule_steadyState_allocatesNothing() {
        FakeHost host = boot(2, Map.of());
        host.schedulersStart();
        for (int id = 1; id <= 8; id++) {
            Domain d = host.domain(id, 0);
            host.adjust(d, Map.of("weight", 64L * id, "cap", id == 8 ? 30L : 0L));
            host.wakeAll(d);
        }
        host.runUntil(SECOND);

        assertThat(host.allocatedBytesRunningUntil(11 * SECOND)).isZero();
    }

    @Test
    void identity_isXensCredit() {
        assertThat(credit.optName()).isEqualTo("credit");
        assertThat(credit.schedId()).isEqualTo(5);
        assertThat(credit.name()).isEqualTo("SMP Credit Scheduler");
        assertThat(credit.globalParamNames()).containsExactlyInAnyOrder("tslice", "ratelimit", "vcpu_migration_delay");
        assertThat(credit.domainParamNames()).containsExactlyInAnyOrder("weight", "cap");
    }

    @Test
    void init_armsMasterTickerAtTsliceAndTickersAtTickPeriod() {
        boot(2, Map.of("tslice", 6 * MS));

        assertThat(credit.masterTicker().expires()).isEqualTo(6 * MS);
        assertThat(credit.ticker(0).expires()).isEqualTo(2 * MS);
        assertThat(credit.ticker(1).expires()).isEqualTo(2 * MS);
        BitSet all = new BitSet();
        all.set(0, 2);
        assertThat(credit.idlers()).isEqualTo(all);
    }

    @Test
    void dump_showsSettingsAndQueues() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        host.wakeAll(a, host.domain(2, 0));
        StringBuilder out = new StringBuilder();
        credit.dump(out);

        assertThat(out.toString()).contains("tslice             = 30ms").contains("ratelimit          = 1000us")
                .contains("\trun: [1.0] pri=-1 cpu=0 credit=0 [w=256,cap=0]")
                .contains("  1: [2.0] pri=-1");
    }

    private static SchedParams params(String name, long value) {
        return new SchedParams(Map.of(name, value));
    }
}
