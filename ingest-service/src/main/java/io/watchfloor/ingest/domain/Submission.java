package io.watchfloor.ingest.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A report as a client or a feed hands it in, before validation and normalisation. Every field may be
 * null; {@link ReportFactory} decides what is required. Give {@code text} or {@code html} (text wins).
 */
public record Submission(
        String title,
        String text,
        String html,
        String url,
        String sourceKind,
        String sourceName,
        String sourceUrl,
        String itemId,
        Instant publishedAt,
        String language,
        String contentType,
        Map<String, String> attributes) {

    public Submission {
        attributes = attributes == null ? Map.of() : attributes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder, handy for feed items where most fields are optional. */
    public static final class Builder {
        private String title;
        private String text;
        private String html;
        private String url;
        private String sourceKind;
        private String sourceName;
        private String sourceUrl;
        private String itemId;
        private Instant publishedAt;
        private String language;
        private String contentType;
        private Map<String, String> attributes;

        public Builder title(String value) {
            this.title = value;
            return this;
        }

        public Builder text(String value) {
            this.text = value;
            return this;
        }

        public Builder html(String value) {
            this.html = value;
            return this;
        }

        public Builder url(String value) {
            this.url = value;
            return this;
        }

        public Builder source(String kind, String name, String sourceUrlValue) {
            this.sourceKind = kind;
            this.sourceName = name;
            this.sourceUrl = sourceUrlValue;
            return this;
        }

        public Builder itemId(String value) {
            this.itemId = value;
            return this;
        }

        public Builder publishedAt(Instant value) {
            this.publishedAt = value;
            return this;
        }

        public Builder language(String value) {
            this.language = value;
            return this;
        }

        public Builder contentType(String value) {
            this.contentType = value;
            return this;
        }

        public Builder attributes(Map<String, String> value) {
            this.attributes = value;
            return this;
        }

        public Submission build() {
            return new Submission(title, text, html, url, sourceKind, sourceName, sourceUrl, itemId,
                    publishedAt, language, contentType, attributes);
        }
    }
}
