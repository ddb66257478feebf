package io.watchfloor.ingest.api;

import io.micronaut.serde.annotation.Serdeable;

/** Body of a 202: the report id and {@code "accepted"}, sent only after the broker acknowledged. */
@Serdeable
public record AcceptedResponse(String id, String status) {
    public static AcceptedResponse of(String id) {
        return new AcceptedResponse(id, "accepted");
    }
}
