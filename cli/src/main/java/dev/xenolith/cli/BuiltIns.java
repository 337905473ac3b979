package dev.xenolith.cli;

import java.util.List;

/**
 * The images that ship in the jar. {@code bare-metal} is the PC board with its demonstration firmware and
 * no software stack; it is the default until the guest kernel can boot the scenario images.
 */
final class BuiltIns {
    static final String DEFAULT = BareMetal.NAME;

    /** A built-in image: its name and one line saying what it shows. */
    record BuiltIn(String name, String description) {
    }

    static final List<BuiltIn> ALL = List.of(
            new BuiltIn(BareMetal.NAME, "the PC board alone: firmware programs the 8259, the PIT at 100 Hz and every "
                    + "CPU's APIC timer at 1 kHz, starts the APs with INIT/SIPI, prints on COM1"));

    private BuiltIns() {
    }

    static List<String> names() {
        return ALL.stream().map(BuiltIn::name).toList();
    }
}
