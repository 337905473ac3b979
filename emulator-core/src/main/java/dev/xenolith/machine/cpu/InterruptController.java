package dev.xenolith.machine.cpu;

/**
 * The CPU's side of its local interrupt controller (the local APIC): whether a maskable interrupt is
 * ready, and the acknowledge cycle that takes it. Priority (IRR against PPR, ExtINT from the PIC) is
 * the controller's business.
 */
public interface InterruptController {
    /** A maskable interrupt is ready to be accepted now. */
    boolean hasInterrupt();

    /**
     * The interrupt-acknowledge cycle: the controller puts the vector in service and returns it. May
     * return a spurious vector if the request went away, as real hardware does.
     */
    int acknowledge();

    /** A controller with nothing to deliver, for a CPU with no APIC wired (tests). */
    InterruptController NONE = new InterruptController() {
        @Override
        public boolean hasInterrupt() {
            return false;
        }

        @Override
        public int acknowledge() {
            throw new IllegalStateException("no interrupt controller");
        }
    };
}
