/**
 * Guest timekeeping structures after Linux 2.6.25: jiffies arithmetic ({@link dev.xenolith.guest.time.Jiffies}),
 * the per-CPU cascading timer wheel of {@code kernel/timer.c} ({@link dev.xenolith.guest.time.TimerWheel},
 * {@link dev.xenolith.guest.time.TimerList}) and the hrtimer queue of {@code kernel/hrtimer.c}
 * ({@link dev.xenolith.guest.time.HrtimerQueue}, {@link dev.xenolith.guest.time.Hrtimer}). They hold the
 * kernel's algorithms only: the tick, NO_HZ and clock-event code that drives them, with its tracing and
 * cycle charging, is built on top. Timers are long-lived objects whose list and tree links are embedded
 * in them, so arming, cancelling and expiring allocate nothing.
 */
package dev.xenolith.guest.time;
