package dev.xenolith.cli.stats;

/**
 * Writes indented JSON: objects, arrays, names, whole numbers and strings, with commas and indentation
 * placed by the writer so callers only say what comes next. Strings are escaped as RFC 8259 requires.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    /** Whether the innermost open object or array has no element yet (no comma before the next one). */
    private boolean empty = true;
    /** Whether a name was just written, so the value follows on the same line without a comma. */
    private boolean afterName;

    JsonWriter beginObject() {
        return open('{');
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        return open('[');
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter name(String name) {
        element();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonWriter value(long value) {
        element();
        out.append(value);
        return this;
    }

    JsonWriter value(String value) {
        element();
        string(value);
        return this;
    }

    /** The document, ending with a newline. */
    @Override
    public String toString() {
        return out + "\n";
    }

    private JsonWriter open(char bracket) {
        element();
        out.append(bracket);
        depth++;
        empty = true;
        return this;
    }

    private JsonWriter close(char bracket) {
        depth--;
        if (!empty) {
            newline();
        }
        out.append(bracket);
        empty = false;
        return this;
    }

    private void element() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!empty) {
            out.append(',');
        }
        if (depth > 0) {
            newline();
        }
        empty = false;
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
