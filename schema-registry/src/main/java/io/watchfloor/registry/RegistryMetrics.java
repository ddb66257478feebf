package io.watchfloor.registry;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The registry's meters in Micrometer's Prometheus registry, served at {@code /prometheus}:
 * {@code watchfloor_registry_requests_total{method,status}}, {@code watchfloor_registry_request_seconds},
 * {@code watchfloor_registry_subjects} and the JVM meters.
 */
final class RegistryMetrics implements AutoCloseable {
    static final String PATH = "/prometheus";
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    RegistryMetrics(SchemaRegistry registry) {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        gc.bindTo(meters);
        Gauge.builder("watchfloor.registry.subjects", registry, r -> r.subjects(false).size())
                .description("Subjects registered (not deleted)").register(meters);
    }

    /** Counts and times every registry request by method and response status. */
    Filter requestFilter() {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                long start = System.nanoTime();
                try {
                    chain.doFilter(exchange);
                } finally {
                    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
                    String status = Integer.toString(exchange.getResponseCode());
                    Counter.builder("watchfloor.registry.requests").tag("method", method).tag("status", status)
                            .description("Registry REST requests by method and status").register(meters)
                            .increment();
                    Timer.builder("watchfloor.registry.request").tag("method", method)
                            .description("Registry REST request latency").register(meters)
                            .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }

            @Override
            public String description() {
                return "watchfloor registry request meters";
            }
        };
    }

    /** {@code GET /prometheus}: the Prometheus text format. */
    HttpHandler scrapeHandler() {
        return exchange -> {
            try (exchange) {
                if (!"GET".equalsIgnoreCase(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        };
    }

    String scrape() {
        return meters.scrape();
    }

    @Override
    public void close() {
        gc.close();
        meters.close();
    }
}
