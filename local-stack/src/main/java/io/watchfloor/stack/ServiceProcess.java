package io.watchfloor.stack;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A Watchfloor JVM child (a service instance or the registry) with the URL that says it is ready.
 * Services run from {@code <module>/target/classes} and {@code target/classpath.txt}.
 */
final class ServiceProcess implements Component {

    /** plain (default) or json: read by every service's logback.xml. */
    static final String LOG_FORMAT_VARIABLE = "WATCHFLOOR_LOG_FORMAT";

    private final StackOptions options;
    private final String name;
    private final Supplier<String> classpath;
    private final String mainClass;
    private final Map<String, String> env;
    private final String readyUrl;
    /** Basic-auth credentials for the ready URL (the registry requires them), or null. */
    private String readyUserInfo;
    private volatile ManagedProcess process;
    /** Extra variables for the next launches (fault hooks of the fault suite); empty by default. */
    private volatile Map<String, String> extraEnv = Map.of();

    private ServiceProcess(StackOptions options, String name, Supplier<String> classpath, String mainClass,
                           Map<String, String> env, String readyUrl) {
        this.options = options;
        this.name = name;
        this.classpath = classpath;
        this.mainClass = mainClass;
        this.env = Map.copyOf(env);
        this.readyUrl = readyUrl;
    }

    /** The four pipeline services, in start order. */
    enum Service {
        INGEST("ingest-service", "io.watchfloor.ingest.Application", "INGEST_PORT"),
        ENRICH("enrich-service", "io.watchfloor.enrich.Application", "ENRICH_PORT"),
        STORE("store-service", "io.watchfloor.store.Application", "STORE_PORT"),
        ALERT("alert-service", "io.watchfloor.alert.Application", "ALERT_PORT");

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
                case ALERT -> options.alertPort();
            };
        }

        static Service byModule(String module) {
            for (Service service : values()) {
                if (service.module.equals(module)) {
                    return service;
                }
            }
            throw new IllegalArgumentException("unknown service " + module + "; one of ingest-service, "
                    + "enrich-service, store-service, alert-service");
        }
    }

    /** The environment a service gets: the shared variable names every service reads, and its port. */
    static Map<String, String> environment(StackOptions options, Service service) {
        return environment(options, service, service.port(options),
                service.module.replace("-service", "") + "-state");
    }

    private static Map<String, String> environment(StackOptions options, Service service, int port,
                                                   String stateDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", options.kafkaBootstrap());
        env.put("SCHEMA_REGISTRY_URL", options.registryUrl());
        env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", options.registryCredentials());
        env.put("DB_URL", options.jdbcUrl());
        env.put("DB_USER", LocalPostgres.USER);
        env.put("DB_PASSWORD", LocalPostgres.PASSWORD);
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        // /health shows its components only with a key; the stack's key lets ./watchfloor status read them
        env.put("WATCHFLOOR_OPERATOR_KEYS", ApiKey.loadOrCreate(options.apiKeyFile()));
        env.put(service.portVariable, Integer.toString(port));
        env.put(LOG_FORMAT_VARIABLE, logFormat(System.getenv()));
        if (service == Service.ENRICH || service == Service.ALERT) {
            // the Streams apps' internal topics (changelogs) are replicated like every other topic
            env.put("WATCHFLOOR_STREAMS_REPLICATION_FACTOR", Integer.toString(options.replicationFactor()));
        }
        if (service == Service.ENRICH) {
            env.put("ENRICH_STATE_DIR", options.home().resolve(stateDir).toString());
        }
        if (service == Service.INGEST) {
            // feed sources added with POST /sources, and their cursors, live with the rest of the stack's data
            env.put("WATCHFLOOR_SOURCES_FILE", options.home().resolve("sources.json").toString());
            // write endpoints need the stack's key; the stack's own loopback demo feed server may be fetched,
            // and so may whatever the user allowlisted in their own environment
            env.put("WATCHFLOOR_API_KEYS", ApiKey.loadOrCreate(options.apiKeyFile()));
            env.put("WATCHFLOOR_FEEDS_ALLOWLIST", allowlist(options, "WATCHFLOOR_FEEDS_ALLOWLIST"));
        }
        if (service == Service.STORE) {
            // the analyst view's sources page asks ingest-service; its alerts pages call alert-service, writing
            // with the stack's key (kept on the server side: the browser never sees it)
            env.put("INGEST_URL", options.ingestUrl());
            env.put("ALERTS_URL", options.alertUrl());
            env.put("WATCHFLOOR_ALERTS_API_KEY", ApiKey.loadOrCreate(options.apiKeyFile()));
        }
        if (service == Service.ALERT) {
            env.put("ALERT_STATE_DIR", options.home().resolve(stateDir).toString());
            env.put("WATCHFLOOR_API_KEYS", ApiKey.loadOrCreate(options.apiKeyFile()));
            env.put("WATCHFLOOR_STORE_URL", options.storeUrl());
            // the demo webhook receiver runs on the demo feed server; the user's own receivers may be added
            env.put("WATCHFLOOR_WEBHOOKS_ALLOWLIST", allowlist(options, "WATCHFLOOR_WEBHOOKS_ALLOWLIST"));
        }
        return env;
    }

    /**
     * The log format every child writes to its file in {@code logs/}: the user's {@code WATCHFLOOR_LOG_FORMAT}
     * ({@code json} or {@code plain}), else plain. The stack's own console output stays plain.
     */
    static String logFormat(Map<String, String> environment) {
        String format = environment.get(LOG_FORMAT_VARIABLE);
        return format == null || format.isBlank() ? "plain" : format.trim();
    }

    /** The stack's own demo server, plus the user's entries of {@code variable} (host:port, comma-separated). */
    static String allowlist(StackOptions options, String variable) {
        String own = "127.0.0.1:" + options.demoFeedPort();
        String user = System.getenv(variable);
        return user == null || user.isBlank() ? own : own + "," + user.trim();
    }

    static ServiceProcess service(StackOptions options, Service service) {
        return new ServiceProcess(options, service.module, () -> Classpaths.module(options.repoRoot(),
                service.module), service.mainClass, environment(options, service),
                "http://127.0.0.1:" + service.port(options) + "/health");
    }

    /** Another instance of a service (same group / application id) on its own port and state directory. */
    static ServiceProcess extraInstance(StackOptions options, Service service, String name, int port) {
        return new ServiceProcess(options, name, () -> Classpaths.module(options.repoRoot(), service.module),
                service.mainClass, environment(options, service, port, name + "-state"),
                "http://127.0.0.1:" + port + "/health");
    }

    /**
     * The registry's environment: every request needs the stack's credentials, and writes need them as a write
     * user too, so the services (which auto-register their schemas) use the one {@code user:password} they get
     * as {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}.
     */
    static Map<String, String> registryEnvironment(StackOptions options) {
        return Map.of(
                LOG_FORMAT_VARIABLE, logFormat(System.getenv()),
                "KAFKA_BOOTSTRAP_SERVERS", options.kafkaBootstrap(),
                "REGISTRY_HOST", "127.0.0.1",
                "REGISTRY_PORT", Integer.toString(options.registryPort()),
                "REGISTRY_BASIC_AUTH_USERS", options.registryCredentials(),
                "REGISTRY_WRITE_USERS", options.registryCredentials());
    }

    static ServiceProcess registry(StackOptions options) {
        ServiceProcess registry = new ServiceProcess(options, "schema-registry",
                () -> Classpaths.moduleOrOwn(options.repoRoot(), "schema-registry"),
                "io.watchfloor.registry.SchemaRegistryServer", registryEnvironment(options),
                options.registryUrl() + "/subjects");
        registry.readyUserInfo = options.registryCredentials();
        return registry;
    }

    @Override
    public String name() {
        return name;
    }

    /** The URL of this instance (without path). */
    String baseUrl() {
        return readyUrl.substring(0, readyUrl.indexOf('/', "http://".length()));
    }

    @Override
    public synchronized void launch() {
        if (process != null && process.isAlive()) {
            return;
        }
        Map<String, String> launchEnv = env;
        if (!extraEnv.isEmpty()) {
            launchEnv = new LinkedHashMap<>(env);
            launchEnv.putAll(extraEnv);
        }
        process = ManagedProcess.startJava(options, name, options.serviceJvmOptions(), classpath.get(), mainClass,
                List.of(), launchEnv);
    }

    /** Variables added to the environment of the next launches (an empty map removes them again). */
    void setExtraEnvironment(Map<String, String> extra) {
        this.extraEnv = Map.copyOf(extra);
    }

    /** Polls the ready URL until it answers 2xx (and, for /health, reports UP). */
    @Override
    public void awaitReady() throws InterruptedException {
        ManagedProcess current = process;
        Duration timeout = options.startTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response last = null;
        while (System.nanoTime() < deadline) {
            if (!current.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + current.exitCode().orElse(-1)
                        + " while starting; see " + current.logFile() + ". Last lines:\n" + current.logTail(30));
            }
            last = Http.probe(readyUrl, readyUserInfo);
            if (last.ok() && (!readyUrl.endsWith("/health") || last.body().contains("\"UP\""))) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(name + " not ready at " + readyUrl + " after " + timeout.toSeconds()
                + " s (last answer: " + (last == null ? "none" : last.status() + " " + abbreviate(last.body()))
                + "); see " + current.logFile() + ". Last lines:\n" + current.logTail(30));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    @Override
    public synchronized void stop(boolean kill) {
        if (process != null) {
            if (kill) {
                process.kill();
            } else {
                process.stop(30);
            }
            process = null;
        }
    }

    @Override
    public boolean isStarted() {
        return process != null;
    }

    @Override
    public Optional<ManagedProcess> process() {
        return Optional.ofNullable(process);
    }
}
