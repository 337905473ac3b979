package dev.xenolith.guest.time;

import java.util.ArrayList;
import java.util.List;

/** Looks inside a wheel: where a timer is filed, and what a slot holds, in list order. */
final class WheelProbe {
    private WheelProbe() {
    }

    /** Level (0 = tv1 .. 4 = tv5) and slot of a pending timer, or null if it is on no slot of this wheel. */
    static int[] placeOf(TimerWheel wheel, TimerList timer) {
        for (int level = 0; level < TimerWheel.LEVELS; level++) {
            for (int slot = 0; slot < wheel.tv[level].length; slot++) {
                if (slotContents(wheel, level, slot).contains(timer)) {
                    return new int[] {level, slot};
                }
            }
        }
        return null;
    }

    static List<TimerList> slotContents(TimerWheel wheel, int level, int slot) {
        List<TimerList> timers = new ArrayList<>();
        ListHead head = wheel.tv[level][slot];
        for (ListHead n = head.next; n != head; n = n.next) {
            timers.add((TimerList) n);
        }
        return timers;
    }
}
