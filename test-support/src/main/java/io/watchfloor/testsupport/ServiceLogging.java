package io.watchfloor.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Starts a service's own {@code logback.xml} in a fresh logback context with {@code WATCHFLOOR_LOG_FORMAT} set
 * as the service would see it, logs one line with the given MDC and returns what reached standard output.
 * The context is private to the call: the test JVM's logging stays as it was.
 */
public final class ServiceLogging {

    private ServiceLogging() {
    }

    /** What one configured service logger wrote to stdout, and the configuration's warnings and errors. */
    public record Output(List<String> lines, List<String> problems) {
    }

    /** The module's main logback.xml (Maven runs tests in the module directory). */
    public static Path mainLogbackXml() {
        Path file = Path.of("src/main/resources/logback.xml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " is missing: every service configures its "
                    + "logging there (include io/watchfloor/logging/logback-appenders.xml)");
        }
        return file;
    }

    /**
     * Configures {@code logbackXml} with {@code WATCHFLOOR_LOG_FORMAT=format} (null: unset), logs {@code message}
     * at WARN from logger {@code loggerName} with {@code mdc} set (then cleared), and returns the lines of stdout
     * naming that logger (give it a unique name of at most 36 characters: the plain pattern shortens longer ones).
     */
    public static Output logOneLine(Path logbackXml, String format, String loggerName, Map<String, String> mdc,
                                    String message) {
        LoggerContext context = new LoggerContext();
        context.setName("service-logging-test");
        context.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            context.putProperty("WATCHFLOOR_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try {
            configurator.doConfigure(logbackXml.toFile());
            Logger logger = context.getLogger(loggerName);
            synchronized (ServiceLogging.class) {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                mdc.forEach(MDC::put);
                try {
                    logger.warn(message);
                } finally {
                    mdc.keySet().forEach(MDC::remove);
                    System.out.flush();
                    System.setOut(stdout);
                }
            }
        } catch (JoranException e) {
            throw new IllegalStateException("logback could not read " + logbackXml + ": " + e.getMessage(), e);
        } finally {
            context.stop();
        }
        List<String> problems = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getEffectiveLevel() >= Status.WARN)
                .map(Status::toString)
                .toList();
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(loggerName))
                .toList();
        return new Output(lines, problems);
    }
}
