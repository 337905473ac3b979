package dev.xenolith.cli;

import dev.xenolith.cli.image.ImageException;
import dev.xenolith.cli.image.ImageSource;
import java.util.List;

/**
 * The images that ship in the jar: the scenario images under {@code /images/NAME.yaml}, and
 * {@code bare-metal}, the PC board with its demonstration firmware and no software stack. The default is the
 * whole stack: Xen with two guests.
 */
final class BuiltIns {
    static final String DEFAULT = "full-stack";

    /** In the order {@code xenolith images} lists them: the default, Xen's, the native kernel's, the bare board. */
    static final List<String> NAMES = List.of(DEFAULT, "xen-timer-softirq", "xen-pit-timer", "credit-shares",
            "linux-serio-wakeup", "linux-nohz", "cfs-nice", "rt-rr", BareMetal.NAME);

    private static final String BARE_METAL_DESCRIPTION = "the PC board alone: firmware programs the 8259, the PIT"
            + " at 100 Hz and every CPU's APIC timer at 1 kHz, starts the APs with INIT/SIPI, prints on COM1";

    private BuiltIns() {
    }

    /** One line saying what the image shows: a scenario image's own {@code description}. */
    static String description(String name) {
        if (name.equals(BareMetal.NAME)) {
            return BARE_METAL_DESCRIPTION;
        }
        try {
            return ImageSource.builtIn(name).read(new XenolithCatalog()).description();
        } catch (ImageException e) {
            // The jar's own images are tested to read; one that does not is a bug in this build.
            throw new IllegalStateException("built-in image " + name + " does not read: " + e.getMessage(), e);
        }
    }
}
