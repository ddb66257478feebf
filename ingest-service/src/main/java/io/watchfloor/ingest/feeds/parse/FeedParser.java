package io.watchfloor.ingest.feeds.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdom2.Document;

/**
 * Reads RSS 0.9x/1.0/2.0 and Atom 1.0 (Rome on a hardened XML parser) and JSON Feed 1.0/1.1 (Jackson), detecting
 * the format from the bytes. Output items are sanitised and capped by {@link ParserLimits}.
 */
public final class FeedParser {

    private final ParserLimits limits;
    private final ObjectMapper json;

    public FeedParser(ParserLimits limits) {
        this.limits = limits;
        // Jackson's own constraints are the backstop; scanJson() applies the same bounds first, with our messages.
        // The document's length is bounded before parsing, by the fetcher's max-decompressed-bytes.
        long maxChars = Math.min(Integer.MAX_VALUE, limits.maxTextChars());
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 1)
                        .maxStringLength((int) Math.min(16_000_000, maxChars + 1))
                        .maxNumberLength(100)
                        .build())
                .build();
        this.json = new ObjectMapper(factory);
    }

    public FeedParser() {
        this(ParserLimits.defaults());
    }

    /** Parses a fetched body; {@code contentType} is the HTTP Content-Type header (may be null). */
    public ParsedFeed parse(byte[] body, String contentType) throws FeedParseException {
        String text = FeedText.decode(body, contentType);
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            throw new FeedParseException(FeedParseException.Reason.EMPTY, "the response body is empty", null);
        }
        char first = trimmed.charAt(0);
        if (first == '{') {
            return parseJsonFeed(trimmed);
        }
        if (first == '<') {
            return parseXml(trimmed);
        }
        throw new FeedParseException(FeedParseException.Reason.UNKNOWN_FORMAT,
                "body is neither XML nor JSON (Content-Type " + contentType + "); check the feed URL", null);
    }

    private ParsedFeed parseXml(String text) throws FeedParseException {
        HardenedXml.Bounded bounded = HardenedXml.parse(text, limits);
        Document document = bounded.document();
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setPreserveWireFeed(true);
            feed = input.build(document);
        } catch (IllegalArgumentException e) {
            throw new FeedParseException(FeedParseException.Reason.UNKNOWN_FORMAT,
                    "XML is not RSS or Atom (root element <" + document.getRootElement().getName() + ">)", e);
        } catch (FeedException | RuntimeException e) {
            throw new FeedParseException(FeedParseException.Reason.MALFORMED, "invalid feed: " + e.getMessage(), e);
        }
        String type = feed.getFeedType() == null ? "unknown" : feed.getFeedType();
        FeedFormat format = type.startsWith("atom") ? FeedFormat.ATOM : FeedFormat.RSS;
        List<String> warnings = new ArrayList<>();
        List<FeedItem> items = new ArrayList<>();
        List<SyndEntry> entries = feed.getEntries();
        int found = Math.max(entries.size(), bounded.itemsFound());
        if (found > limits.maxItems()) {
            warnings.add("feed has " + found + " items; only the first " + limits.maxItems() + " were read");
        }
        for (SyndEntry entry : entries.subList(0, Math.min(entries.size(), limits.maxItems()))) {
            items.add(toItem(entry));
        }
        String next = null;
        for (SyndLink link : feed.getLinks() == null ? List.<SyndLink>of() : feed.getLinks()) {
            if ("next".equalsIgnoreCase(link.getRel())) {
                next = FeedText.cap(link.getHref(), limits.maxShortFieldChars() * 4);
            }
        }
        return new ParsedFeed(format, type, FeedText.cap(feed.getTitle(), limits.maxTitleChars()), next, items,
                warnings);
    }

    private FeedItem toItem(SyndEntry entry) {
        Flag truncated = new Flag();
        String guid = null;
        Object wire = entry.getWireEntry();
        if (wire instanceof Item item && item.getGuid() != null) {
            guid = item.getGuid().getValue();
        } else if (wire instanceof Entry atom) {
            guid = atom.getId();
        }
        String summary = entry.getDescription() == null ? null : entry.getDescription().getValue();
        StringBuilder content = new StringBuilder();
        for (SyndContent c : entry.getContents()) {
            if (c.getValue() != null) {
                content.append(c.getValue());
            }
        }
        Set<String> authors = new LinkedHashSet<>();
        if (entry.getAuthor() != null && !entry.getAuthor().isBlank()) {
            authors.add(entry.getAuthor());
        }
        for (SyndPerson person : entry.getAuthors()) {
            if (person.getName() != null) {
                authors.add(person.getName());
            }
        }
        List<String> categories = new ArrayList<>();
        for (SyndCategory category : entry.getCategories()) {
            if (category.getName() != null) {
                categories.add(category.getName());
            }
        }
        return new FeedItem(
                blankToNull(capField(guid, limits.maxShortFieldChars() * 4, truncated)),
                blankToNull(capField(entry.getLink(), limits.maxShortFieldChars() * 4, truncated)),
                capField(entry.getTitle(), limits.maxTitleChars(), truncated),
                capField(summary, limits.maxSummaryChars(), truncated),
                blankToNull(capField(content.toString(), limits.maxContentChars(), truncated)),
                instant(entry.getPublishedDate()),
                instant(entry.getUpdatedDate()),
                capList(authors, truncated),
                capList(categories, truncated),
                truncated.set);
    }

    private ParsedFeed parseJsonFeed(String text) throws FeedParseException {
        scanJson(text);
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new FeedParseException(FeedParseException.Reason.LIMIT_EXCEEDED, e.getOriginalMessage()
                    + "; raise watchfloor.feeds.max-depth or max-text-chars if this feed is legitimate", e);
        } catch (JsonProcessingException e) {
            throw new FeedParseException(FeedParseException.Reason.MALFORMED,
                    "not valid JSON: " + e.getOriginalMessage(), e);
        }
        String version = root.path("version").asText("");
        List<String> warnings = new ArrayList<>();
        if (!version.startsWith("https://jsonfeed.org/version/")) {
            if (!root.path("items").isArray()) {
                throw new FeedParseException(FeedParseException.Reason.UNKNOWN_FORMAT,
                        "JSON document is not a JSON Feed (no jsonfeed.org version, no items array)", null);
            }
            warnings.add("JSON Feed without a jsonfeed.org version; read as 1.1");
        }
        String label = "jsonfeed_" + (version.endsWith("/1") ? "1.0" : "1.1");
        JsonNode items = root.path("items");
        List<FeedItem> out = new ArrayList<>();
        if (items.size() > limits.maxItems()) {
            warnings.add("feed has " + items.size() + " items; only the first " + limits.maxItems() + " were read");
        }
        int count = 0;
        for (JsonNode item : items) {
            if (count++ >= limits.maxItems()) {
                break;
            }
            if (!item.isObject()) {
                warnings.add("skipped a non-object entry in items");
                continue;
            }
            out.add(toItem(item, warnings));
        }
        String next = blankToNull(FeedText.cap(textOf(root, "next_url"), limits.maxShortFieldChars() * 4));
        return new ParsedFeed(FeedFormat.JSON_FEED, label, FeedText.cap(textOf(root, "title"), limits.maxTitleChars()),
                next, out, warnings);
    }

    /**
     * Streams over the document once, building nothing, and refuses it before a tree is built when it holds
     * more values than {@code maxElements}, nests deeper than {@code maxDepth} or holds more than
     * {@code maxTextChars} characters of strings and names.
     */
    private void scanJson(String text) throws FeedParseException {
        long values = 0;
        long chars = 0;
        int depth = 0;
        try (JsonParser p = json.getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (++depth > limits.maxDepth()) {
                        throw new FeedParseException(FeedParseException.Reason.LIMIT_EXCEEDED, limits.tooDeep(),
                                null);
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    continue;
                } else if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
                    chars += p.getTextLength();
                    if (chars > limits.maxTextChars()) {
                        throw new FeedParseException(FeedParseException.Reason.LIMIT_EXCEEDED, limits.tooMuchText(),
                                null);
                    }
                    if (t == JsonToken.FIELD_NAME) {
                        continue;
                    }
                }
                if (++values > limits.maxElements()) {
                    throw new FeedParseException(FeedParseException.Reason.LIMIT_EXCEEDED,
                            limits.tooManyElements(), null);
                }
            }
        } catch (StreamConstraintsException e) {
            throw new FeedParseException(FeedParseException.Reason.LIMIT_EXCEEDED, e.getOriginalMessage()
                    + "; raise watchfloor.feeds.max-depth or max-text-chars if this feed is legitimate", e);
        } catch (JsonProcessingException e) {
            throw new FeedParseException(FeedParseException.Reason.MALFORMED,
                    "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FeedParseException(FeedParseException.Reason.MALFORMED, "unreadable JSON: " + e.getMessage(),
                    e);
        }
    }

    private FeedItem toItem(JsonNode item, List<String> warnings) {
        Flag truncated = new Flag();
        String html = textOf(item, "content_html");
        String plain = textOf(item, "content_text");
        String content = html != null ? html : (plain == null ? null : escapeHtml(plain));
        Set<String> authors = new LinkedHashSet<>();
        for (JsonNode a : item.path("authors")) {
            if (a.hasNonNull("name")) {
                authors.add(a.get("name").asText());
            }
        }
        if (item.path("author").hasNonNull("name")) {
            authors.add(item.path("author").get("name").asText());
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode t : item.path("tags")) {
            if (t.isTextual()) {
                tags.add(t.asText());
            }
        }
        String url = textOf(item, "url");
        if (url == null) {
            url = textOf(item, "external_url");
        }
        return new FeedItem(
                blankToNull(capField(textOf(item, "id"), limits.maxShortFieldChars() * 4, truncated)),
                blankToNull(capField(url, limits.maxShortFieldChars() * 4, truncated)),
                capField(textOf(item, "title"), limits.maxTitleChars(), truncated),
                capField(textOf(item, "summary"), limits.maxSummaryChars(), truncated),
                blankToNull(capField(content, limits.maxContentChars(), truncated)),
                jsonDate(textOf(item, "date_published"), warnings),
                jsonDate(textOf(item, "date_modified"), warnings),
                capList(authors, truncated),
                capList(tags, truncated),
                truncated.set);
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.asText();
    }

    private static Instant jsonDate(String value, List<String> warnings) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            warnings.add("unparseable date '" + FeedText.cap(value, 60) + "' ignored");
            return null;
        }
    }

    private String capField(String value, int max, Flag truncated) {
        String cleaned = FeedText.clean(value);
        if (cleaned != null && cleaned.length() > max) {
            truncated.set = true;
            return FeedText.cap(cleaned, max);
        }
        return cleaned;
    }

    private List<String> capList(Iterable<String> values, Flag truncated) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (out.size() >= limits.maxListEntries()) {
                truncated.set = true;
                break;
            }
            String c = capField(v == null ? null : v.trim(), limits.maxShortFieldChars(), truncated);
            if (c != null && !c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String escapeHtml(String plain) {
        return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Mutable flag shared by the field cappers of one item. */
    private static final class Flag {
        private boolean set;
    }
}
