package io.watchfloor.ingest.feeds.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Body of {@code POST /sources}: the format is detected on the first fetch. */
@Serdeable
public record SourceRequest(@Nullable String name, @Nullable String url, @Nullable Integer intervalSeconds) {
}
