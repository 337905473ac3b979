package dev.xenolith.cli.image;

/** One mistake in an image: where it is and what was found instead of what was expected. */
public record Problem(SourcePos pos, String message) {
    /** {@code FILE:LINE:COL: error: message}, the compiler style that editors can jump to. */
    public String render() {
        return pos + ": error: " + message;
    }

    @Override
    public String toString() {
        return render();
    }
}
