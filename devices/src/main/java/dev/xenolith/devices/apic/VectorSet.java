package dev.xenolith.devices.apic;

import java.util.Arrays;

/**
 * A 256-bit set of interrupt vectors, laid out as the APIC lays out IRR, ISR and TMR: eight 32-bit
 * words, word {@code i} holding vectors {@code 32i .. 32i+31}, which is exactly what the eight
 * registers of each bank at 16-byte strides read back.
 */
final class VectorSet {
    static final int WORDS = 8;

    private final int[] words = new int[WORDS];

    boolean contains(int vector) {
        return (words[vector >>> 5] & (1 << (vector & 31))) != 0;
    }

    void add(int vector) {
        words[vector >>> 5] |= 1 << (vector & 31);
    }

    void remove(int vector) {
        words[vector >>> 5] &= ~(1 << (vector & 31));
    }

    /** Sets or clears {@code vector}. */
    void put(int vector, boolean present) {
        if (present) {
            add(vector);
        } else {
            remove(vector);
        }
    }

    /** The highest vector in the set, which is also the one of highest priority; -1 if empty. */
    int highest() {
        for (int i = WORDS - 1; i >= 0; i--) {
            if (words[i] != 0) {
                return (i << 5) + 31 - Integer.numberOfLeadingZeros(words[i]);
            }
        }
        return -1;
    }

    /** Register {@code index} (0..7) of the bank. */
    int word(int index) {
        return words[index];
    }

    void clear() {
        Arrays.fill(words, 0);
    }
}
