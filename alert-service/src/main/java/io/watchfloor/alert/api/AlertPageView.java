package io.watchfloor.alert.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * A page of {@code GET /alerts}: each item is the webhook body ({@code type}, {@code timestamp}, {@code data})
 * with its position as {@code id}; {@code next} goes in {@code after=} for the following page. An
 * empty page still has {@code items: []}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertPageView(List<Map<String, Object>> items, @Nullable String next, boolean more) {
}
