package io.watchfloor.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole pipeline on one machine without Docker: a KRaft broker process, the topics, embedded
 * PostgreSQL, the schema registry and the three services as separate JVMs. Usable from tests
 * ({@link #start(StackOptions)} / {@link #close()}) and from {@code ./watchfloor up}.
 */
public final class LocalStack implements AutoCloseable {

    static final String STACK_PID_FILE = "stack.pid";
    static final String READY_FILE = "stack.ready";

    private final StackOptions options;
    /** Every part in start order; stopped in reverse. */
    private final Map<String, Component> components = new LinkedHashMap<>();
    /** Extra service instances (scaling tests), stopped first. */
    private final Map<String, ServiceProcess> extras = new LinkedHashMap<>();
    private volatile boolean closed;
    private volatile String apiKey;
    private volatile boolean apiKeyCreated;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    /** Starts every part and waits until all are ready; on failure stops what was started and throws. */
    public static LocalStack start(StackOptions options) throws Exception {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        PrintStream out = options.out();
        Files.createDirectories(options.logsDir());
        Files.createDirectories(options.runDir());
        checkPortsFree(options);
        long stackStart = System.nanoTime();

        List<KafkaBrokerProcess> brokers = new ArrayList<>();
        for (StackOptions.Broker broker : options.brokerList()) {
            brokers.add(register(new KafkaBrokerProcess(options, broker)));
        }
        step(1, brokers.size() == 1 ? "Kafka broker" : "Kafka brokers", options.kafkaBootstrap(), () -> {
            // all nodes at once (formatting each one's storage is a JVM of its own): a node of a 3-voter quorum
            // waits for a majority of the others
            launchAll(brokers);
            for (KafkaBrokerProcess broker : brokers) {
                broker.awaitReady();
            }
            if (brokers.size() > 1) {
                out.printf("      %d brokers (KRaft, each broker+controller, %d-voter quorum): %s; replication factor "
                        + "%d, min.insync.replicas %d%n", brokers.size(), brokers.size(),
                        String.join(", ", brokers.stream().map(b -> b.name() + " " + b.bootstrap()).toList()),
                        options.replicationFactor(), options.minInsyncReplicas());
            }
        });
        step(2, "Topics", "", () -> {
            int created = TopicProvisioner.createAll(options.kafkaBootstrap(), options.replicationFactor(),
                    options.minInsyncReplicas());
            out.printf("      %d topics created, %d already there%s%n", created,
                    io.watchfloor.schemas.Topics.ALL.size() - created, options.brokers() == 1 ? ""
                            : " (replication factor " + options.replicationFactor() + ", min.insync.replicas "
                            + options.minInsyncReplicas() + ")");
        });
        LocalPostgres postgres = register(new LocalPostgres(options));
        step(3, "PostgreSQL 17", options.jdbcUrl(), postgres::launch);

        ServiceProcess registry = register(ServiceProcess.registry(options));
        step(4, "Schema registry", options.registryUrl(), () -> {
            registry.launch();
            registry.awaitReady();
        });

        if (options.services()) {
            apiKeyCreated = !Files.exists(options.apiKeyFile());
            apiKey = ApiKey.loadOrCreate(options.apiKeyFile());
            DemoFeedServer feeds = register(new DemoFeedServer(options));
            feeds.launch();
            out.printf("      demo feeds served at %s%s (allowlisted for ingest)%n", options.demoFeedUrl(),
                    DemoFeedServer.PATH);
            // launch the three JVMs together (they boot in parallel), then wait for each in turn
            List<ServiceProcess> services = new ArrayList<>();
            for (ServiceProcess.Service service : ServiceProcess.Service.values()) {
                ServiceProcess process = register(ServiceProcess.service(options, service));
                process.launch();
                services.add(process);
            }
            int number = 5;
            for (ServiceProcess service : services) {
                step(number++, service.name(), service.baseUrl(), service::awaitReady);
            }
            for (var instance : options.extraInstances().entrySet()) {
                long begin = System.nanoTime();
                String module = instance.getKey().substring(0, instance.getKey().lastIndexOf('-'));
                String name = addInstance(module, instance.getValue());
                out.printf("      %-16s ready in %.1f s  %s  (another instance of %s)%n", name,
                        (System.nanoTime() - begin) / 1e9, instanceUrl(name), module);
            }
            long groupsStart = System.nanoTime();
            List<String> unassigned = ConsumerGroups.awaitAssigned(options.kafkaBootstrap(), ConsumerGroups.PIPELINE,
                    Duration.ofSeconds(90));
            out.printf("      consumer groups %s own their partitions (%.1f s)%s%n",
                    String.join(", ", new java.util.TreeSet<>(ConsumerGroups.PIPELINE.keySet())),
                    (System.nanoTime() - groupsStart) / 1e9,
                    unassigned.isEmpty() ? "" : "; still rebalancing: " + unassigned
                            + " (the first reports may wait for it)");
        }
        StackTopology.write(options, instanceUrls());
        out.printf("Stack ready in %.1f s%n", (System.nanoTime() - stackStart) / 1e9);
        if (options.services()) {
            out.println("Analyst view (web UI): " + uiUrl());
        }

        if (options.services()) {
            out.println("API key for POST/PUT/DELETE on ingest and alert-service (header X-API-Key): "
                    + options.apiKeyFile()
                    + (apiKeyCreated ? " (new: created now, kept across restarts)" : " (kept from an earlier start)"));
        }
        DemoFeedServer demoServer = options.services() ? (DemoFeedServer) component(DemoFeedServer.NAME) : null;
        if (options.demo()) {
            // before any demo report, so the first matching one raises an alert
            out.println("Demo alerts: a subscription on ISKP and TTP delivering to the stack's loopback receiver");
            DemoAlerts.subscribe(options, apiKey, out);
        }
        if (options.demoFeeds()) {
            out.println("Demo feeds: registering the two bundled feeds with POST " + ingestUrl() + "/sources");
            DemoFeeds.run(ingestUrl(), storeUrl(), apiKey, demoServer, out);
        }
        if (options.demo()) {
            out.println("Demo: feeding the bundled Wikipedia Current Events set (CC BY-SA 4.0)");
            int accepted = DemoFeeder.post(ingestUrl(), apiKey, out);
            DemoFeeder.showEnriched(storeUrl(), accepted, Duration.ofSeconds(90), out);
            DemoAlerts.showFirstAlert(demoServer.receiver(), Duration.ofSeconds(60), out);
        }
    }

    /** Launches the parts in parallel and waits for every launch (not for readiness); rethrows the first failure. */
    private static void launchAll(List<? extends Component> parts) throws Exception {
        if (parts.size() == 1) {
            parts.get(0).launch();
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts.size());
        try {
            List<java.util.concurrent.Future<Object>> launches = new ArrayList<>();
            for (Component part : parts) {
                launches.add(pool.submit(() -> {
                    part.launch();
                    return null;
                }));
            }
            for (java.util.concurrent.Future<Object> launch : launches) {
                try {
                    launch.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private synchronized <T extends Component> T register(T component) {
        if (closed) {
            throw new IllegalStateException("the stack is stopping");
        }
        components.put(component.name(), component);
        return component;
    }

    /** Something that starts a part of the stack. */
    @FunctionalInterface
    private interface Starter {
        void run() throws Exception;
    }

    private void step(int number, String what, String where, Starter starter) throws Exception {
        PrintStream out = options.out();
        int steps = options.services() ? 4 + ServiceProcess.Service.values().length : 4;
        out.printf("[%d/%d] %-16s starting ...%n", number, steps, what);
        long begin = System.nanoTime();
        starter.run();
        out.printf("[%d/%d] %-16s ready in %.1f s%s%n", number, steps, what, (System.nanoTime() - begin) / 1e9,
                where.isEmpty() ? "" : "  " + where);
    }

    // ---- fault injection and scaling, for reliability tests ----

    /**
     * Stops one part: {@code kafka}, {@code postgres}, {@code schema-registry}, {@code ingest-service},
     * {@code enrich-service}, {@code store-service} or an extra instance. {@code kill} = SIGKILL (a crash),
     * otherwise a clean stop. The part keeps its port and data for {@link #startComponent(String)}.
     */
    public void stopComponent(String name, boolean kill) {
        component(name).stop(kill);
    }

    /** Starts a stopped part again on the same port and data and waits until it is ready. */
    public void startComponent(String name) throws Exception {
        Component component = component(name);
        component.launch();
        component.awaitReady();
    }

    /** Stops (or kills) a part and starts it again, waiting until it is ready. */
    public void restartService(String name, boolean kill) throws Exception {
        stopComponent(name, kill);
        startComponent(name);
    }

    /**
     * Extra environment variables for the next starts of a service or extra instance (for example the
     * store's fault hook {@code WATCHFLOOR_FAULT_HALT_AFTER_DB_COMMIT}, used by the fault suite); an empty map
     * removes them. Takes effect at the next {@link #startComponent(String)}.
     */
    public void setEnvironment(String name, Map<String, String> extra) {
        if (!(component(name) instanceof ServiceProcess service)) {
            throw new IllegalArgumentException(name + " is not a service process");
        }
        service.setExtraEnvironment(extra);
    }

    /** Whether a part is started (not stopped on purpose) and its process, if any, is alive. */
    public boolean isRunning(String name) {
        Component component = component(name);
        return component.isStarted() && component.process().map(ManagedProcess::isAlive).orElse(true);
    }

    /**
     * Starts another instance of a service (same consumer group / Streams application id) on {@code port}
     * and waits until it is ready; returns its name (e.g. {@code store-service-2}) for stop/start.
     */
    public synchronized String addInstance(String service, int port) throws Exception {
        ServiceProcess.Service kind = ServiceProcess.Service.byModule(service);
        String name = service + "-" + (2 + extras.keySet().stream().filter(n -> n.startsWith(service)).count());
        ServiceProcess instance = ServiceProcess.extraInstance(options, kind, name, port);
        extras.put(name, instance);
        instance.launch();
        instance.awaitReady();
        return name;
    }

    /** Base URL of a service instance started with {@link #addInstance(String, int)}. */
    public String instanceUrl(String name) {
        ServiceProcess instance = extras.get(name);
        if (instance == null) {
            throw new IllegalArgumentException("no extra instance " + name + " (have " + extras.keySet() + ")");
        }
        return instance.baseUrl();
    }

    /** Base URLs of the instances started with {@link #addInstance(String, int)}, by name, in start order. */
    public synchronized Map<String, String> instanceUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        extras.forEach((name, instance) -> urls.put(name, instance.baseUrl()));
        return urls;
    }

    /** The demo server's signed-webhook receiver (the demo subscription delivers there). */
    DemoWebhookReceiver demoReceiver() {
        return ((DemoFeedServer) component(DemoFeedServer.NAME)).receiver();
    }

    /** Names of all parts, in start order, then extra instances. */
    public List<String> componentNames() {
        List<String> names = new ArrayList<>(components.keySet());
        names.addAll(extras.keySet());
        return names;
    }

    private synchronized Component component(String name) {
        Component component = components.containsKey(name) ? components.get(name) : extras.get(name);
        if (component == null) {
            throw new IllegalArgumentException("unknown part " + name + "; one of " + componentNames());
        }
        return component;
    }

    /** Fails fast, naming the variable to change, when a port the stack needs is taken. */
    static void checkPortsFree(StackOptions options) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("WATCHFLOOR_KAFKA_PORT", options.kafkaPort());
        ports.put("WATCHFLOOR_KAFKA_CONTROLLER_PORT", options.kafkaControllerPort());
        for (StackOptions.Broker broker : options.brokerList().subList(1, options.brokers())) {
            ports.put("WATCHFLOOR_KAFKA_PORT_" + broker.nodeId(), broker.port());
            ports.put("WATCHFLOOR_KAFKA_CONTROLLER_PORT_" + broker.nodeId(), broker.controllerPort());
        }
        ports.put("WATCHFLOOR_PG_PORT", options.postgresPort());
        ports.put("WATCHFLOOR_REGISTRY_PORT", options.registryPort());
        ports.put("WATCHFLOOR_INGEST_PORT", options.ingestPort());
        ports.put("WATCHFLOOR_ENRICH_PORT", options.enrichPort());
        ports.put("WATCHFLOOR_ALERT_PORT", options.alertPort());
        ports.put("WATCHFLOOR_STORE_PORT", options.storePort());
        if (options.services()) {
            ports.put("WATCHFLOOR_DEMO_FEED_PORT", options.demoFeedPort());
            options.extraInstances().forEach((name, port) -> ports.put(name + " (WATCHFLOOR_INSTANCE_PORT_BASE)", port));
        }
        List<String> taken = new ArrayList<>();
        for (var entry : ports.entrySet()) {
            if (!isFree(entry.getValue())) {
                taken.add(entry.getValue() + " (" + entry.getKey() + ")");
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("Port(s) already in use: " + String.join(", ", taken)
                    + ". Is a stack already running? Try `./watchfloor status` / `./watchfloor down`, "
                    + "or choose other ports with the variables named.");
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public StackOptions options() {
        return options;
    }

    public String kafkaBootstrapServers() {
        return options.kafkaBootstrap();
    }

    public String registryUrl() {
        return options.registryUrl();
    }

    public String ingestUrl() {
        return options.ingestUrl();
    }

    public String storeUrl() {
        return options.storeUrl();
    }

    /** The analyst view, served by store-service: search, reports with their evidence, groups, alerts. */
    public String uiUrl() {
        return options.storeUrl() + "/ui/";
    }

    public String enrichUrl() {
        return options.enrichUrl();
    }

    public String alertUrl() {
        return options.alertUrl();
    }

    public String jdbcUrl() {
        return options.jdbcUrl();
    }

    /**
     * The API key ingest requires on POST/PUT/DELETE (header {@code X-API-Key}); kept in
     * {@link StackOptions#apiKeyFile()}. Null when the services are not started.
     */
    public String apiKey() {
        return apiKey;
    }

    /** Base URL of the demo feed server (feeds under {@code /demo/feeds/}). */
    public String demoFeedUrl() {
        return options.demoFeedUrl();
    }

    /** Endpoints to print at the end of {@code up}, in a stable order. */
    public Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        if (options.services()) {
            endpoints.put("ingest-service", ingestUrl()
                    + "   (POST /reports, /reports/batch, /sources with X-API-Key; GET /sources, /health)");
            endpoints.put("analyst view", uiUrl() + "   (web UI: search, reports with evidence, groups, sources, "
                    + "alerts)");
            endpoints.put("store-service", storeUrl() + "   (GET /reports, /reports/{id}, /groups, /health)");
            endpoints.put("enrich-service", enrichUrl() + "   (GET /health, /metrics)");
            endpoints.put("alert-service", alertUrl() + "   (POST /subscriptions with X-API-Key; GET /subscriptions, "
                    + "/alerts, /alerts/stream, /health)");
            instanceUrls().forEach((name, url) -> endpoints.put(name, url + "   (another instance: same consumer "
                    + "group / application id)"));
            endpoints.put("demo feeds", demoFeedUrl() + DemoFeedServer.PATH + "{desk-rss.xml,monitor-atom.xml}");
            endpoints.put("API key", options.apiKeyFile() + "   (header X-API-Key)");
        }
        endpoints.put("schema registry", registryUrl() + "   (Confluent REST API: /subjects, /schemas/ids/{id}; "
                + "basic auth user:password in " + options.registryCredentialsFile() + ")");
        endpoints.put("Kafka", kafkaBootstrapServers() + (options.brokers() == 1 ? "" : "   (" + options.brokers()
                + " brokers, replication factor " + options.replicationFactor() + ", min.insync.replicas "
                + options.minInsyncReplicas() + ")"));
        endpoints.put("PostgreSQL", jdbcUrl() + "   (user/password watchfloor/watchfloor)");
        endpoints.put("data and logs", options.home() + "   (logs/<process>.log)");
        return endpoints;
    }

    /** Processes that ended on their own (a service crashed after startup), not ones stopped on purpose. */
    synchronized List<ManagedProcess> deadChildren() {
        List<ManagedProcess> dead = new ArrayList<>();
        List<Component> all = new ArrayList<>(components.values());
        all.addAll(extras.values());
        for (Component component : all) {
            component.process().filter(p -> !p.isAlive()).ifPresent(dead::add);
        }
        return dead;
    }

    /** Stops everything in reverse start order: extra instances, services, registry, PostgreSQL, Kafka. */
    @Override
    public void close() {
        List<Component> order;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            order = new ArrayList<>(extras.values());
            List<Component> main = new ArrayList<>(components.values());
            java.util.Collections.reverse(main);
            order.addAll(main);
        }
        List<Component> brokers = order.stream().filter(c -> c instanceof KafkaBrokerProcess).toList();
        for (Component component : order) {
            if (!brokers.contains(component)) {
                stopQuietly(component);
            }
        }
        // the brokers last and together: one by one, the last nodes of a 3-voter quorum would wait in vain for a
        // controller to approve their controlled shutdown
        List<Thread> stopping = new ArrayList<>();
        for (Component broker : brokers) {
            Thread thread = new Thread(() -> stopQuietly(broker), "stop-" + broker.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void stopQuietly(Component component) {
        try {
            component.stop(false);
        } catch (RuntimeException e) {
            options.out().println("warning: could not stop " + component.name() + " cleanly: " + e.getMessage());
        }
    }

    /** Entry point behind {@code ./watchfloor up|down|status}. */
    public static void main(String[] args) {
        String command = args.length == 0 ? "up" : args[0];
        List<String> flags = List.of(args).subList(Math.min(1, args.length), args.length);
        try {
            int code = switch (command) {
                case "up" -> up(flags);
                case "down" -> StackControl.down(StackTopology.apply(StackOptions.fromEnvironment(System.getenv(), false)));
                case "status" -> StatusCommand.run(StackTopology.apply(StackOptions.fromEnvironment(System.getenv(), false)), System.out);
                case "trace" -> TraceCommand.run(StackTopology.apply(StackOptions.fromEnvironment(System.getenv(), false)), flags,
                        System.out);
                case "reprocess" -> ReprocessLauncher.run(StackTopology.apply(StackOptions.fromEnvironment(System.getenv(), false)),
                        flags, System.out);
                case "dlq" -> DeadLetterCommand.run(StackTopology.apply(StackOptions.fromEnvironment(System.getenv(), false)), flags,
                        System.out);
                default -> {
                    System.err.println(UP_USAGE + " | down | status "
                            + "| trace <report id> | dlq list|replay ... | reprocess ... | tag ...");
                    yield 2;
                }
            };
            if (!"up".equals(command) || code != 0) {
                System.exit(code);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    static final String UP_USAGE = "usage: watchfloor up [--detach] [--no-demo] [--infra-only] [--brokers 1|3] "
            + "[--instances enrich=2,store=2,ingest=2,alert=2]";

    /** The options of {@code up} from the environment and its flags; throws IllegalArgumentException on a bad one. */
    static StackOptions upOptions(List<String> flags, Map<String, String> env) {
        boolean demo = true;
        boolean services = true;
        int brokers = 1;
        String instances = "";
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            String value = null;
            if (flag.startsWith("--brokers=") || flag.startsWith("--instances=")) {
                value = flag.substring(flag.indexOf('=') + 1);
                flag = flag.substring(0, flag.indexOf('='));
            } else if ((flag.equals("--brokers") || flag.equals("--instances"))) {
                if (i + 1 >= flags.size()) {
                    throw new IllegalArgumentException(flag + " needs a value; " + UP_USAGE);
                }
                value = flags.get(++i);
            }
            switch (flag) {
                case "--no-demo" -> demo = false;
                case "--infra-only" -> services = false;
                case "--detach" -> { }
                case "--brokers" -> {
                    try {
                        brokers = Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--brokers takes a number (1 or 3), got '" + value + "'");
                    }
                    if (brokers != 1 && brokers != 3) {
                        throw new IllegalArgumentException("--brokers takes 1 or 3 (a controller quorum needs an odd "
                                + "number of voters), got " + brokers);
                    }
                }
                case "--instances" -> instances = value;
                default -> throw new IllegalArgumentException("unknown option " + flag + "; " + UP_USAGE);
            }
        }
        return StackOptions.fromEnvironment(env, demo).withServices(services).withBrokers(brokers, env)
                .withInstances(instances, env);
    }

    private static int up(List<String> flags) throws Exception {
        StackOptions options;
        try {
            options = upOptions(flags, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Files.createDirectories(options.runDir());
        Path pidFile = options.runDir().resolve(STACK_PID_FILE);
        Path readyFile = options.runDir().resolve(READY_FILE);
        StackControl.runningStackPid(options).ifPresent(pid -> {
            throw new IllegalStateException("A stack is already running from " + options.home() + " (pid " + pid
                    + "). Stop it with `./watchfloor down`.");
        });
        StackControl.cleanUpStale(options);
        Files.deleteIfExists(readyFile);
        writeString(pidFile, Long.toString(ProcessHandle.current().pid()));

        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch startFinished = new CountDownLatch(1);
        LocalStack[] holder = new LocalStack[1];
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            if (startFinished.getCount() > 0) {
                // Ctrl-C while starting: interrupt the start, which stops what it already started
                System.out.println("Interrupted while starting; stopping what was started ...");
                main.interrupt();
                try {
                    startFinished.await(180, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (holder) {
                if (holder[0] != null) {
                    System.out.println("Stopping the Watchfloor stack ...");
                    holder[0].close();
                    System.out.println("Stopped.");
                }
            }
            deleteQuietly(readyFile);
            deleteQuietly(pidFile);
            stopped.countDown();
        }, "watchfloor-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        LocalStack stack;
        try {
            stack = start(options);
        } catch (Exception e) {
            System.err.println("error: " + (e instanceof InterruptedException ? "interrupted" : e.getMessage()));
            System.err.println("Everything started so far was stopped again. Logs: " + options.logsDir());
            return 1;
        } finally {
            startFinished.countDown();
        }
        synchronized (holder) {
            holder[0] = stack;
        }
        System.out.println();
        System.out.println("Watchfloor is up. Endpoints:");
        stack.endpoints().forEach((name, url) -> System.out.printf("  %-16s %s%n", name, url));
        System.out.println();
        if (options.services()) {
            System.out.println("Try:");
            System.out.println("  curl -s -X POST " + stack.ingestUrl()
                    + "/reports -H 'Content-Type: application/json' \\");
            System.out.println("       -H \"X-API-Key: $(cat " + displayPath(options.apiKeyFile()) + ")\" \\");
            System.out.println("       -d '{\"title\":\"Attack in Kabul\","
                    + "\"text\":\"The Islamic State Khorasan Province claimed the attack.\"}'");
            System.out.println("  curl -s '" + stack.storeUrl() + "/reports?limit=5'");
            System.out.println("  curl -s " + stack.ingestUrl() + "/sources      (feed sources and their health)");
        }
        System.out.println("Stop with Ctrl-C or `./watchfloor down`.");
        writeString(readyFile, String.join("\n", stack.endpoints().values()) + "\n");
        watch(stack, stopped);
        return 0;
    }

    /** The path relative to the working directory when it is below it ({@code .watchfloor/api-key}). */
    static String displayPath(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    /** Blocks until shutdown, warning once about any child that dies meanwhile. */
    private static void watch(LocalStack stack, CountDownLatch stopped) throws InterruptedException {
        List<ManagedProcess> reported = new ArrayList<>();
        while (!stopped.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
            if (stack.closed) {
                continue;
            }
            for (ManagedProcess dead : stack.deadChildren()) {
                if (!reported.contains(dead)) {
                    reported.add(dead);
                    System.err.println("warning: " + dead.name() + " exited (code " + dead.exitCode().orElse(-1)
                            + "); see " + dead.logFile());
                }
            }
        }
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort while the JVM exits
        }
    }
}
