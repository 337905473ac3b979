package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.trace.TraceSink;
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
        BootImage boot = ImageLoader.load(image, List.of(), null);
        Hardware hardware = Hardware.build(boot.machine(), boot.costs(), trace, (b, time) -> { });
        hardware.feed(boot.input(), Long.MAX_VALUE);
        boot.system().install(hardware.machine(), hardware.board(), boot.scenario());
        return hardware.machine();
    }
}
