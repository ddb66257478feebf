package io.watchfloor.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.watchfloor.ingest.intake.PublishResult;
import java.util.List;

/**
 * Body of a 202: the report id and {@code "accepted"}, sent only after the broker acknowledged, and any warnings
 * about what was kept (left out when there are none).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AcceptedResponse(String id, String status, List<String> warnings) {
    public static AcceptedResponse of(String id) {
        return new AcceptedResponse(id, "accepted", List.of());
    }

    public static AcceptedResponse of(PublishResult result) {
        return new AcceptedResponse(result.id(), "accepted", result.warnings());
    }
}
