package dev.xenolith.machine.trace;

/**
 * A traced function known only by its symbol, which charges nothing: for code that is not a layer's own and
 * has no cost to charge (a firmware gate's handler, a function read back from a recorded trace). Renderers
 * tell calls apart by identity, so make one per function and reuse it.
 */
public record NamedFunction(String symbol) implements TracedFunction {
    @Override
    public String costName() {
        return symbol;
    }

    @Override
    public long defaultCycles() {
        return 0;
    }
}
