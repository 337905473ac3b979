package dev.xenolith.cli.image;

/**
 * Where something was written: the image file (or {@code --set} for a command-line override), a
 * 1-based line and a 1-based column. Line 0 means the whole file, for problems such as a missing file
 * that have no position inside it.
 */
public record SourcePos(String file, int line, int column) {
    /** The whole of {@code file}, for problems with no better place to point at. */
    public static SourcePos wholeFile(String file) {
        return new SourcePos(file, 0, 0);
    }

    /** {@code FILE:LINE:COL}, or just {@code FILE} for the whole file: what editors and compilers print. */
    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
