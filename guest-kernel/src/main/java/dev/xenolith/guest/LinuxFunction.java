package dev.xenolith.guest;

import dev.xenolith.machine.trace.TracedFunction;

/**
 * The guest kernel's traced functions under Linux 2.6.25's symbols, with the cycles each costs on entry
 * (its own work, not its callees'). The figures are estimates for a ~2 GHz core from the shape of the
 * code: tens of cycles for a flag test or a list splice, a few hundred for a red-black tree operation or a
 * lock round trip, a few thousand for a system call's entry and exit. A task switch between two processes
 * changes CR3 and refills the TLB: about 4,000 cycles in all (devices.md part C: 1,500 within one address
 * space, 4,000 with a CR3 change), here {@code context_switch}'s 3,700 with {@code switch_to}'s 300.
 */
public enum LinuxFunction implements TracedFunction {
    // boot
    START_KERNEL("start_kernel", 0),
    TRAP_INIT("trap_init", 500),
    INIT_IRQ("init_IRQ", 500),
    INIT_8259A("init_8259A", 200),
    SCHED_INIT("sched_init", 1000),
    CONSOLE_INIT("console_init", 200),
    SETUP_LOCAL_APIC("setup_local_APIC", 300),
    SETUP_APIC_TIMER("setup_APIC_timer", 200),
    SMP_INIT("smp_init", 500),
    DO_BOOT_CPU("do_boot_cpu", 1000),
    START_SECONDARY("start_secondary", 500),
    REST_INIT("rest_init", 200),
    CPU_IDLE("cpu_idle", 50),
    DO_FORK("do_fork", 8000),
    WAKE_UP_NEW_TASK("wake_up_new_task", 200),
    TASK_NEW_FAIR("task_new_fair", 150),

    // the interrupt entry and return paths (entry_32.S, irq_32.c, softirq.c)
    COMMON_INTERRUPT("common_interrupt", 40),
    DO_IRQ("do_IRQ", 60),
    HANDLE_LEVEL_IRQ("handle_level_irq", 80),
    MASK_AND_ACK_8259A("mask_and_ack_8259A", 40),
    UNMASK_8259A_IRQ("unmask_8259A_irq", 40),
    HANDLE_IRQ_EVENT("handle_IRQ_event", 40),
    IRQ_ENTER("irq_enter", 20),
    IRQ_EXIT("irq_exit", 20),
    DO_SOFTIRQ("do_softirq", 40),
    __DO_SOFTIRQ("__do_softirq", 60),
    RET_FROM_INTR("ret_from_intr", 10),
    RESUME_USERSPACE("resume_userspace", 10),
    RESUME_KERNEL("resume_kernel", 10),
    WORK_PENDING("work_pending", 10),
    WORK_RESCHED("work_resched", 10),
    RESTORE_ALL("restore_all", 30),
    APIC_TIMER_INTERRUPT("apic_timer_interrupt", 30),
    SMP_APIC_TIMER_INTERRUPT("smp_apic_timer_interrupt", 30),
    ACK_APIC_IRQ("ack_APIC_irq", 10),
    LOCAL_APIC_TIMER_INTERRUPT("local_apic_timer_interrupt", 20),
    RESCHEDULE_INTERRUPT("reschedule_interrupt", 30),
    SMP_RESCHEDULE_INTERRUPT("smp_reschedule_interrupt", 20),
    SMP_SEND_RESCHEDULE("smp_send_reschedule", 50),

    // system calls
    SYSTEM_CALL("system_call", 600),
    SYSCALL_EXIT("syscall_exit", 300),
    SYS_READ("sys_read", 200),
    SYS_WRITE("sys_write", 200),
    SYS_NANOSLEEP("sys_nanosleep", 100),
    SYS_CLOCK_NANOSLEEP("sys_clock_nanosleep", 100),
    DO_NANOSLEEP("do_nanosleep", 60),
    SYS_SCHED_YIELD("sys_sched_yield", 60),
    SYS_SCHED_SETSCHEDULER("sys_sched_setscheduler", 200),
    SYS_SETPRIORITY("sys_setpriority", 150),
    SYS_EXIT("sys_exit", 100),
    DO_EXIT("do_exit", 3000),
    SYS_XENOLITH_WORK("sys_xenolith_work", 20),

    // scheduler core (sched.c)
    SCHEDULE("schedule", 150),
    PREEMPT_SCHEDULE("preempt_schedule", 20),
    PREEMPT_SCHEDULE_IRQ("preempt_schedule_irq", 20),
    PICK_NEXT_TASK("pick_next_task", 30),
    PUT_PREV_TASK("put_prev_task", 20),
    CONTEXT_SWITCH("context_switch", 3700),
    SWITCH_TO("switch_to", 300),
    FINISH_TASK_SWITCH("finish_task_switch", 100),
    TRY_TO_WAKE_UP("try_to_wake_up", 150),
    WAKE_UP_PROCESS("wake_up_process", 10),
    ACTIVATE_TASK("activate_task", 30),
    DEACTIVATE_TASK("deactivate_task", 30),
    ENQUEUE_TASK("enqueue_task", 20),
    DEQUEUE_TASK("dequeue_task", 20),
    CHECK_PREEMPT_CURR("check_preempt_curr", 10),
    RESCHED_TASK("resched_task", 30),
    SCHEDULER_TICK("scheduler_tick", 100),
    UPDATE_CPU_LOAD("update_cpu_load", 60),
    TRIGGER_LOAD_BALANCE("trigger_load_balance", 20),
    RUN_REBALANCE_DOMAINS("run_rebalance_domains", 40),
    REBALANCE_DOMAINS("rebalance_domains", 100),
    LOAD_BALANCE("load_balance", 600),
    IDLE_BALANCE("idle_balance", 60),
    PULL_TASK("pull_task", 300),
    SCHED_SETSCHEDULER("sched_setscheduler", 300),
    SET_USER_NICE("set_user_nice", 200),

    // CFS (sched_fair.c)
    ENQUEUE_TASK_FAIR("enqueue_task_fair", 120),
    DEQUEUE_TASK_FAIR("dequeue_task_fair", 120),
    PICK_NEXT_TASK_FAIR("pick_next_task_fair", 80),
    PUT_PREV_TASK_FAIR("put_prev_task_fair", 100),
    CHECK_PREEMPT_WAKEUP("check_preempt_wakeup", 60),
    TASK_TICK_FAIR("task_tick_fair", 60),
    CHECK_PREEMPT_TICK("check_preempt_tick", 40),
    UPDATE_CURR("update_curr", 50),
    PLACE_ENTITY("place_entity", 30),
    YIELD_TASK_FAIR("yield_task_fair", 40),

    // RT (sched_rt.c)
    ENQUEUE_TASK_RT("enqueue_task_rt", 60),
    DEQUEUE_TASK_RT("dequeue_task_rt", 60),
    PICK_NEXT_TASK_RT("pick_next_task_rt", 40),
    PUT_PREV_TASK_RT("put_prev_task_rt", 30),
    CHECK_PREEMPT_CURR_RT("check_preempt_curr_rt", 20),
    TASK_TICK_RT("task_tick_rt", 40),
    UPDATE_CURR_RT("update_curr_rt", 40),
    YIELD_TASK_RT("yield_task_rt", 30),
    UPDATE_SCHED_RT_PERIOD("update_sched_rt_period", 20),
    PUSH_RT_TASKS("push_rt_tasks", 300),
    PULL_RT_TASK("pull_rt_task", 300),
    SELECT_TASK_RQ_RT("select_task_rq_rt", 60),

    // idle (sched_idletask.c, process_32.c)
    PICK_NEXT_TASK_IDLE("pick_next_task_idle", 10),
    CHECK_PREEMPT_CURR_IDLE("check_preempt_curr_idle", 10),
    DEFAULT_IDLE("default_idle", 20),
    SAFE_HALT("safe_halt", 10),

    // the periodic tick and the timer softirq
    TICK_HANDLE_PERIODIC("tick_handle_periodic", 30),
    TICK_PERIODIC("tick_periodic", 20),
    DO_TIMER("do_timer", 60),
    UPDATE_PROCESS_TIMES("update_process_times", 30),
    ACCOUNT_PROCESS_TICK("account_process_tick", 40),
    RUN_LOCAL_TIMERS("run_local_timers", 20),
    HRTIMER_RUN_QUEUES("hrtimer_run_queues", 60),
    RUN_TIMER_SOFTIRQ("run_timer_softirq", 40),
    __RUN_TIMERS("__run_timers", 80),
    HRTIMER_WAKEUP("hrtimer_wakeup", 20),
    HRTIMER_START("hrtimer_start", 150),
    HRTIMER_CANCEL("hrtimer_cancel", 100),

    // clockevents, hrtimers and nohz (kernel/time/, hrtimer.c, i8253.c, apic_32.c)
    TIME_INIT("time_init", 300),
    TIMER_INTERRUPT("timer_interrupt", 40),
    INIT_PIT_TIMER("init_pit_timer", 30),
    PIT_NEXT_EVENT("pit_next_event", 20),
    CALIBRATE_APIC_CLOCK("calibrate_APIC_clock", 500),
    LAPIC_CAL_HANDLER("lapic_cal_handler", 30),
    LAPIC_TIMER_SETUP("lapic_timer_setup", 40),
    LAPIC_NEXT_EVENT("lapic_next_event", 20),
    HRTIMER_INTERRUPT("hrtimer_interrupt", 120),
    HRTIMER_RUN_PENDING("hrtimer_run_pending", 30),
    HRTIMER_SWITCH_TO_HRES("hrtimer_switch_to_hres", 300),
    TICK_CHECK_ONESHOT_CHANGE("tick_check_oneshot_change", 20),
    TICK_NOHZ_SWITCH_TO_NOHZ("tick_nohz_switch_to_nohz", 200),
    TICK_NOHZ_HANDLER("tick_nohz_handler", 40),
    TICK_SCHED_TIMER("tick_sched_timer", 40),
    TICK_DO_UPDATE_JIFFIES64("tick_do_update_jiffies64", 60),
    TICK_NOHZ_REPROGRAM("tick_nohz_reprogram", 40),
    TICK_NOHZ_STOP_SCHED_TICK("tick_nohz_stop_sched_tick", 150),
    TICK_NOHZ_RESTART_SCHED_TICK("tick_nohz_restart_sched_tick", 150),
    TICK_NOHZ_UPDATE_JIFFIES("tick_nohz_update_jiffies", 40),
    GET_NEXT_TIMER_INTERRUPT("get_next_timer_interrupt", 200),
    SELECT_NOHZ_LOAD_BALANCER("select_nohz_load_balancer", 30),
    TOUCH_SOFTLOCKUP_WATCHDOG("touch_softlockup_watchdog", 10),

    // the Xen PV backend (arch/x86/xen/, drivers/xen/events.c)
    XEN_HYPERVISOR_CALLBACK("xen_hypervisor_callback", 60),
    XEN_EVTCHN_DO_UPCALL("xen_evtchn_do_upcall", 80),
    XEN_TIMER_INTERRUPT("xen_timer_interrupt", 40),
    XEN_RESCHEDULE_INTERRUPT("xen_reschedule_interrupt", 10),
    XEN_SEND_IPI_ONE("xen_send_IPI_one", 40),
    XEN_SAFE_HALT("xen_safe_halt", 20),
    XEN_VCPUOP_SET_MODE("xen_vcpuop_set_mode", 20),
    XEN_VCPUOP_SET_NEXT_EVENT("xen_vcpuop_set_next_event", 30),

    // wait queues (wait.c, sched.c)
    PREPARE_TO_WAIT("prepare_to_wait", 40),
    PREPARE_TO_WAIT_EXCLUSIVE("prepare_to_wait_exclusive", 40),
    FINISH_WAIT("finish_wait", 30),
    __WAKE_UP("__wake_up", 40),
    __WAKE_UP_COMMON("__wake_up_common", 30),
    AUTOREMOVE_WAKE_FUNCTION("autoremove_wake_function", 20),
    DEFAULT_WAKE_FUNCTION("default_wake_function", 10),

    // drivers
    SERIAL8250_INTERRUPT("serial8250_interrupt", 60),
    SERIAL8250_HANDLE_PORT("serial8250_handle_port", 40),
    RECEIVE_CHARS("receive_chars", 80),
    TTY_FLIP_BUFFER_PUSH("tty_flip_buffer_push", 60),
    N_TTY_RECEIVE_BUF("n_tty_receive_buf", 100),
    READ_CHAN("read_chan", 150),
    UART_WRITE("uart_write", 150),
    SERIAL8250_CONSOLE_WRITE("serial8250_console_write", 100),
    I8042_INTERRUPT("i8042_interrupt", 60),
    SERIO_INTERRUPT("serio_interrupt", 40),
    SERIO_RAW_INTERRUPT("serio_raw_interrupt", 40),
    SERIO_RAW_READ("serio_raw_read", 100),
    KILL_FASYNC("kill_fasync", 20);

    private final String symbol;
    private final long cycles;

    LinuxFunction(String symbol, long cycles) {
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
