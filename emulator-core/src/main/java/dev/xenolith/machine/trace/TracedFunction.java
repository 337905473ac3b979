package dev.xenolith.machine.trace;

import dev.xenolith.machine.cost.CostKey;

/**
 * A kernel function that appears in traces under the real kernel's symbol and charges its cost when
 * entered. Each layer declares its functions once, in an enum.
 */
public interface TracedFunction extends CostKey {
    /** The real kernel's symbol ({@code do_softirq}, {@code __enter_scheduler}). */
    default String symbol() {
        return costName();
    }
}
