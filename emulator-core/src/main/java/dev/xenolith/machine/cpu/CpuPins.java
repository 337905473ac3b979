package dev.xenolith.machine.cpu;

/**
 * The processor's input signals as its local APIC drives them. {@link #interruptRequest()} is level
 * information: the controller calls it whenever it may newly have something deliverable, and the CPU
 * asks {@link InterruptController#hasInterrupt()} at its next chance.
 */
public interface CpuPins {
    /** INTR: a maskable interrupt may be pending. */
    void interruptRequest();

    /** NMI: latched, taken regardless of IF, blocked until the next {@code iret}. */
    void nmi();

    /** INIT: reset the processor into wait-for-SIPI. */
    void init();

    /** Start-up IPI: begin executing at physical page {@code vector} (real-mode address vector * 4096). */
    void startup(int vector);
}
