package io.silgeom.ingest.collect;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleBytesWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which input column feeds which article field, and the mapping of one row. A field not mapped explicitly is
 * read from a column with its own name (JSON lines: a field with its own name) when there is one.
 *
 * <p>Only what is needed to build an {@link Article} is checked here: an event time that parses and a source.
 * Everything else (lengths, blank text, URL scheme, future times) is the speed layer's validation, so a
 * replayed record is rejected for the same reason as any other.
 *
 * <p>A row without an id gets {@code <file name>:<line>} (e.g. {@code tweets.csv:17}): deterministic, so
 * replaying the same file twice gives the same ids, and the layers count each row once.
 */
final class RowMapping {
    /**
     * {@link Source#fromWire} as a table: that method lower-cases every wire name on every call, a cost per row that
     * showed in the replay's profile.
     */
    private static final Map<String, Source> SOURCES = sourcesByWireName();
    private final Map<ArticleField, String> columns;
    /** The distinct columns read, in field order: what the reader is asked to select. */
    private final List<String> selected;
    /** Per field (by ordinal), its column's position in {@link #selected}, or -1 when it has none. */
    private final int[] position;
    private final ReplayOptions options;
    private final String fileName;
    // The fields of the row last mapped by head(), up to the text: reused from row to row on the reading thread.
    private Instant publishedAt;
    private Source source;
    private String id;
    private String site;
    private String author;
    private String lang;
    private String url;

    private RowMapping(Map<ArticleField, String> columns, ReplayOptions options) {
        this.columns = columns;
        this.options = options;
        this.fileName = options.file().getFileName().toString();
        List<String> distinct = new ArrayList<>();
        this.position = new int[ArticleField.values().length];
        for (ArticleField field : ArticleField.values()) {
            String column = columns.get(field);
            if (column == null) {
                position[field.ordinal()] = -1;
            } else {
                if (!distinct.contains(column)) {
                    distinct.add(column);
                }
                position[field.ordinal()] = distinct.indexOf(column);
            }
        }
        this.selected = List.copyOf(distinct);
    }

    /** The columns a row must carry for {@link #map}: pass them to {@link RowReader#select}. */
    List<String> selectedColumns() {
        return selected;
    }

    /**
     * @param header the file's columns; empty for JSON lines, whose fields are only known row by row
     * @throws IllegalArgumentException when a mapped column does not exist, or the file cannot give an event
     *         time, a source or any text at all (the message says which option fixes it)
     */
    static RowMapping resolve(ReplayOptions options, List<String> header) {
        boolean headerKnown = options.format() != InputFormat.JSONL;
        Map<ArticleField, String> columns = new EnumMap<>(ArticleField.class);
        for (ArticleField field : ArticleField.values()) {
            String explicit = options.mappedColumn(field);
            if (explicit != null) {
                if (headerKnown && !header.contains(explicit)) {
                    throw new IllegalArgumentException("--map " + field.wireName() + "=" + explicit + ": "
                            + options.file().getFileName() + " has no column '" + explicit + "'; columns: " + header);
                }
                columns.put(field, explicit);
            } else if (!headerKnown || header.contains(field.wireName())) {
                columns.put(field, field.wireName());
            }
        }
        if (headerKnown) {
            if (!columns.containsKey(ArticleField.PUBLISHED_AT)) {
                throw new IllegalArgumentException("no event time: " + options.file().getFileName()
                        + " has no publishedAt column; pass --map publishedAt=COLUMN (columns: " + header + ")");
            }
            if (!columns.containsKey(ArticleField.SOURCE) && options.defaultSource() == null) {
                throw new IllegalArgumentException("no source: pass --source news|social or --map source=COLUMN");
            }
            if (!columns.containsKey(ArticleField.TITLE) && !columns.containsKey(ArticleField.BODY)) {
                throw new IllegalArgumentException("no text: pass --map title=COLUMN and/or --map body=COLUMN"
                        + " (columns: " + header + ")");
            }
        }
        return new RowMapping(columns, options);
    }

    private static Map<String, Source> sourcesByWireName() {
        Map<String, Source> byName = new HashMap<>();
        for (Source s : Source.values()) {
            byName.put(s.wireName(), s);
        }
        return Map.copyOf(byName);
    }

    /** What one row became. */
    sealed interface Result permits Mapped, Unmappable {
    }

    /** The row is an article (not yet validated beyond what building it needs). */
    record Mapped(Article article) implements Result {
    }

    /** The row cannot be an article; {@code reason} goes to the dead-letter topic. */
    record Unmappable(String reason) implements Result {
        Unmappable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    Result map(SourceRow row) {
        String reason = head(row);
        if (reason != null) {
            return new Unmappable(reason);
        }
        return new Mapped(new Article(id, source, site, author, lang, publishedAt, text(row, ArticleField.TITLE),
                text(row, ArticleField.BODY), url));
    }

    /**
     * Per selected column, true when it feeds only the title and/or the body: those the record can take straight from
     * the row's bytes ({@link #startDirect}); pass them to {@link RowReader#select(List, boolean[])}.
     */
    boolean[] textOnlyColumns() {
        boolean[] textOnly = new boolean[selected.size()];
        for (ArticleField field : ArticleField.values()) {
            int i = position[field.ordinal()];
            if (i >= 0 && (field == ArticleField.TITLE || field == ArticleField.BODY)) {
                textOnly[i] = true;
            }
        }
        for (ArticleField field : ArticleField.values()) {
            int i = position[field.ordinal()];
            if (i >= 0 && field != ArticleField.TITLE && field != ArticleField.BODY) {
                textOnly[i] = false;
            }
        }
        return textOnly;
    }

    /**
     * The row written straight from its bytes, the same rules as {@link #map} deciding: true when the row maps and its
     * title and body went into {@code writer}'s tail ({@link ArticleBytesWriter#startTail}); then
     * {@link #directTime()} is its event time, {@link #directId()} its id, and {@link #finishDirect} gives the record,
     * byte for byte {@code ArticleJson.encode} of what {@link #map} makes of the row with that time. False when the
     * row must take {@link #map} (it has no bytes, does not map, or its text is not plain well-formed UTF-8 to the
     * bytes' eye): {@link #map} then says what it is.
     */
    boolean startDirect(SourceRow row, ArticleBytesWriter writer) {
        FieldBytes bytes = row.bytes();
        if (bytes == null || head(row) != null) {
            return false;
        }
        writer.startTail();
        return directText(bytes, ArticleField.TITLE, writer) && directText(bytes, ArticleField.BODY, writer);
    }

    Instant directTime() {
        return publishedAt;
    }

    String directId() {
        return id;
    }

    /** The record of the row {@link #startDirect} took, with {@code shiftedTime} as its event time. */
    byte[] finishDirect(ArticleBytesWriter writer, Instant shiftedTime) {
        return writer.finish(id, source, site, author, lang, shiftedTime, url);
    }

    /** {@link #text} of the field, written from its bytes; false when that is not sure to give the same. */
    private boolean directText(FieldBytes bytes, ArticleField field, ArticleBytesWriter writer) {
        int i = position[field.ordinal()];
        int escaping = i < 0 ? FieldBytes.ABSENT : bytes.escaping(i);
        if (escaping == FieldBytes.ABSENT) {
            return true;
        }
        if (escaping < 0) {
            return false; // a number, a boolean: the string way
        }
        byte[] b = bytes.buffer();
        int blank = ArticleBytesWriter.blankness(b, bytes.from(i), bytes.to(i), escaping);
        if (blank != ArticleBytesWriter.NOT_BLANK) {
            return blank == ArticleBytesWriter.BLANK; // blank counts as absent
        }
        return field == ArticleField.TITLE ? writer.title(b, bytes.from(i), bytes.to(i), escaping)
                : writer.body(b, bytes.from(i), bytes.to(i), escaping);
    }

    /**
     * Maps the row's fields up to the text into this object's fields; the reason when the row cannot be an article,
     * else null.
     */
    private String head(SourceRow row) {
        if (row.problem() != null) {
            return row.problem();
        }
        try {
            publishedAt = requiredTime(row);
        } catch (DateTimeException e) {
            return e.getMessage();
        }
        String sourceText = trimmed(row, ArticleField.SOURCE);
        if (sourceText != null) {
            source = SOURCES.get(sourceText);
            if (source == null) {
                source = SOURCES.get(sourceText.toLowerCase(Locale.ROOT));
            }
            if (source == null) {
                return "source: '" + sourceText + "' is neither news nor social" + describe(ArticleField.SOURCE);
            }
        } else if (options.defaultSource() != null) {
            source = options.defaultSource();
        } else {
            return "source: missing" + describe(ArticleField.SOURCE) + " and no --source given";
        }
        String rowId = trimmed(row, ArticleField.ID);
        if (rowId == null) {
            rowId = fileName + ":" + row.line();
        }
        if (options.idPrefix() != null) {
            rowId = options.idPrefix() + rowId;
        }
        id = rowId;
        site = orDefault(trimmed(row, ArticleField.SITE), options.defaultSite());
        author = trimmed(row, ArticleField.AUTHOR);
        lang = orDefault(trimmed(row, ArticleField.LANG), options.defaultLang());
        url = trimmed(row, ArticleField.URL);
        return null;
    }

    /** The row's event time, or null when it has none that parses (the pre-scan skips such rows). */
    Instant eventTimeOrNull(SourceRow row) {
        if (row.problem() != null) {
            return null;
        }
        try {
            return requiredTime(row);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private Instant requiredTime(SourceRow row) {
        String text = trimmed(row, ArticleField.PUBLISHED_AT);
        if (text == null) {
            throw new DateTimeException("publishedAt: missing" + describe(ArticleField.PUBLISHED_AT));
        }
        try {
            return EventTimeParser.parse(text);
        } catch (DateTimeException e) {
            throw new DateTimeException("publishedAt: " + e.getMessage() + describe(ArticleField.PUBLISHED_AT), e);
        }
    }

    /** " (column 'x')" so a reason says where the value was looked for. */
    private String describe(ArticleField field) {
        String column = columns.get(field);
        return column == null ? " (no column)" : " (column '" + column + "')";
    }

    private String trimmed(SourceRow row, ArticleField field) {
        String v = raw(row, field);
        if (v == null) {
            return null;
        }
        String t = v.strip();
        return t.isEmpty() ? null : t;
    }

    /** Title and body keep their inner layout (a quoted newline is part of the text); blank counts as absent. */
    private String text(SourceRow row, ArticleField field) {
        String v = raw(row, field);
        return v == null || v.isBlank() ? null : v;
    }

    private String raw(SourceRow row, ArticleField field) {
        int i = position[field.ordinal()];
        return i < 0 ? null : row.value(i);
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
