package io.watchfloor.alert.domain.delivery;

import java.time.Duration;

/**
 * What one webhook request came back with: the HTTP status (0 when no response came, {@code error} then says
 * why), how long it took, the server's Retry-After header if any, and the start of the response body.
 */
public record SendResult(int status, Duration latency, Throwable error, String retryAfter, String bodySnippet) {

    public static SendResult response(int status, Duration latency, String retryAfter, String bodySnippet) {
        return new SendResult(status, latency, null, retryAfter, bodySnippet);
    }

    public static SendResult failure(Throwable error, Duration latency) {
        return new SendResult(0, latency, error, null, null);
    }

    /** A one-line description for logs, the attempts topic and dead-letter headers. */
    public String describe() {
        if (error != null) {
            String message = error.getMessage();
            return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        }
        String body = bodySnippet == null || bodySnippet.isBlank() ? "" : ": " + bodySnippet.strip();
        return "HTTP " + status + body;
    }
}
