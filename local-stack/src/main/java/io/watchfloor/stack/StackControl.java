package io.watchfloor.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code ./watchfloor down} and {@code status}: work from the pid files under {@code .watchfloor/run}. */
final class StackControl {

    private StackControl() {
    }

    /** Pid of a live stack process for this home, if any (a stale pid file is ignored). */
    static Optional<Long> runningStackPid(StackOptions options) {
        return readPid(options.runDir().resolve(LocalStack.STACK_PID_FILE))
                .filter(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        // a reused pid belongs to some other program: treat the file as stale. The command
                        // line may be cut short after the long classpath, so look for the marker or a JVM.
                        .map(h -> isStackProcess(commandLine(h), h.info().command().orElse("")))
                        .orElse(false))
                .filter(pid -> pid != ProcessHandle.current().pid());
    }

    /** Stops the running stack (SIGTERM, it stops its children in order), then any leftovers. */
    static int down(StackOptions options) throws InterruptedException {
        Optional<Long> pid = runningStackPid(options);
        if (pid.isPresent()) {
            ProcessHandle handle = ProcessHandle.of(pid.get()).orElseThrow();
            System.out.println("Stopping the stack (pid " + pid.get() + ") ...");
            handle.destroy();
            try {
                handle.onExit().get(180, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.out.println("The stack did not stop within 180 s; killing what is left.");
            }
        } else {
            System.out.println("No running stack found under " + options.home() + ".");
        }
        int leftovers = cleanUpStale(options);
        if (leftovers > 0) {
            System.out.println("Stopped " + leftovers + " leftover process(es) of an earlier run.");
        }
        System.out.println("Stopped.");
        return 0;
    }

    /**
     * Stops children and PostgreSQL left behind by a stack that was killed hard, and removes stale pid
     * files. Only processes whose command line marks them as ours are touched.
     */
    static int cleanUpStale(StackOptions options) {
        int stopped = 0;
        Path run = options.runDir();
        if (Files.isDirectory(run)) {
            try (DirectoryStream<Path> pids = Files.newDirectoryStream(run, "*.pid")) {
                for (Path file : pids) {
                    if (file.getFileName().toString().equals(LocalStack.STACK_PID_FILE)) {
                        continue;
                    }
                    String name = file.getFileName().toString().replace(".pid", "");
                    Optional<ProcessHandle> handle = readPid(file).flatMap(ProcessHandle::of)
                            .filter(ProcessHandle::isAlive)
                            .filter(h -> commandLine(h).contains(ManagedProcess.COMPONENT_PROPERTY + "=" + name));
                    if (handle.isPresent() && stop(handle.get())) {
                        stopped++;
                    }
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                System.err.println("warning: cannot read " + run + ": " + e.getMessage());
            }
        }
        if (runningStackPid(options).isEmpty()) {
            deleteQuietly(run.resolve(LocalStack.STACK_PID_FILE));
            deleteQuietly(run.resolve(LocalStack.READY_FILE));
        }
        Path postmaster = options.postgresDir().resolve("postmaster.pid");
        Optional<ProcessHandle> pg = readPid(postmaster).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(h -> commandLine(h).contains("postgres"));
        if (runningStackPid(options).isEmpty() && pg.isPresent() && stop(pg.get())) {
            stopped++;
        }
        return stopped;
    }

    /** Prints what answers; exit code 0 when everything is up, 3 otherwise. */
    static int status(StackOptions options) throws InterruptedException {
        Optional<Long> pid = runningStackPid(options);
        System.out.println(pid.map(p -> "Stack process: running (pid " + p + "), data in " + options.home())
                .orElse("Stack process: not running (data in " + options.home() + ")"));
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("Kafka            " + options.kafkaBootstrap(), tcp(options.kafkaPort()));
        checks.put("PostgreSQL       " + options.jdbcUrl(), tcp(options.postgresPort()));
        String credentials = java.nio.file.Files.exists(options.registryCredentialsFile())
                ? options.registryCredentials() : null;
        checks.put("schema registry  " + options.registryUrl(),
                Http.probe(options.registryUrl() + "/subjects", credentials).ok());
        checks.put("ingest-service   " + options.ingestUrl(), Http.probe(options.ingestUrl() + "/health").ok());
        checks.put("enrich-service   " + options.enrichUrl(), Http.probe(options.enrichUrl() + "/health").ok());
        checks.put("store-service    " + options.storeUrl(), Http.probe(options.storeUrl() + "/health").ok());
        checks.put("alert-service    " + options.alertUrl(), Http.probe(options.alertUrl() + "/health").ok());
        checks.forEach((what, up) -> System.out.printf("  %-4s %s%n", up ? "UP" : "DOWN", what));
        boolean allUp = pid.isPresent() && checks.values().stream().allMatch(Boolean::booleanValue);
        return allUp ? 0 : 3;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("warning: cannot delete " + file + ": " + e.getMessage());
        }
    }

    static boolean tcp(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean stop(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
        }
        return true;
    }

    static boolean isStackProcess(String commandLine, String executable) {
        return commandLine.isEmpty() || commandLine.contains(ManagedProcess.COMPONENT_PROPERTY + "=stack")
                || commandLine.contains(LocalStack.class.getName()) || executable.endsWith("java");
    }

    private static String commandLine(ProcessHandle handle) {
        return handle.info().commandLine().orElse("");
    }

    static Optional<Long> readPid(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
