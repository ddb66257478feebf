package io.watchfloor.store.api;

import io.micronaut.serde.annotation.Serdeable;

/** The JSON body of every 4xx/5xx answer: a stable code and a message saying what to do. */
@Serdeable
public record ErrorResponse(String error, String message) {
}
