package io.watchfloor.enrich.domain;

/** The evidence for a tag: a span of the original title or text (Java String indices, end exclusive). */
public record Evidence(String field, int start, int end, String text) {
    public static final String TEXT = "text";
    public static final String TITLE = "title";
}
