package io.watchfloor.ingest.domain;

/**
 * Size limits applied while normalising: report text is cut at {@code maxTextChars} and at {@code maxTextBytes}
 * of UTF-8 (so the raw and the enriched record always fit the topics' record size limit: an accepted report is
 * never dead-lettered for size), HTML longer than {@code maxHtmlChars} is cut before parsing so a huge page cannot
 * exhaust memory.
 */
public record ReportLimits(int maxTextChars, int maxTextBytes, int maxHtmlChars, int maxTitleChars,
                           int maxAttributes) {
    /** Enriched records are refused over 1,000,000 bytes; the text, kept in them whole, stays well below. */
    public static final int DEFAULT_MAX_TEXT_BYTES = 600_000;
    public static final ReportLimits DEFAULTS = new ReportLimits(1_048_576, DEFAULT_MAX_TEXT_BYTES, 8 * 1_048_576,
            1_000, 64);

    /** The limits with the default byte cap. */
    public ReportLimits(int maxTextChars, int maxHtmlChars, int maxTitleChars, int maxAttributes) {
        this(maxTextChars, DEFAULT_MAX_TEXT_BYTES, maxHtmlChars, maxTitleChars, maxAttributes);
    }

    public ReportLimits {
        if (maxTextChars < 1 || maxTextBytes < 4 || maxHtmlChars < 1 || maxTitleChars < 1 || maxAttributes < 0) {
            throw new IllegalArgumentException("Report limits must be positive: " + maxTextChars + ", "
                    + maxHtmlChars + ", " + maxTitleChars + ", " + maxAttributes);
        }
    }
}
