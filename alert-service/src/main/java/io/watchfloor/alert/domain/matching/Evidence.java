package io.watchfloor.alert.domain.matching;

/**
 * Why a clause holds, in the report's own words: a span of its title or text (Java String indices, end
 * exclusive).
 */
public record Evidence(String field, int start, int end, String text) {
    public static final String TEXT = "text";
    public static final String TITLE = "title";
}
