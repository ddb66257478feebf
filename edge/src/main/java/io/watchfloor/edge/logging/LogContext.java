package io.watchfloor.edge.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.MDC;

/**
 * The MDC keys every service puts on per-record log lines, owned once, and a {@link Scope} that sets them for
 * one record's work. Closing a scope puts back what was there before, so nested scopes (a feed poll, then one
 * of its reports) and pooled threads never carry a previous record's id. The plain log pattern shows
 * {@code reportId} and {@code sourceId}; the JSON format ({@code WATCHFLOOR_LOG_FORMAT=json}) has every key.
 */
public final class LogContext {

    /** The report a line is about (the key of every report topic). */
    public static final String REPORT_ID = "reportId";
    /** The feed source a report or poll came from, where known. */
    public static final String SOURCE_ID = "sourceId";
    /** The alert subscription a match or webhook delivery is for. */
    public static final String SUBSCRIPTION_ID = "subscriptionId";
    /** The alert a webhook delivery carries (single-alert deliveries). */
    public static final String ALERT_ID = "alertId";

    private LogContext() {
    }

    /** A scope with {@code reportId} set (nothing when the id is null or blank). */
    public static Scope report(String reportId) {
        return new Scope().and(REPORT_ID, reportId);
    }

    /** A scope with {@code sourceId} set (nothing when the id is null or blank). */
    public static Scope source(String sourceId) {
        return new Scope().and(SOURCE_ID, sourceId);
    }

    /** An empty scope to add keys to with {@link Scope#and}. */
    public static Scope scope() {
        return new Scope();
    }

    /** MDC entries set for one piece of work; use in try-with-resources. Not shared between threads. */
    public static final class Scope implements AutoCloseable {
        private final Deque<String[]> previous = new ArrayDeque<>();

        private Scope() {
        }

        /** Sets {@code key} until this scope closes; a null or blank value leaves the MDC as it is. */
        public Scope and(String key, String value) {
            if (value == null || value.isBlank()) {
                return this;
            }
            previous.push(new String[] {key, MDC.get(key)});
            MDC.put(key, value);
            return this;
        }

        /** Restores every key this scope set to its value before (removing those that had none). */
        @Override
        public void close() {
            while (!previous.isEmpty()) {
                String[] entry = previous.pop();
                if (entry[1] == null) {
                    MDC.remove(entry[0]);
                } else {
                    MDC.put(entry[0], entry[1]);
                }
            }
        }
    }
}
