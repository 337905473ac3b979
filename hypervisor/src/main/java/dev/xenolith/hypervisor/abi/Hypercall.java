package dev.xenolith.hypervisor.abi;

/** Hypercall numbers of Xen 2.0.x ({@code __HYPERVISOR_*}), plus {@code vcpu_op} from Xen 3.1. */
public final class Hypercall {
    public static final int VECTOR = 0x82;

    public static final int SET_CALLBACKS = 4;
    public static final int SCHED_OP = 6;
    public static final int SET_TIMER_OP = 15;
    public static final int EVENT_CHANNEL_OP = 16;
    public static final int XEN_VERSION = 17;
    public static final int CONSOLE_IO = 18;
    public static final int VCPU_OP = 24;

    /** {@code SCHEDOP_*} commands of {@code sched_op}. */
    public static final int SCHEDOP_YIELD = 0;
    public static final int SCHEDOP_BLOCK = 1;
    public static final int SCHEDOP_SHUTDOWN = 2;

    /** {@code VCPUOP_*} commands of {@code vcpu_op}. */
    public static final int VCPUOP_STOP_PERIODIC_TIMER = 7;
    public static final int VCPUOP_SET_SINGLESHOT_TIMER = 8;
    public static final int VCPUOP_STOP_SINGLESHOT_TIMER = 9;
    /** {@code VCPU_SSHOTTMR_future}: fail with -ETIME instead of firing a timeout already past. */
    public static final int VCPU_SSHOTTMR_FUTURE = 1;

    /** Error returns, negated as Xen returns them. */
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int ETIME = 62;

    private Hypercall() {
    }
}
