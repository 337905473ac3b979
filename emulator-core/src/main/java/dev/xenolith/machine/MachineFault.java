package dev.xenolith.machine;

import dev.xenolith.machine.time.Picos;

/**
 * The simulated machine stopped abnormally: a triple fault, a hypervisor or guest panic, a detected
 * deadlock or livelock. The message says what and where in the machine's terms; the command line
 * reports it without a stack trace and exits with status 1.
 */
public final class MachineFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long time;

    public MachineFault(long time, String message) {
        super(message);
        this.time = time;
    }

    /** The simulated time of the fault, in picoseconds. */
    public long time() {
        return time;
    }

    @Override
    public String toString() {
        return "machine fault at " + Picos.toSecondsString(time) + " s: " + getMessage();
    }
}
