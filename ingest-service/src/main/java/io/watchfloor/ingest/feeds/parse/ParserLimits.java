package io.watchfloor.ingest.feeds.parse;

/**
 * Caps applied while parsing a document and turning it into items: what the parser may build (nodes, nesting
 * depth, characters of text) so a small compressed feed cannot fill the heap, and what one item may carry so
 * one oversized entry cannot flood enrichment.
 */
public record ParserLimits(int maxItems, int maxTitleChars, int maxSummaryChars, int maxContentChars,
                           int maxListEntries, int maxShortFieldChars, int maxElements, int maxDepth,
                           long maxTextChars) {

    /** Default of {@link #maxElements}: elements (and attributes, comments, values) built for one document. */
    public static final int DEFAULT_MAX_ELEMENTS = 200_000;
    /** Default of {@link #maxDepth}: deeper nesting is refused before anything recursive walks it. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Default of {@link #maxTextChars}: the default decompressed byte cap (a document cannot hold more). */
    public static final long DEFAULT_MAX_TEXT_CHARS = 20L << 20;

    public ParserLimits {
        if (maxItems <= 0 || maxElements <= 0 || maxDepth <= 0 || maxTextChars <= 0) {
            throw new IllegalArgumentException("parser limits must be positive");
        }
    }

    /** The item caps of {@link #defaults()} with these document bounds. */
    public static ParserLimits of(int maxElements, int maxDepth, long maxTextChars) {
        return defaults().withDocumentBounds(maxElements, maxDepth, maxTextChars);
    }

    /**
     * 10,000 items; title 2,000 chars; summary 100,000; content 1,000,000; 50 authors/categories of 500 chars;
     * 200,000 elements, depth 64, 20 Mi characters of text per document.
     */
    public static ParserLimits defaults() {
        return new ParserLimits(10_000, 2_000, 100_000, 1_000_000, 50, 500, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_DEPTH,
                DEFAULT_MAX_TEXT_CHARS);
    }

    public ParserLimits withDocumentBounds(int elements, int depth, long textChars) {
        return new ParserLimits(maxItems, maxTitleChars, maxSummaryChars, maxContentChars, maxListEntries,
                maxShortFieldChars, elements, depth, textChars);
    }

    String tooManyElements() {
        return "feed has more than " + maxElements + " elements; raise watchfloor.feeds.max-elements if this feed"
                + " is legitimate";
    }

    String tooDeep() {
        return "feed nests elements more than " + maxDepth + " levels deep; raise watchfloor.feeds.max-depth if"
                + " this feed is legitimate";
    }

    String tooMuchText() {
        return "feed has more than " + maxTextChars + " characters of text; raise watchfloor.feeds.max-text-chars"
                + " if this feed is legitimate";
    }
}
