package io.watchfloor.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child JVM of the stack: output to {@code logs/<name>.log}, pid in {@code run/<name>.pid}, stopped
 * with SIGTERM (then SIGKILL after a grace period).
 */
final class ManagedProcess implements AutoCloseable {

    /** System property on every child's command line; lets {@code down} recognise our own processes. */
    static final String COMPONENT_PROPERTY = "watchfloor.component";

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** Starts {@code java <jvmOptions> -cp <classpath> <mainClass> <args>} with extra environment variables. */
    static ManagedProcess startJava(StackOptions options, String name, List<String> jvmOptions, String classpath,
                                    String mainClass, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-D" + COMPONENT_PROPERTY + "=" + name);
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES="
                + "io.watchfloor.schemas.avro,java.lang,java.util,org.apache.avro");
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return start(options, name, command, env);
    }

    static ManagedProcess start(StackOptions options, String name, List<String> command, Map<String, String> env) {
        try {
            Files.createDirectories(options.logsDir());
            Files.createDirectories(options.runDir());
            Path log = options.logsDir().resolve(name + ".log");
            if (Files.exists(log)) {
                Files.move(log, options.logsDir().resolve(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(options.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            Path pid = options.runDir().resolve(name + ".pid");
            Files.writeString(pid, Long.toString(process.pid()), StandardCharsets.UTF_8);
            LOG.debug("started {} (pid {}): {}", name, process.pid(), command);
            return new ManagedProcess(name, process, log, pid);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code if the process has ended. */
    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** Waits for the process to end by itself (one-shot tools), returning its exit code. */
    int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s; see " + logFile);
        }
        deletePidFile();
        return process.exitValue();
    }

    /** The last lines of this process's log, for error messages. */
    String logTail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + file + ")";
        }
    }

    /** SIGTERM, wait up to {@code graceSeconds}, then SIGKILL. */
    void stop(long graceSeconds) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    LOG.warn("{} did not stop within {} s; killing it", name, graceSeconds);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deletePidFile();
    }

    /** SIGKILL, as in a crash: no shutdown hooks, no clean close. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deletePidFile();
    }

    @Override
    public void close() {
        stop(30);
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", pidFile, e.getMessage());
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
