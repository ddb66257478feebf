package io.watchfloor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.store.db.QueryPool;
import io.watchfloor.testsupport.PostgresExtension;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reads run on a pool of their own with a statement timeout: a slow read is cancelled by PostgreSQL and answered
 * 503 query_timeout, and reads holding every query connection do not stop the writer.
 */
@ExtendWith(PostgresExtension.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPoolIT implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Inject
    DataSource writes;

    @Inject
    QueryPool queries;

    @Inject
    TestStore store;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(TestStore.properties());
        p.put("watchfloor.store.queries.timeout", "700ms");
        p.put("watchfloor.store.queries.pool-size", "2");
        return p;
    }

    @Test
    void shouldCancelASlowStatementOnTheQueryPoolOnly() throws Exception {
        try (Connection c = queries.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertEquals("700ms", show(st));
            long start = System.nanoTime();
            SQLException cut = assertThrows(SQLException.class, () -> st.execute("SELECT pg_sleep(10)"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("57014", cut.getSQLState(), cut.getMessage());
            assertTrue(millis < 5000, "cancelled after " + millis + " ms");
        }
        try (Connection c = writes.getConnection(); Statement st = c.createStatement()) {
            assertEquals("0", show(st), "the consumer's writes have no statement timeout");
        }
    }

    @Test
    void shouldAnswer503QueryTimeoutWhenAReadRunsOverTheTimeout() throws Exception {
        store.write(List.of(TestReports.sample("slow-read-1")));
        // a writer holding an exclusive lock makes the read wait; the wait counts against statement_timeout
        try (Connection locker = writes.getConnection(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE reports IN ACCESS EXCLUSIVE MODE");
            HttpResponse<String> response = get("/reports/slow-read-1");
            assertEquals(503, response.statusCode(), response.body());
            assertEquals("5", response.headers().firstValue("Retry-After").orElse(""));
            JsonNode body = JSON.readTree(response.body());
            assertEquals("query_timeout", body.get("error").asText(), response.body());
            assertTrue(body.get("message").asText().contains("STORE_QUERY_TIMEOUT"), response.body());
            assertTrue(body.get("message").asText().contains("Narrow it"), response.body());
            locker.rollback();
        }
        HttpResponse<String> after = get("/reports/slow-read-1");
        assertEquals(200, after.statusCode(), after.body());
        assertEquals("slow-read-1", JSON.readTree(after.body()).get("id").asText());
    }

    @Test
    void shouldKeepWritingWhileReadsHoldEveryQueryConnection() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            held.add(queries.dataSource().getConnection());
            held.add(queries.dataSource().getConnection());
            // the query pool is exhausted: the writer's own pool still takes the batch
            store.write(List.of(TestReports.sample("written-while-busy")));
            HttpResponse<String> busy = get("/reports/written-while-busy");
            assertEquals(503, busy.statusCode(), busy.body());
            assertEquals("database_unavailable", JSON.readTree(busy.body()).get("error").asText(), busy.body());
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        HttpResponse<String> read = get("/reports/written-while-busy");
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("written-while-busy", JSON.readTree(read.body()).get("id").asText());
    }

    private static String show(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
