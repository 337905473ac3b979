package dev.xenolith.machine.cpu;

/**
 * What the processor pushed on entry and {@code iret} pops: the vector taken, the IF and privilege
 * level of the interrupted code (the low bits of the saved CS, which Linux's {@code ret_from_intr} and
 * Xen's exit path test to choose their way out). Frames are preallocated per CPU.
 */
public final class InterruptFrame {
    /** How the vector was raised. */
    public enum Kind { EXTERNAL, NMI, SOFTWARE }

    private int vector;
    private Kind kind;
    private boolean savedInterruptFlag;
    private int interruptedPrivilege;
    private long switchesAtEntry;

    void set(int vector, Kind kind, boolean savedInterruptFlag, int interruptedPrivilege, long switchesAtEntry) {
        this.vector = vector;
        this.kind = kind;
        this.savedInterruptFlag = savedInterruptFlag;
        this.interruptedPrivilege = interruptedPrivilege;
        this.switchesAtEntry = switchesAtEntry;
    }

    /** The CPU's context-switch count when the frame was pushed. */
    long switchesAtEntry() {
        return switchesAtEntry;
    }

    public int vector() {
        return vector;
    }

    public Kind kind() {
        return kind;
    }

    public boolean savedInterruptFlag() {
        return savedInterruptFlag;
    }

    /** CPL of the interrupted code: 0 kernel (or Xen), 1 a PV guest kernel, 3 user. */
    public int interruptedPrivilege() {
        return interruptedPrivilege;
    }
}
