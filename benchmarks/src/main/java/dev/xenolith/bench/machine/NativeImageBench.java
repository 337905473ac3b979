package dev.xenolith.bench.machine;

import dev.xenolith.cli.BenchImages;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import org.openjdk.jmh.annotations.Param;

/**
 * The built-in native images ({@code xenolith images}), each built as {@code xenolith boot} builds it, with
 * the image's own costs and input, measured after 500 simulated ms (the boot's APIC calibration alone takes
 * 100 ms; by then every image runs its workload).
 */
public class NativeImageBench extends MachineBenchmark {

    @Param({"linux-serio-wakeup", "linux-nohz", "cfs-nice", "rt-rr"})
    public String image;

    @Override
    protected Machine build(TraceSink sink) throws Exception {
        return BenchImages.boot(image, sink);
    }

    @Override
    protected long settlePicos() {
        return 500 * Picos.PER_MILLISECOND;
    }
}
