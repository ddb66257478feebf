package io.watchfloor.store.domain.alerts;

/** One invalid field as alert-service names it ({@code filter.groups[1]}, {@code webhook.secret}) and why. */
public record FieldProblem(String field, String message) {
}
