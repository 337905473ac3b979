package dev.xenolith.hypervisor.abi;

/**
 * A vcpu's runstate ({@code vcpu_runstate_info}, Xen 3.x, which a guest registers with
 * {@code VCPUOP_register_runstate_memory_area}; here it sits beside the vcpu's {@code vcpu_info}): the state it
 * is in since when, and the ns it has spent in each state. Xen writes it at every state change; the guest
 * reads it to tell its own time from time stolen by other vcpus ({@code xen_sched_clock},
 * {@code do_stolen_accounting}).
 */
public final class VcpuRunstate {
    public static final int RUNNING = 0;
    public static final int RUNNABLE = 1;
    public static final int BLOCKED = 2;
    public static final int OFFLINE = 3;

    private int state = RUNNABLE;
    private long stateEntryTime;
    private final long[] time = new long[4];

    /** Xen's {@code vcpu_runstate_change}. */
    public void change(int newState, long now) {
        if (newState == state) {
            return;
        }
        time[state] += now - stateEntryTime;
        state = newState;
        stateEntryTime = now;
    }

    public int state() {
        return state;
    }

    /** ns spent in {@code which} up to {@code now}, the current stint included. */
    public long timeIn(int which, long now) {
        return time[which] + (state == which ? now - stateEntryTime : 0);
    }
}
