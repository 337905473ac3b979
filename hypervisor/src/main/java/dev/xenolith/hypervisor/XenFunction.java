package dev.xenolith.hypervisor;

import dev.xenolith.machine.trace.TracedFunction;

/**
 * The hypervisor's traced functions under Xen 2.0.4's symbols, with the cycles each costs on entry (its
 * own work, not its callees'). The defaults are estimates for a ~3 GHz core from the shape of the code: a
 * few dozen cycles for a flag test, hundreds for a heap operation or a lock round trip, thousands for a
 * context switch that changes page tables (devices.md part C: 4,000 with a CR3 change, band 1k-12k).
 */
public enum XenFunction implements TracedFunction {
    // boot (__start_xen's start of day)
    CMAIN("cmain", 0),
    SCHEDULER_INIT("scheduler_init", 500),
    INIT_IRQ("init_IRQ", 500),
    TRAP_INIT("trap_init", 500),
    TIME_INIT("time_init", 500),
    INIT_APIC_MAPPINGS("init_apic_mappings", 100),
    SETUP_LOCAL_APIC("setup_local_APIC", 300),
    SMP_BOOT_CPUS("smp_boot_cpus", 1000),
    START_SECONDARY("start_secondary", 500),
    SETUP_APIC_TIMER("setup_APIC_timer", 200),
    AC_TIMER_INIT("ac_timer_init", 200),
    SCHEDULERS_START("schedulers_start", 200),
    DO_CREATEDOMAIN("do_createdomain", 5000),
    STARTUP_CPU_IDLE_LOOP("startup_cpu_idle_loop", 100),

    // interrupts and the exit path
    APIC_TIMER_INTERRUPT("apic_timer_interrupt", 30),
    SMP_APIC_TIMER_INTERRUPT("smp_apic_timer_interrupt", 40),
    ACK_APIC_IRQ("ack_APIC_irq", 10),
    EVENT_CHECK_INTERRUPT("event_check_interrupt", 30),
    SMP_EVENT_CHECK_INTERRUPT("smp_event_check_interrupt", 20),
    COMMON_INTERRUPT("common_interrupt", 30),
    DO_IRQ("do_IRQ", 150),
    TIMER_INTERRUPT("timer_interrupt", 200),
    RET_FROM_INTR("ret_from_intr", 10),
    TEST_ALL_EVENTS("test_all_events", 20),
    PROCESS_SOFTIRQS("process_softirqs", 10),
    DO_SOFTIRQ("do_softirq", 30),
    CREATE_BOUNCE_FRAME("create_bounce_frame", 120),
    RESTORE_ALL_GUEST("restore_all_guest", 40),
    RESTORE_ALL_XEN("restore_all_xen", 30),
    SMP_SEND_EVENT_CHECK_CPU("smp_send_event_check_cpu", 60),

    // ac_timers
    AC_TIMER_SOFTIRQ_ACTION("ac_timer_softirq_action", 80),
    ADD_AC_TIMER("add_ac_timer", 120),
    REM_AC_TIMER("rem_ac_timer", 120),
    MOD_AC_TIMER("mod_ac_timer", 40),
    REPROGRAM_AC_TIMER("reprogram_ac_timer", 60),

    // scheduling (schedule.c)
    S_TIMER_FN("s_timer_fn", 20),
    T_TIMER_FN("t_timer_fn", 40),
    DOM_TIMER_FN("dom_timer_fn", 40),
    ENTER_SCHEDULER("__enter_scheduler", 300),
    CONTEXT_SWITCH("context_switch", 4000),
    SCHEDULE_TAIL("schedule_tail", 50),
    DOMAIN_WAKE("domain_wake", 150),
    DOMAIN_SLEEP("domain_sleep", 150),
    UPDATE_DOM_TIME("update_dom_time", 80),

    // events
    SEND_GUEST_VIRQ("send_guest_virq", 40),
    EVTCHN_SET_PENDING("evtchn_set_pending", 80),

    // hypercalls
    HYPERCALL("hypercall", 1000),
    DO_SET_CALLBACKS("do_set_callbacks", 50),
    DO_SCHED_OP("do_sched_op", 50),
    DO_YIELD("do_yield", 30),
    DO_BLOCK("do_block", 50),
    DO_SET_TIMER_OP("do_set_timer_op", 60),
    DO_VCPU_OP("do_vcpu_op", 60),
    DO_EVENT_CHANNEL_OP("do_event_channel_op", 100),
    DO_CONSOLE_IO("do_console_io", 200),
    DO_XEN_VERSION("do_xen_version", 20),

    // the idle loop
    DEFAULT_IDLE("default_idle", 20);

    private final String symbol;
    private final long cycles;

    XenFunction(String symbol, long cycles) {
        this.symbol = symbol;
        this.cycles = cycles;
    }

    @Override
    public String costName() {
        return symbol;
    }

    @Override
    public long defaultCycles() {
        return cycles;
    }
}
