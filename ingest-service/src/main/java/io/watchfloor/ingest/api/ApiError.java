package io.watchfloor.ingest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Every error body: what went wrong, the request field at fault (if any), and what to do next. */
@Serdeable
public record ApiError(String error, @Nullable String field, String hint) {
}
