package io.watchfloor.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filter's decisions for a service with read keys, with and without write keys of its own. */
class ApiKeyFilterTest {
    private static final String READ = "read-key-0001";
    private static final String WRITE = "write-key-0001";

    private static MutableHttpRequest<?> basic(MutableHttpRequest<?> request, String key) {
        return request.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                .encodeToString(("analyst:" + key).getBytes(StandardCharsets.UTF_8)));
    }

    private static Integer status(ApiKeyFilter filter, MutableHttpRequest<?> request) {
        HttpResponse<?> response = filter.check(request);
        return response == null ? null : response.getStatus().getCode();
    }

    @Test
    void shouldKeepTheAnalystViewFormsToWriteKeysWhenTheServiceHasWriteKeysToo() {
        ApiKeyFilter filter = new ApiKeyFilter(new SecuritySettings(List.of(WRITE), null, List.of(READ)));

        assertNull(status(filter, basic(HttpRequest.GET("/ui/"), READ)), "a read key reads");
        assertEquals(403, status(filter, basic(HttpRequest.POST("/ui/alerts/subscriptions", "x"), READ)),
                "a read key must not write through the forms");
        assertNull(status(filter, basic(HttpRequest.POST("/ui/alerts/subscriptions", "x"), WRITE)),
                "a write key, given as the browser's password, writes");
        assertEquals(401, status(filter, HttpRequest.POST("/ui/alerts/subscriptions", "x")));
    }

    @Test
    void shouldLetAReadKeyPostTheFormsOfAServiceWithoutWriteKeys() {
        ApiKeyFilter filter = new ApiKeyFilter(new SecuritySettings(null, null, List.of(READ)));

        assertNull(status(filter, basic(HttpRequest.POST("/ui/alerts/subscriptions", "x"), READ)));
        assertEquals(401, status(filter, HttpRequest.POST("/ui/alerts/subscriptions", "x")));
        assertEquals(401, status(filter, HttpRequest.GET("/reports")));
        assertNull(status(filter, HttpRequest.GET("/health")));
    }
}
