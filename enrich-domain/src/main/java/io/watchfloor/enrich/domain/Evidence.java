package io.watchfloor.enrich.domain;

/**
 * The evidence for a tag: a span of the original title or text (Java String indices, end exclusive).
 *
 * <p>{@code start}/{@code end} are the name (the CoNLL convention: no determiner, title or rank), what a reader sees
 * highlighted. {@code extentStart}/{@code extentEnd} are the whole mention (the ACE convention the re3d annotators
 * follow: "the Mosul Dam", "Iraqi Prime Minister Nouri al-Maliki", "the city of Husaybah"); the same as the name
 * when nothing around it belongs to the mention. See docs/enrichment.md, "Mention boundaries".
 */
public record Evidence(String field, int start, int end, String text, int extentStart, int extentEnd) {
    public static final String TEXT = "text";
    public static final String TITLE = "title";

    public Evidence {
        if (extentStart > start || extentEnd < end) {
            throw new IllegalArgumentException("a mention's extent [" + extentStart + ", " + extentEnd
                    + ") must contain its name [" + start + ", " + end + ")");
        }
    }

    /** Evidence whose extent is the name itself. */
    public Evidence(String field, int start, int end, String text) {
        this(field, start, end, text, start, end);
    }

    /** True when the mention's extent reaches beyond the name. */
    public boolean hasWiderExtent() {
        return extentStart != start || extentEnd != end;
    }

    /** The record's form, with the extent only when it is wider than the name (pinned outputs stay readable). */
    @Override
    public String toString() {
        return "Evidence[field=" + field + ", start=" + start + ", end=" + end + ", text=" + text
                + (hasWiderExtent() ? ", extent=" + extentStart + ".." + extentEnd : "") + "]";
    }
}
