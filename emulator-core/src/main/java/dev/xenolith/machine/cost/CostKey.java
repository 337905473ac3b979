package dev.xenolith.machine.cost;

/**
 * Something that costs CPU cycles: a hardware action or a traced kernel function. Each layer declares
 * its keys once, in an enum; the name is what images use to override the default.
 */
public interface CostKey {
    /** The name images and {@code docs/costs.md} use: a kernel symbol or a hardware action. */
    String costName();

    /** Cycles charged when the image does not say otherwise. */
    long defaultCycles();
}
