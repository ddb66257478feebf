package io.watchfloor.ingest.domain;

/**
 * Size limits applied while normalising: report text is cut at {@code maxTextChars}, HTML longer than
 * {@code maxHtmlChars} is cut before parsing so a huge page cannot exhaust memory.
 */
public record ReportLimits(int maxTextChars, int maxHtmlChars, int maxTitleChars, int maxAttributes) {
    public static final ReportLimits DEFAULTS = new ReportLimits(1_048_576, 8 * 1_048_576, 1_000, 64);

    public ReportLimits {
        if (maxTextChars < 1 || maxHtmlChars < 1 || maxTitleChars < 1 || maxAttributes < 0) {
            throw new IllegalArgumentException("Report limits must be positive: " + maxTextChars + ", "
                    + maxHtmlChars + ", " + maxTitleChars + ", " + maxAttributes);
        }
    }
}
