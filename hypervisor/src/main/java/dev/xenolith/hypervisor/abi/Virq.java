package dev.xenolith.hypervisor.abi;

/** Virtual IRQs of Xen 2.0.x ({@code VIRQ_*}); VIRQ_TIMER is per vcpu, as from 3.0. */
public final class Virq {
    public static final int MISDIRECT = 0;
    public static final int TIMER = 1;
    public static final int DEBUG = 2;
    public static final int CONSOLE = 3;
    public static final int DOM_EXC = 4;
    public static final int COUNT = 7;

    private Virq() {
    }

    public static String name(int virq) {
        return switch (virq) {
            case MISDIRECT -> "VIRQ_MISDIRECT";
            case TIMER -> "VIRQ_TIMER";
            case DEBUG -> "VIRQ_DEBUG";
            case CONSOLE -> "VIRQ_CONSOLE";
            case DOM_EXC -> "VIRQ_DOM_EXC";
            default -> "VIRQ_" + virq;
        };
    }
}
