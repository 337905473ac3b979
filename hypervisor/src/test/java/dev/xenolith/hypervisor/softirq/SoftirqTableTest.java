package dev.xenolith.hypervisor.softirq;

import static dev.xenolith.hypervisor.softirq.Softirq.AC_TIMER_SOFTIRQ;
import static dev.xenolith.hypervisor.softirq.Softirq.NEW_TLBFLUSH_CLOCK_PERIOD_SOFTIRQ;
import static dev.xenolith.hypervisor.softirq.Softirq.SCHEDULE_SOFTIRQ;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SoftirqTableTest {
    private final List<String> ipis = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();
    private final SoftirqTable table = new SoftirqTable(2, (from, to) -> ipis.add(from + "->" + to));

    @Test
    void numbering_isXen204s() {
        assertThat(AC_TIMER_SOFTIRQ.number()).isZero();
        assertThat(SCHEDULE_SOFTIRQ.number()).isEqualTo(1);
        assertThat(NEW_TLBFLUSH_CLOCK_PERIOD_SOFTIRQ.number()).isEqualTo(2);
        assertThat(Softirq.values()).hasSize(5);
    }

    @Test
    void doSoftirq_runsTimersBeforeScheduler_andWhatHandlersRaiseInTheSameCall() {
        table.open(AC_TIMER_SOFTIRQ, cpu -> {
            ran.add("ac_timer");
            table.raise(cpu, SCHEDULE_SOFTIRQ); // s_timer_fn
        });
        table.open(SCHEDULE_SOFTIRQ, cpu -> ran.add("schedule"));
        table.open(NEW_TLBFLUSH_CLOCK_PERIOD_SOFTIRQ, cpu -> ran.add("tlbflush"));
        table.raise(0, NEW_TLBFLUSH_CLOCK_PERIOD_SOFTIRQ);
        table.raise(0, AC_TIMER_SOFTIRQ);

        table.run(0);

        assertThat(ran).containsExactly("ac_timer", "schedule", "tlbflush");
        assertThat(table.pending(0)).isZero();
    }

    @Test
    void remoteRaise_sendsOneIpiPerZeroToOneTransition() {
        assertThat(table.raiseOn(0, 1, SCHEDULE_SOFTIRQ)).isTrue();
        assertThat(table.raiseOn(0, 1, SCHEDULE_SOFTIRQ)).isFalse();
        assertThat(table.raiseOn(0, 1, SCHEDULE_SOFTIRQ)).isFalse();
        assertThat(ipis).containsExactly("0->1");

        table.open(SCHEDULE_SOFTIRQ, cpu -> { });
        table.run(1);
        table.raiseOn(0, 1, SCHEDULE_SOFTIRQ);
        assertThat(ipis).containsExactly("0->1", "0->1");
    }

    @Test
    void raiseForSelf_neverSendsAnIpi() {
        table.raiseOn(1, 1, AC_TIMER_SOFTIRQ);
        table.raise(1, SCHEDULE_SOFTIRQ);
        assertThat(ipis).isEmpty();
        assertThat(table.isPending(1, AC_TIMER_SOFTIRQ)).isTrue();
        assertThat(table.isPending(1, SCHEDULE_SOFTIRQ)).isTrue();
        assertThat(table.isPending(0, SCHEDULE_SOFTIRQ)).isFalse();
    }
}
