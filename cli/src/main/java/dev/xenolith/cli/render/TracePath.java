package dev.xenolith.cli.render;

/**
 * What {@code --path FROM..TO} asks for: the trace from the entry of function {@code from} to the exit of
 * function {@code to}, both named by their symbols, for the first {@code from} entered at or after
 * {@code afterPicos} of simulated time ({@code --path-after}; 0 for the first of the run).
 */
public record TracePath(String from, String to, long afterPicos) {
    private static final String SEPARATOR = "..";

    /** Reads {@code FROM..TO}; throws IllegalArgumentException, with a message for the user, otherwise. */
    public static TracePath parse(String text) {
        int at = text.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("expected FROM..TO, two function symbols joined by '..', such as "
                    + "'apic_timer_interrupt..__enter_scheduler', found '" + text + "'");
        }
        String from = text.substring(0, at).trim();
        String to = text.substring(at + SEPARATOR.length()).trim();
        if (from.isEmpty() || to.isEmpty() || to.contains(SEPARATOR)) {
            throw new IllegalArgumentException("expected FROM..TO with one function symbol on each side of a"
                    + " single '..', found '" + text + "'");
        }
        return new TracePath(from, to, 0);
    }

    /** The same path, but the first whose FROM is entered at or after {@code picos}. */
    public TracePath after(long picos) {
        return new TracePath(from, to, picos);
    }

    @Override
    public String toString() {
        return from + SEPARATOR + to;
    }
}
