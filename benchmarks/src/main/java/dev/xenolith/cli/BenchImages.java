package dev.xenolith.cli;

import dev.xenolith.cli.image.DomainSpec;
import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.MachineSpec;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in images' machines for the whole-machine benchmarks, built exactly as {@code xenolith boot}
 * builds them ({@link ImageLoader}, {@link Hardware}, the image's {@link BootedSystem}), so that what is
 * measured is what a user runs.
 *
 * <p>It lives in the benchmarks module but in the command line's package, because those classes are
 * package-private: the alternative, copying the image-to-kernel translation into the benchmarks, would
 * measure a copy that can drift from the real one. A change to them that this class does not follow
 * breaks the benchmarks' compile, not a run.
 */
public final class BenchImages {
    private BenchImages() {
    }

    /** The built-in images that boot a kernel ({@code bare-metal} is the board alone), in listing order. */
    public static List<String> kernelImages() {
        return BuiltIns.NAMES.stream().filter(name -> !name.equals(BareMetal.NAME)).toList();
    }

    /**
     * {@code image}'s machine with its software installed and powered on, tracing into {@code trace} (null:
     * off), the console discarded and the image's timed input fed for as long as the machine runs.
     */
    public static Machine boot(String image, TraceSink trace) throws ImageException {
        return boot(ImageLoader.load(image, List.of(), null), trace);
    }

    /** The physical CPUs of {@code image}'s machine. */
    public static int cpus(String image) throws ImageException {
        return ImageLoader.scenario(image, List.of(), null).machine().cpus();
    }

    /**
     * The built-in {@code full-stack} scaled to {@code pcpus} physical CPUs ({@link #fullStack}), booted as
     * {@link #boot} boots an image.
     */
    public static Machine bootFullStack(int pcpus, TraceSink trace) throws ImageException {
        Scenario scenario = fullStack(pcpus);
        return boot(BootImage.of(scenario, BootedSystem.forScenario(scenario)), trace);
    }

    /**
     * The built-in {@code full-stack} as the command line reads it, on {@code pcpus} physical CPUs with
     * {@code max(1, pcpus / 2)} copies of its domains, named with the copy's index ({@code batch0},
     * {@code desktop0}, {@code batch1}, ...): the image's two domains of two vcpus each ask for about two CPUs,
     * so every copy keeps the work per physical CPU what the image has on its two. Everything else (the
     * machine's devices, the scheduler, the kernels, the tasks, the costs) is the image's.
     */
    static Scenario fullStack(int pcpus) throws ImageException {
        Scenario image = ImageLoader.scenario(BuiltIns.DEFAULT, List.of(), null);
        MachineSpec m = image.machine();
        MachineSpec machine = new MachineSpec(pcpus, m.cpuFrequencyHz(), m.apicBusFrequencyHz(), m.apicTimer(),
                m.tscDeadline(), m.com1Baud(), m.i8042(), m.pos());
        List<DomainSpec> domains = new ArrayList<>();
        for (int copy = 0; copy < Math.max(1, pcpus / 2); copy++) {
            for (DomainSpec d : image.domains()) {
                domains.add(new DomainSpec(d.name() + copy, d.vcpus(), d.pin(), d.sched(), d.kernel(), d.tasks(),
                        d.pos()));
            }
        }
        return new Scenario(image.name() + "-" + pcpus, image.description(), machine, image.hypervisor(), domains,
                image.input(), image.costs(), image.run(), image.pos());
    }

    /** {@code boot}'s machine, built and installed as {@code xenolith boot} does. */
    static Machine boot(BootImage boot, TraceSink trace) {
        Hardware hardware = Hardware.build(boot.machine(), boot.costs(), trace, (b, time) -> { });
        hardware.feed(boot.input(), Long.MAX_VALUE);
        boot.system().install(hardware.machine(), hardware.board(), boot.scenario());
        return hardware.machine();
    }
}
