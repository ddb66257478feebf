package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * Feed polling settings under {@code watchfloor.feeds}. {@code allowlist} holds hosts or host:port pairs that
 * may be fetched even though they resolve to loopback/private addresses (the local demo and tests need it).
 */
@ConfigurationProperties("watchfloor.feeds")
public record FeedsProperties(
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable List<String> allowlist,
        @Nullable String sourcesFile,
        @Bindable(defaultValue = "60") int minIntervalSeconds,
        @Bindable(defaultValue = "4") int workerThreads,
        @Bindable(defaultValue = "1s") Duration hostMinDelay,
        @Bindable(defaultValue = "1h") Duration maxBackoff,
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "30s") Duration totalTimeout,
        @Bindable(defaultValue = "10485760") long maxBodyBytes,
        @Bindable(defaultValue = "20971520") long maxDecompressedBytes,
        @Bindable(defaultValue = "5") int maxRedirects,
        @Bindable(defaultValue = "5") int maxPages,
        @Bindable(defaultValue = "true") boolean fullArticle,
        @Bindable(defaultValue = "true") boolean detectLanguage,
        @Bindable(defaultValue = "1000") int cursorCapacity,
        @Bindable(defaultValue = "200000") int dedupCapacity,
        @Bindable(defaultValue = "30s") Duration publishTimeout,
        @Bindable(defaultValue = "3") int failingAfter,
        @Bindable(defaultValue = "200000") int maxElements,
        @Bindable(defaultValue = "64") int maxDepth,
        @Nullable Long maxTextChars,
        @Bindable(defaultValue = "60s") Duration pollBudget,
        @Bindable(defaultValue = "4") int articleThreads) {

    public static final String DEFAULT_SOURCES_FILE = ".watchfloor/sources.json";

    public FeedsProperties {
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
    }

    /** Characters of text one document may hold: this setting, else {@code max-decompressed-bytes}. */
    public long resolvedMaxTextChars() {
        return maxTextChars != null && maxTextChars > 0 ? maxTextChars : maxDecompressedBytes;
    }

    /** The sources file: this setting, else env WATCHFLOOR_SOURCES_FILE, else .watchfloor/sources.json. */
    public String resolvedSourcesFile() {
        if (sourcesFile != null && !sourcesFile.isBlank()) {
            return sourcesFile;
        }
        String env = System.getenv("WATCHFLOOR_SOURCES_FILE");
        return env != null && !env.isBlank() ? env : DEFAULT_SOURCES_FILE;
    }
}
