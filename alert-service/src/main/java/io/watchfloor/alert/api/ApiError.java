package io.watchfloor.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Every error body: what went wrong, and for invalid input each field with its message. */
@Serdeable
public record ApiError(String error, String message, @Nullable List<FieldMessage> errors) {

    /** 503 with {@code Retry-After: 5}: a dependency ({@code error} names it) did not answer; try again. */
    public static HttpResponse<ApiError> unavailable(String error, String message) {
        return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(new ApiError(error, message, null));
    }

    /** One invalid field, named by its path ({@code filter.groups[1]}). */
    @Serdeable
    public record FieldMessage(String field, String message) {
    }
}
