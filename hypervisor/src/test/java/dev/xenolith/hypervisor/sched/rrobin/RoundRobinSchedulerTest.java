package dev.xenolith.hypervisor.sched.rrobin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xenolith.hypervisor.domain.Domain;
import dev.xenolith.hypervisor.domain.Vcpu;
import dev.xenolith.hypervisor.sched.FakeHost;
import dev.xenolith.hypervisor.sched.FakeHost.Switch;
import dev.xenolith.hypervisor.sched.SchedParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Xen 2.0.4 {@code sched_rrobin.c} behaviour, with the figures of fact sheet §4 oracle 9. */
final class RoundRobinSchedulerTest {
    private static final long MS = 1_000_000L;

    private final RoundRobinScheduler rr = new RoundRobinScheduler();

    private FakeHost boot(int cpus, Map<String, Long> params) {
        return new FakeHost(cpus).boot(rr, new SchedParams(params));
    }

    @Test
    @DisplayName("every slice is rr_slice (10 ms) and three CPU-bound domains take turns in a fixed cycle")
    void doSchedule_threeCpuBound_roundRobinInTenMsSlices() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Domain c = host.domain(3, 0);
        host.wakeAll(a, b, c);
        host.runUntil(300 * MS);

        List<Switch> switches = host.switches();
        assertThat(switches).hasSize(31);
        assertThat(switches).allSatisfy(s -> assertThat(s.slice()).isEqualTo(10 * MS));
        for (int i = 0; i < switches.size(); i++) {
            assertThat(switches.get(i).time()).isEqualTo(i * 10 * MS);
        }
        // A runs first (the CPU was idle); B and C were woken onto the head while A ran, so C is ahead.
        List<Vcpu> order = new ArrayList<>();
        switches.forEach(s -> order.add(s.next()));
        Vcpu va = a.vcpu(0);
        Vcpu vb = b.vcpu(0);
        Vcpu vc = c.vcpu(0);
        for (int i = 0; i + 3 < order.size(); i++) {
            assertThat(order.get(i + 3)).isSameAs(order.get(i));
        }
        assertThat(order.subList(0, 3)).containsExactly(va, vc, vb);
        assertThat(host.cpuTime(va)).isEqualTo(host.cpuTime(vb)).isEqualTo(host.cpuTime(vc)).isEqualTo(100 * MS);
    }

    @Test
    void init_rrSliceThreeMs_everySliceIsThreeMs() {
        FakeHost host = boot(1, Map.of("rr_slice", 3 * MS));
        host.wakeAll(host.domain(1, 0), host.domain(2, 0));
        host.runUntil(30 * MS);

        assertThat(host.switches()).hasSize(11)
                .allSatisfy(s -> assertThat(s.slice()).isEqualTo(3 * MS));
        assertThat(host.switches().get(10).time()).isEqualTo(30 * MS);
    }

    @Test
    void init_sliceAlias_isAccepted() {
        boot(1, Map.of("slice", 7 * MS));

        assertThat(rr.slice()).isEqualTo(7 * MS);
    }

    @Test
    @DisplayName("a domain woken on a busy CPU goes to the head and runs at the next slice boundary, not at once")
    void wake_busyCpu_runsNextAtSliceEnd() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Domain c = host.domain(3, 0);
        host.wakeAll(a, b);
        host.at(13 * MS, () -> host.wake(c.vcpu(0)));
        host.runUntil(13 * MS);
        // A ran [0,10), B runs [10,20); C was queued at the head, before A.
        assertThat(rr.queue(0)).containsExactly(c.vcpu(0), b.vcpu(0), a.vcpu(0));

        host.runUntil(40 * MS);

        assertThat(host.switchIns(c.vcpu(0))).containsExactly(20 * MS);
        assertThat(host.switchIns(a.vcpu(0))).containsExactly(0L, 30 * MS);
    }

    @Test
    void wake_idleCpu_preemptsTheIdleVcpuAtOnce() {
        FakeHost host = boot(1, Map.of());
        host.schedulersStart();
        Domain a = host.domain(1, 0);
        host.at(5 * MS, () -> host.wake(a.vcpu(0)));
        host.runUntil(6 * MS);

        assertThat(host.switchIns(a.vcpu(0))).containsExactly(5 * MS);
    }

    @Test
    @DisplayName("with nothing runnable the idle vcpu runs for rr_slice (Xen 2.0 always arms s_timer)")
    void doSchedule_emptyQueue_idleForOneSlice() {
        FakeHost host = boot(1, Map.of());
        host.schedulersStart();
        host.runUntil(25 * MS);

        assertThat(host.switches()).extracting(Switch::time).containsExactly(0L, 10 * MS, 20 * MS);
        assertThat(host.switches()).allSatisfy(s -> {
            assertThat(s.next()).isSameAs(host.idleVcpu(0));
            assertThat(s.slice()).isEqualTo(10 * MS);
        });
    }

    @Test
    void sleep_runningDomain_reschedulesAndDropsIt() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a, b);
        host.at(4 * MS, () -> host.pause(a.vcpu(0)));
        host.runUntil(50 * MS);

        assertThat(host.switchIns(b.vcpu(0))).containsExactly(4 * MS);
        assertThat(rr.queue(0)).containsExactly(b.vcpu(0));
        assertThat(host.cpuTime(a.vcpu(0))).isEqualTo(4 * MS);
    }

    @Test
    void sleep_queuedDomain_isUnlinked() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        host.wakeAll(a, b);
        host.pause(b.vcpu(0));
        host.runUntil(50 * MS);

        assertThat(host.cpuTime(a.vcpu(0))).isEqualTo(50 * MS);
        assertThat(host.cpuTime(b.vcpu(0))).isZero();
    }

    @Test
    @DisplayName("two CPUs keep separate queues: each CPU round-robins only its own domains")
    void doSchedule_twoCpus_queuesArePerCpu() {
        FakeHost host = boot(2, Map.of());
        Domain a = host.domain(1, 0);
        Domain b = host.domain(2, 0);
        Domain c = host.domain(3, 1);
        host.wakeAll(a, b, c);
        host.runUntil(1000 * MS);

        assertThat(host.cpuTime(a.vcpu(0))).isEqualTo(500 * MS);
        assertThat(host.cpuTime(b.vcpu(0))).isEqualTo(500 * MS);
        assertThat(host.cpuTime(c.vcpu(0))).isEqualTo(1000 * MS);
    }

    @Test
    void init_badParameters_areRejectedByName() {
        FakeHost host = new FakeHost(1);
        assertThatThrownBy(() -> rr.init(host, new SchedParams(Map.of("rr_slice", 0L))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rr_slice");
        assertThatThrownBy(() -> rr.init(host, new SchedParams(Map.of("rr_slice", 1L << 31))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rr_slice");
        assertThatThrownBy(() -> rr.init(host, new SchedParams(Map.of("rr_slice", MS, "slice", MS))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> rr.init(host, new SchedParams(Map.of("tslice", MS))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tslice");
    }

    @Test
    void adjustDomain_anyParameter_isRejected() {
        FakeHost host = boot(1, Map.of());
        Domain a = host.domain(1, 0);

        assertThatThrownBy(() -> host.adjust(a, Map.of("weight", 512L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    }

    @Test
    @DisplayName("steady state allocates nothing: 8 CPU-bound domains on 2 CPUs for 10 s of slices")
    void doSchedule_steadyState_allocatesNothing() {
        FakeHost host = boot(2, Map.of());
        for (int id = 1; id <= 8; id++) {
            host.wakeAll(host.domain(id, id % 2));
        }
        host.runUntil(1000 * MS);

        assertThat(host.allocatedBytesRunningUntil(11_000 * MS)).isZero();
    }

    @Test
    void identity_isXensRoundRobin() {
        assertThat(rr.optName()).isEqualTo("rrobin");
        assertThat(rr.schedId()).isEqualTo(3);
        assertThat(rr.name()).isEqualTo("Round-Robin Scheduler");
        assertThat(rr.globalParamNames()).containsExactlyInAnyOrder("rr_slice", "slice");
        assertThat(rr.domainParamNames()).isEmpty();
    }

    @Test
    void doSchedule_tracesRrDoSchedule() {
        FakeHost host = boot(1, Map.of());
        host.wakeAll(host.domain(1, 0));

        assertThat(host.calls()).containsExactly("cpu0 rr_wake", "cpu0 rr_do_schedule");
    }

    @Test
    void dump_showsSliceAndQueue() {
        FakeHost host = boot(1, Map.of());
        host.wakeAll(host.domain(1, 0));
        StringBuilder out = new StringBuilder();
        rr.dump(out);

        assertThat(out.toString()).contains("rr_slice = 10000000").contains("CPU[0] QUEUE d1v0 has=T");
    }
}
