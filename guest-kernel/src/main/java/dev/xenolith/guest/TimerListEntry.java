package dev.xenolith.guest;

/**
 * One CPU's part of {@code /proc/timer_list}: the nohz mode (0 inactive, 1 low resolution, 2 high
 * resolution), whether high resolution is active, whether the tick is stopped, the idle statistics of
 * {@code struct tick_sched} (idle_calls, idle_sleeps, idle_jiffies, idle_sleeptime in ns), and the tick
 * device with its mode.
 */
public record TimerListEntry(int nohzMode, boolean hresActive, boolean tickStopped, long idleCalls, long idleSleeps,
        long idleJiffies, long idleSleeptimeNs, String tickDevice, String tickDeviceMode) {
}
