package dev.xenolith.bench.xen;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.hypervisor.softirq.Softirq;
import dev.xenolith.hypervisor.softirq.SoftirqTable;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@code raise_softirq} + {@code do_softirq} as the timer path uses them: the APIC timer raises
 * {@code AC_TIMER_SOFTIRQ}, whose handler raises {@code SCHEDULE_SOFTIRQ} ({@code s_timer_fn}), and one
 * {@code do_softirq} runs both in number order. Ours is Xen's pending word and handler table; the baseline
 * is what the JDK offers for the same job, an {@code EnumSet} of pending softirqs and an {@code EnumMap} of
 * handlers, re-scanned after each handler.
 */
public class SoftirqBench extends HotPathBenchmark {
    /** The operations both tables support. */
    private interface Table {
        void raise(Softirq softirq);

        void run();

        int handled();
    }

    private static final class Xen implements Table {
        private final SoftirqTable table = new SoftirqTable(1, (from, to) -> { });
        private int handled;

        Xen() {
            table.open(Softirq.AC_TIMER_SOFTIRQ, cpu -> {
                handled++;
                table.raise(cpu, Softirq.SCHEDULE_SOFTIRQ);
            });
            table.open(Softirq.SCHEDULE_SOFTIRQ, cpu -> handled++);
        }

        @Override
        public void raise(Softirq softirq) {
            table.raise(0, softirq);
        }

        @Override
        public void run() {
            table.run(0);
        }

        @Override
        public int handled() {
            return handled;
        }
    }

    private static final class JavaUtil implements Table {
        private final Set<Softirq> pending = EnumSet.noneOf(Softirq.class);
        private final Map<Softirq, Runnable> handlers = new EnumMap<>(Softirq.class);
        private int handled;

        JavaUtil() {
            handlers.put(Softirq.AC_TIMER_SOFTIRQ, () -> {
                handled++;
                pending.add(Softirq.SCHEDULE_SOFTIRQ);
            });
            handlers.put(Softirq.SCHEDULE_SOFTIRQ, () -> handled++);
        }

        @Override
        public void raise(Softirq softirq) {
            pending.add(softirq);
        }

        @Override
        public void run() {
            while (!pending.isEmpty()) {
                Iterator<Softirq> first = pending.iterator();
                Softirq softirq = first.next();
                first.remove();
                handlers.get(softirq).run();
            }
        }

        @Override
        public int handled() {
            return handled;
        }
    }

    @Param({"xen", "java.util"})
    public String impl;

    private Table table;

    @Setup
    public void setUp() {
        table = "xen".equals(impl) ? new Xen() : new JavaUtil();
    }

    @Benchmark
    public int timerInterruptSoftirqs() {
        table.raise(Softirq.AC_TIMER_SOFTIRQ);
        table.run();
        return table.handled();
    }
}
