package io.watchfloor.ingest.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a {@link Submission} into a validated, normalised {@link Report}: cleans text (HTML reduced to
 * structured text), caps sizes, canonicalises the URL and assigns the deterministic id. Throws
 * {@link InvalidSubmissionException} naming the field when the submission cannot be accepted.
 */
public final class ReportFactory {
    /** Attribute set when the text was cut at the limit; its value is the original length in chars. */
    public static final String TRUNCATED_ATTRIBUTE = "watchfloor.truncatedFromChars";
    public static final String DEFAULT_SOURCE_KIND = "http";
    public static final String DEFAULT_SOURCE_NAME = "api";

    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final Pattern LANGUAGE = Pattern.compile("([A-Za-z]{2,3})([-_][A-Za-z0-9]{1,8})*");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/"
            + "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final int MAX_NAME_CHARS = 200;
    private static final int MAX_ITEM_ID_CHARS = 1024;
    private static final int MAX_ATTRIBUTE_KEY_CHARS = 128;
    private static final int MAX_ATTRIBUTE_VALUE_CHARS = 4096;

    private final ReportLimits limits;
    private final Clock clock;

    public ReportFactory(ReportLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public ReportFactory() {
        this(ReportLimits.DEFAULTS, Clock.systemUTC());
    }

    public ReportLimits limits() {
        return limits;
    }

    public Report create(Submission submission) {
        if (submission == null) {
            throw new InvalidSubmissionException(null, "The report is empty",
                    "Send a JSON object with at least a non-blank \"text\" or \"html\" field");
        }
        String title = TextCleaner.cleanLine(submission.title());
        String text = TextCleaner.cleanText(submission.text());
        String contentType;
        if (!text.isEmpty()) {
            contentType = "text/plain";
        } else if (submission.html() != null && !submission.html().isBlank()) {
            HtmlText.Extracted extracted = HtmlText.extract(TextCleaner.cap(submission.html(),
                    limits.maxHtmlChars()));
            text = TextCleaner.cleanText(extracted.text());
            if (title.isEmpty()) {
                title = TextCleaner.cleanLine(extracted.title());
            }
            if (text.isEmpty()) {
                throw new InvalidSubmissionException("html", "The HTML contains no readable text",
                        "Send the article body (paragraphs), or send plain text in \"text\"");
            }
            contentType = "text/html";
        } else {
            throw new InvalidSubmissionException("text", "\"text\" is missing or blank (and no \"html\" given)",
                    "Send the report body as a non-blank \"text\" string, or as HTML in \"html\"");
        }
        if (submission.contentType() != null && !submission.contentType().isBlank()) {
            contentType = mediaType(submission.contentType());
        }

        Map<String, String> attributes = attributes(submission.attributes());
        String capped = TextCleaner.capUtf8(TextCleaner.cap(text, limits.maxTextChars()), limits.maxTextBytes());
        if (capped.length() < text.length()) {
            attributes.put(TRUNCATED_ATTRIBUTE, Integer.toString(text.length()));
            text = capped;
        }
        title = TextCleaner.cap(title, limits.maxTitleChars());

        String canonicalUrl = null;
        if (submission.url() != null && !submission.url().isBlank()) {
            try {
                canonicalUrl = UrlCanonicalizer.canonicalize(submission.url());
            } catch (IllegalArgumentException e) {
                throw new InvalidSubmissionException("url", e.getMessage(),
                        "Give the article's absolute http(s) URL, or leave \"url\" out");
            }
        }
        String contentHash = ReportIds.contentHash(title, text);
        String id = canonicalUrl != null ? ReportIds.fromUrl(canonicalUrl) : ReportIds.fromContent(title, text);

        return new Report(id, source(submission), canonicalUrl, title.isEmpty() ? null : title, text,
                contentType, language(submission.language()), publishedAt(submission.publishedAt()),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), contentHash, attributes, 1, null);
    }

    private ReportSource source(Submission submission) {
        String kind = submission.sourceKind() == null || submission.sourceKind().isBlank()
                ? DEFAULT_SOURCE_KIND : submission.sourceKind().strip().toLowerCase(Locale.ROOT);
        if (!KIND.matcher(kind).matches()) {
            throw new InvalidSubmissionException("source.kind", "Source kind \"" + TextCleaner.cleanLine(
                    TextCleaner.cap(kind, 40)) + "\" is not a short lower-case token",
                    "Use a kind such as http, rss, atom, json-feed, stix, misp, file or demo");
        }
        String name = TextCleaner.cap(TextCleaner.cleanLine(submission.sourceName()), MAX_NAME_CHARS);
        String url = null;
        if (submission.sourceUrl() != null && !submission.sourceUrl().isBlank()) {
            try {
                UrlCanonicalizer.canonicalize(submission.sourceUrl());
            } catch (IllegalArgumentException e) {
                throw new InvalidSubmissionException("source.url", e.getMessage(),
                        "Give the source's absolute http(s) URL, or leave it out");
            }
            url = submission.sourceUrl().strip();
        }
        String itemId = TextCleaner.cap(TextCleaner.cleanLine(submission.itemId()), MAX_ITEM_ID_CHARS);
        return new ReportSource(kind, name.isEmpty() ? DEFAULT_SOURCE_NAME : name, url,
                itemId.isEmpty() ? null : itemId);
    }

    private static String language(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        var m = LANGUAGE.matcher(raw.strip());
        if (!m.matches()) {
            throw new InvalidSubmissionException("language", "\"language\" is not a language code",
                    "Use an ISO 639-1 code such as \"en\" or \"fr\" (a region such as \"en-GB\" is accepted "
                            + "and reduced to \"en\"), or leave it out");
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    private static Instant publishedAt(Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw new InvalidSubmissionException("publishedAt", "\"publishedAt\" is outside years 1-9999",
                    "Send an ISO-8601 instant such as 2024-05-01T12:00:00Z, or leave it out");
        }
        return value == null ? null : value.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String mediaType(String raw) {
        String type = raw.strip().toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        type = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip();
        if (!MEDIA_TYPE.matcher(type).matches()) {
            throw new InvalidSubmissionException("contentType", "\"contentType\" is not a media type",
                    "Use a media type such as text/html or text/plain, or leave it out");
        }
        return type;
    }

    /** Each line cleaned, blank lines dropped: a list value (one name per line) keeps its lines. */
    private static String cleanLines(String value) {
        StringBuilder out = new StringBuilder();
        for (String line : value.split("\\R")) {
            String clean = TextCleaner.cleanLine(line);
            if (!clean.isEmpty()) {
                out.append(out.isEmpty() ? "" : "\n").append(clean);
            }
        }
        return out.toString();
    }

    private Map<String, String> attributes(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.size() > limits.maxAttributes()) {
            throw new InvalidSubmissionException("attributes", "Too many attributes: " + raw.size(),
                    "Send at most " + limits.maxAttributes() + " attributes");
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = TextCleaner.cleanLine(e.getKey());
            if (key.isEmpty() || key.length() > MAX_ATTRIBUTE_KEY_CHARS) {
                throw new InvalidSubmissionException("attributes", "Attribute names must be 1-"
                        + MAX_ATTRIBUTE_KEY_CHARS + " characters", "Shorten or remove the attribute");
            }
            if (e.getValue() != null) {
                out.put(key, TextCleaner.cap(cleanLines(e.getValue()), MAX_ATTRIBUTE_VALUE_CHARS));
            }
        }
        return out;
    }
}
