package io.watchfloor.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what one logger (and its children) logs while open, with each event's MDC, from the test JVM's
 * logback context. Use in try-with-resources around the code under test; needs logback as the SLF4J provider.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(Logger logger) {
        this.logger = logger;
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing the logger named after {@code type}. */
    public static CapturedLogs of(Class<?> type) {
        org.slf4j.Logger slf4j = LoggerFactory.getLogger(type);
        if (!(slf4j instanceof Logger logback)) {
            throw new IllegalStateException("logback is not the SLF4J provider of this test classpath ("
                    + slf4j.getClass().getName() + "); CapturedLogs needs logback-classic on it and no other provider");
        }
        return new CapturedLogs(logback);
    }

    /** The events logged so far, oldest first. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The events whose formatted message contains {@code text}. */
    public List<ILoggingEvent> containing(String text) {
        return events().stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
