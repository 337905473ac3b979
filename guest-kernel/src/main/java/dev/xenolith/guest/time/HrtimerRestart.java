package dev.xenolith.guest.time;

/** What an hrtimer function returns ({@code enum hrtimer_restart}). */
public enum HrtimerRestart {
    /** The timer is done; it stays inactive unless the function started it again itself. */
    HRTIMER_NORESTART,
    /** Re-enqueue the timer at the expiry the function set, normally with {@code hrtimer_forward}. */
    HRTIMER_RESTART
}
