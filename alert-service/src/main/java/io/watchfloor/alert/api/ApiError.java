package io.watchfloor.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Every error body: what went wrong, and for invalid input each field with its message. */
@Serdeable
public record ApiError(String error, String message, @Nullable List<FieldMessage> errors) {

    /** One invalid field, named by its path ({@code filter.groups[1]}). */
    @Serdeable
    public record FieldMessage(String field, String message) {
    }
}
