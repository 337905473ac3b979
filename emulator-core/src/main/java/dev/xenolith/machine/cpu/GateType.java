package dev.xenolith.machine.cpu;

/** IDT gate types that matter here (SDM vol. 3, 6.11): they differ only in what happens to IF. */
public enum GateType {
    /** Type 0xE: IF is cleared on entry, so the handler runs with maskable interrupts off. */
    INTERRUPT,
    /** Type 0xF: IF is left as it was (Linux's system-call gate, Xen's hypercall gate). */
    TRAP
}
