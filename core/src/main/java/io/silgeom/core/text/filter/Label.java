package io.silgeom.core.text.filter;

import java.util.Locale;

/** What the content filter says about a text. The ordinal is the class index in the model file: never reorder. */
public enum Label {
    CLEAN,
    OFFENSIVE,
    HATE;

    /** Lower-case name used on the command line and in reports: clean, offensive, hate. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a wire name, any case. */
    public static Label parse(String text) {
        for (Label label : values()) {
            if (label.wireName().equalsIgnoreCase(text.strip())) {
                return label;
            }
        }
        throw new IllegalArgumentException("label must be clean, offensive or hate, got: " + text);
    }

    /** The binary task the targets are stated for: hate or offensive (flagged) against clean. */
    public boolean flagged() {
        return this != CLEAN;
    }
}
