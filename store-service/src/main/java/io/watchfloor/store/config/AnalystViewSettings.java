package io.watchfloor.store.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.watchfloor.schemas.Topics;
import java.time.Duration;

/**
 * Settings of the analyst view and the TAXII server under {@code watchfloor.analyst}: the public URL TAXII
 * discovery names (else the request's Host), where ingest-service answers {@code GET /sources}, the dead-letter
 * topic summarised, and alert-service for the alerts pages: its URL (blank: the pages are off), the API key
 * store-service sends on the pages' writes (server-side only, never to the browser) and the bounded waits.
 */
@ConfigurationProperties("watchfloor.analyst")
public record AnalystViewSettings(
        @Nullable String publicUrl,
        @Bindable(defaultValue = "http://127.0.0.1:8080") String ingestUrl,
        @Bindable(defaultValue = "2s") Duration ingestTimeout,
        @Bindable(defaultValue = Topics.REPORTS_DLQ) String deadLetterTopic,
        @Nullable String alertsUrl,
        @Nullable String alertsApiKey,
        @Bindable(defaultValue = "5s") Duration alertsTimeout,
        @Bindable(defaultValue = "30s") Duration alertsPreviewTimeout) {
}
