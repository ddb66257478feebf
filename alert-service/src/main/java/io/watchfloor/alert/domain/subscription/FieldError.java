package io.watchfloor.alert.domain.subscription;

/**
 * One validation problem: the field path ({@code filter.groups[1]}, {@code webhook.secret}) and what is
 * wrong.
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
