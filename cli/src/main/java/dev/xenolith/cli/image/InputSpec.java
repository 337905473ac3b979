package dev.xenolith.cli.image;

import java.util.Arrays;

/**
 * Bytes arriving at a machine device ({@code i8042}, {@code com1}) from outside: once at
 * {@code atPicos}, or, when {@code everyPicos} is positive, at {@code atPicos} and then every
 * {@code everyPicos} up to and including {@code untilPicos} ({@link Long#MAX_VALUE}: until the run ends).
 * A one-shot input has {@code everyPicos == 0} and {@code untilPicos == atPicos}.
 */
public record InputSpec(long atPicos, long everyPicos, long untilPicos, String device, byte[] bytes,
        SourcePos pos) {

    public InputSpec {
        bytes = bytes.clone();
    }

    public boolean isPeriodic() {
        return everyPicos > 0;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    // A record compares arrays by identity; two equal images must give equal inputs.
    @Override
    public boolean equals(Object other) {
        return other instanceof InputSpec that && atPicos == that.atPicos && everyPicos == that.everyPicos
                && untilPicos == that.untilPicos && device.equals(that.device)
                && Arrays.equals(bytes, that.bytes) && pos.equals(that.pos);
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(atPicos);
        hash = hash * 31 + Long.hashCode(everyPicos);
        hash = hash * 31 + Long.hashCode(untilPicos);
        hash = hash * 31 + device.hashCode();
        hash = hash * 31 + Arrays.hashCode(bytes);
        return hash * 31 + pos.hashCode();
    }

    @Override
    public String toString() {
        return "InputSpec[atPicos=" + atPicos + ", everyPicos=" + everyPicos + ", untilPicos=" + untilPicos
                + ", device=" + device + ", bytes=" + Arrays.toString(bytes) + ", pos=" + pos + "]";
    }
}
