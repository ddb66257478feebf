package io.watchfloor.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./watchfloor reprocess ...}: runs enrich-service's {@code ReprocessCommand} (it needs the enricher and the
 * Avro mapping of enrich-service) as its own JVM from {@code enrich-service/target/classpath.txt}, pointed at this
 * stack's Kafka, registry (with its credentials) and store-service.
 */
final class ReprocessLauncher {
    static final String MAIN = "io.watchfloor.enrich.reprocess.ReprocessCommand";

    private ReprocessLauncher() {
    }

    /** The command line and environment; the output goes to {@code out}. Returns the exit code. */
    static int run(StackOptions options, List<String> args, PrintStream out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.add("-Xmx512m");
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.watchfloor.schemas.avro,java.lang,java.util,"
                + "org.apache.avro");
        // the service's logback.xml logs Kafka clients at INFO: the command keeps its output for the diff
        command.add("-Dlogback.configurationFile=logback-cli.xml");
        command.add("-cp");
        command.add(Classpaths.module(options.repoRoot(), "enrich-service"));
        command.add(MAIN);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment(options));
        Process process = builder.start();
        process.getOutputStream().close();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(new NonClosing(out));
        }
        return process.waitFor();
    }

    static Map<String, String> environment(StackOptions options) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", options.kafkaBootstrap(),
                "SCHEMA_REGISTRY_URL", options.registryUrl(),
                "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", options.registryCredentials(),
                "WATCHFLOOR_STORE_URL", options.storeUrl());
    }

    /** Writes through to a stream the caller keeps open. */
    private static final class NonClosing extends OutputStream {
        private final PrintStream out;

        NonClosing(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            out.flush();
        }
    }
}
