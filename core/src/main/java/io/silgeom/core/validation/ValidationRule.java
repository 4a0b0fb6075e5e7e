package io.silgeom.core.validation;

/**
 * The rules of DESIGN.md §3, each with the stable name that {@link Verdict.Invalid#rule()} carries (a metrics
 * label and what tests check; never rename one) and what it means. The rules are checked in this order and the
 * first one a record breaks is its verdict.
 */
public enum ValidationRule {
    RECORD_TOO_LARGE("record.too-large", "The record is larger than the configured limit (default 1 MiB). Checked on arrival only."),
    JSON_MALFORMED("json.malformed", "The record is not one UTF-8 JSON object (bad bytes, bad syntax, trailing content, a field given twice, or not an object)."),
    ID_MISSING("id.missing", "id is absent, null or blank."),
    ID_TYPE("id.type", "id is not a JSON string."),
    ID_TOO_LONG("id.too-long", "id is longer than 256 characters."),
    SOURCE_INVALID("source.invalid", "source is absent or not exactly news or social."),
    PUBLISHED_AT_MISSING("publishedAt.missing", "publishedAt is absent, null or blank."),
    PUBLISHED_AT_MALFORMED("publishedAt.malformed", "publishedAt is not an ISO-8601 date-time with an offset (Z or +09:00); a local time without offset is ambiguous."),
    PUBLISHED_AT_FUTURE("publishedAt.future", "publishedAt is more than 5 minutes after the record arrived (the Kafka record timestamp). Checked on arrival only."),
    FIELD_TYPE("field.type", "site, author, title or body is present but not a string."),
    LANG_INVALID("lang.invalid", "lang is present but not a 2-3 letter lower-case code (all is reserved for roll-ups)."),
    URL_SCHEME("url.scheme", "url is present but not an absolute http or https URL."),
    TEXT_MISSING("text.missing", "title and body are both absent or blank: nothing to count.");

    private final String wireName;
    private final String meaning;

    ValidationRule(String wireName, String meaning) {
        this.wireName = wireName;
        this.meaning = meaning;
    }

    /** The stable rule name, e.g. {@code id.missing}. */
    public String wireName() {
        return wireName;
    }

    /** One sentence for operators and the docs. */
    public String meaning() {
        return meaning;
    }

    Verdict.Invalid reject(String reason) {
        return new Verdict.Invalid(wireName, reason);
    }
}
