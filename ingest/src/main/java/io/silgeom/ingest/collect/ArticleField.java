package io.silgeom.ingest.collect;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The fields of the article record (DESIGN.md §3) a replay can fill from an input column. */
public enum ArticleField {
    ID("id"),
    SOURCE("source"),
    SITE("site"),
    AUTHOR("author"),
    LANG("lang"),
    PUBLISHED_AT("publishedAt"),
    TITLE("title"),
    BODY("body"),
    URL("url");

    private final String wireName;

    ArticleField(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON field name, which is also the default input column. */
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the valid fields */
    public static ArticleField fromWire(String name) {
        for (ArticleField f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an article field; fields: " + wireNames());
    }

    static String wireNames() {
        return Arrays.stream(values()).map(ArticleField::wireName).collect(Collectors.joining(", "));
    }
}
