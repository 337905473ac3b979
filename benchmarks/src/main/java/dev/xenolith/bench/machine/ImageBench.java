package dev.xenolith.bench.machine;

import dev.xenolith.cli.BenchImages;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import org.openjdk.jmh.annotations.Param;

/**
 * Every built-in image that boots a kernel ({@link BenchImages#kernelImages()}, in {@code xenolith images}
 * order: Xen's, then the native kernel's), each built as {@code xenolith boot} builds it, with the image's own
 * costs and input, measured after 500 simulated ms. The slowest boots are done well before: the native
 * kernel's APIC calibration alone takes 100 ms and its last image goes tickless at 140 ms; Xen's images have
 * printed their last boot line through the 115200-baud console by 120 ms.
 */
public class ImageBench extends MachineBenchmark {

    /** {@link BenchImages#kernelImages()}: JMH needs a literal, a test keeps the two equal. */
    @Param({"full-stack", "xen-timer-softirq", "xen-pit-timer", "credit-shares",
            "linux-serio-wakeup", "linux-nohz", "cfs-nice", "rt-rr"})
    public String image;

    @Override
    protected Machine build(TraceSink sink) throws Exception {
        return BenchImages.boot(image, sink);
    }

    @Override
    protected int cpus() throws Exception {
        return BenchImages.cpus(image);
    }

    @Override
    protected long settlePicos() {
        return 500 * Picos.PER_MILLISECOND;
    }
}
