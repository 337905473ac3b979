package dev.xenolith.machine.trace;

/**
 * Who is executing: {@code hw} for the processor itself, {@code xen} for the hypervisor, {@code d1v0}
 * for domain 1's vcpu 0, {@code linux} for a natively booted guest. Every trace record carries one.
 */
public record Layer(String label) {
    public static final Layer HARDWARE = new Layer("hw");

    @Override
    public String toString() {
        return label;
    }
}
