package io.watchfloor.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Minimal HTTP helper for probes and the demo (JDK client, HTTP/1.1, loopback only). */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private Http() {
    }

    /** A response status and body. */
    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    static Response get(String url, Duration timeout) throws IOException, InterruptedException {
        return get(url, timeout, null);
    }

    /** GETs with HTTP basic auth from {@code userInfo} ({@code user:password}) unless it is null. */
    static Response get(String url, Duration timeout, String userInfo) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json").GET();
        if (userInfo != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** GETs plain text (Prometheus' format), without asking for JSON. */
    static Response getText(String url, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "text/plain").GET().build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** Header that carries the API key for ingest's write endpoints. */
    static final String API_KEY_HEADER = "X-API-Key";

    static Response postJson(String url, String json, Duration timeout) throws IOException, InterruptedException {
        return postJson(url, json, timeout, null);
    }

    /** POSTs JSON; sends {@code apiKey} as {@code X-API-Key} unless it is null. */
    static Response postJson(String url, String json, Duration timeout, String apiKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            builder.header(API_KEY_HEADER, apiKey);
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** GET that never throws: a connection failure is status 0 with the error as body. */
    static Response probe(String url) throws InterruptedException {
        return probe(url, null);
    }

    /** As {@link #probe(String)}, sending {@code apiKey} as {@code X-API-Key} unless it is null. */
    static Response probeWithKey(String url, String apiKey) throws InterruptedException {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                    .header("Accept", "application/json").GET();
            if (apiKey != null) {
                builder.header(API_KEY_HEADER, apiKey);
            }
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(0, String.valueOf(e.getMessage()));
        }
    }

    /** As {@link #probe(String)}, with basic auth from {@code userInfo} unless it is null. */
    static Response probe(String url, String userInfo) throws InterruptedException {
        try {
            return get(url, Duration.ofSeconds(3), userInfo);
        } catch (IOException e) {
            return new Response(0, String.valueOf(e.getMessage()));
        }
    }
}
