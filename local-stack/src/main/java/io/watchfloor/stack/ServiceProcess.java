package io.watchfloor.stack;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Watchfloor JVM child (a service or the registry) with the URL that says it is ready.
 * Services are started from {@code <module>/target/classes} and {@code target/classpath.txt}.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final String readyUrl;
    private final ManagedProcess process;

    private ServiceProcess(String name, String readyUrl, ManagedProcess process) {
        this.name = name;
        this.readyUrl = readyUrl;
        this.process = process;
    }

    /** The three pipeline services, in start order. */
    enum Service {
        INGEST("ingest-service", "io.watchfloor.ingest.Application", "INGEST_PORT"),
        ENRICH("enrich-service", "io.watchfloor.enrich.Application", "ENRICH_PORT"),
        STORE("store-service", "io.watchfloor.store.Application", "STORE_PORT");

        final String module;
        final String mainClass;
        final String portVariable;

        Service(String module, String mainClass, String portVariable) {
            this.module = module;
            this.mainClass = mainClass;
            this.portVariable = portVariable;
        }

        int port(StackOptions options) {
            return switch (this) {
                case INGEST -> options.ingestPort();
                case ENRICH -> options.enrichPort();
                case STORE -> options.storePort();
            };
        }
    }

    /** The environment a service gets: the shared variable names every service reads. */
    static Map<String, String> environment(StackOptions options, Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", options.kafkaBootstrap());
        env.put("SCHEMA_REGISTRY_URL", options.registryUrl());
        env.put("DB_URL", options.jdbcUrl());
        env.put("DB_USER", LocalPostgres.USER);
        env.put("DB_PASSWORD", LocalPostgres.PASSWORD);
        String port = Integer.toString(service.port(options));
        env.put("MICRONAUT_SERVER_PORT", port);
        env.put(service.portVariable, port);
        if (service == Service.ENRICH) {
            env.put("ENRICH_STATE_DIR", options.home().resolve("enrich-state").toString());
        }
        return env;
    }

    static ServiceProcess startService(StackOptions options, Service service) {
        ManagedProcess process = ManagedProcess.startJava(options, service.module, options.serviceJvmOptions(),
                Classpaths.module(options.repoRoot(), service.module), service.mainClass, List.of(),
                environment(options, service));
        return new ServiceProcess(service.module, "http://127.0.0.1:" + service.port(options) + "/health", process);
    }

    static ServiceProcess startRegistry(StackOptions options) {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", options.kafkaBootstrap(),
                "REGISTRY_HOST", "127.0.0.1",
                "REGISTRY_PORT", Integer.toString(options.registryPort()));
        ManagedProcess process = ManagedProcess.startJava(options, "schema-registry", options.serviceJvmOptions(),
                Classpaths.moduleOrOwn(options.repoRoot(), "schema-registry"),
                "io.watchfloor.registry.SchemaRegistryServer", List.of(), env);
        return new ServiceProcess("schema-registry", options.registryUrl() + "/subjects", process);
    }

    String name() {
        return name;
    }

    ManagedProcess process() {
        return process;
    }

    /** Polls the ready URL until it answers 2xx (and, for /health, reports UP). */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitCode().orElse(-1)
                        + " while starting; see " + process.logFile() + ". Last lines:\n" + process.logTail(30));
            }
            last = Http.probe(readyUrl);
            if (last.ok() && (!readyUrl.endsWith("/health") || last.body().contains("\"UP\""))) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(name + " not ready at " + readyUrl + " after " + timeout.toSeconds()
                + " s (last answer: " + (last == null ? "none" : last.status() + " " + abbreviate(last.body()))
                + "); see " + process.logFile() + ". Last lines:\n" + process.logTail(30));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    @Override
    public void close() {
        process.stop(30);
    }
}
