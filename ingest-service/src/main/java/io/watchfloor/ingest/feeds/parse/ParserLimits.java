package io.watchfloor.ingest.feeds.parse;

/** Caps applied while turning a document into items, so one oversized entry cannot flood enrichment. */
public record ParserLimits(int maxItems, int maxTitleChars, int maxSummaryChars, int maxContentChars,
                           int maxListEntries, int maxShortFieldChars) {

    /** 10,000 items; title 2,000 chars; summary 100,000; content 1,000,000; 50 authors/categories of 500 chars. */
    public static ParserLimits defaults() {
        return new ParserLimits(10_000, 2_000, 100_000, 1_000_000, 50, 500);
    }
}
