package dev.xenolith.bench.machine;

import dev.xenolith.cli.BenchImages;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import org.openjdk.jmh.annotations.Param;

/**
 * How the cost of simulating the whole stack grows with physical CPUs and domains: the built-in
 * {@code full-stack} (Xen credit, two PV guests of two vcpus) on 1 to 64 physical CPUs with one copy of its
 * two domains per two CPUs ({@link BenchImages#bootFullStack}), so that the work per CPU stays the image's.
 * With cost linear in the CPUs, the score halves as they double.
 *
 * <p>Every line Xen and the guests print at boot goes through Xen's console at 115200 baud, one after the
 * other, and a guest reaches its workload only once its lines are out: the boot takes about 45 simulated ms
 * per physical CPU (on 64 the last guest goes tickless at 2.76 s). Measuring starts after 50 ms per physical
 * CPU and 500 ms more, 3.7 s on 64.
 */
public class FullStackScalingBench extends MachineBenchmark {

    @Param({"1", "2", "4", "8", "16", "64"})
    public int pcpus;

    @Override
    protected Machine build(TraceSink sink) throws Exception {
        return BenchImages.bootFullStack(pcpus, sink);
    }

    @Override
    protected int cpus() {
        return pcpus;
    }

    @Override
    protected long settlePicos() {
        return (500 + 50L * pcpus) * Picos.PER_MILLISECOND;
    }
}
