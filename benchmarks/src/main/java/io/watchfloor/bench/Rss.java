package io.watchfloor.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resident memory of every process of the stack, from /proc: the processes named by the pid files in the run
 * directory, and PostgreSQL (the postmaster and all its backends and workers, summed).
 */
final class Rss {

    private Rss() {
    }

    /** Process name -> RSS in KiB now. */
    static Map<String, Long> of(Path runDir, Path postgresDir) {
        return collect(runDir, postgresDir, Rss::rssKib);
    }

    /**
     * Process name -> CPU time (user + system) used so far, in ms; PostgreSQL summed over the postmaster and
     * its current children (backends that ended in between are missed), the benchmark's own JVM as "bench".
     */
    static Map<String, Long> cpu(Path runDir, Path postgresDir) {
        Map<String, Long> out = collect(runDir, postgresDir, Rss::cpuMillis);
        out.merge("bench (load generator, this JVM)", cpuMillis(ProcessHandle.current().pid()), Long::sum);
        return out;
    }

    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // clock ticks of 10 ms
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Prints the CPU each process used between two snapshots, per 1,000 reports. */
    static double printCpu(PrintStream out, Map<String, Long> before, Map<String, Long> after, int reports,
                           double seconds) {
        out.println();
        out.printf("| process | CPU seconds while %d reports went POST -> stored (%.1f s wall) | CPU ms per report "
                + "| share |%n|---|---|---|---|%n", reports, seconds);
        long total = 0;
        Map<String, Long> used = new TreeMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long b = before.getOrDefault(e.getKey(), 0L);
            if (b >= 0 && e.getValue() >= b) {
                used.put(e.getKey(), e.getValue() - b);
                total += e.getValue() - b;
            }
        }
        long sum = total;
        used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e ->
                out.printf("| %s | %.1f | %.2f | %.0f%% |%n", e.getKey(), e.getValue() / 1000.0,
                        (double) e.getValue() / reports, sum > 0 ? 100.0 * e.getValue() / sum : 0));
        out.printf("| all | %.1f (%.2f of the 2 cores' %.1f s) | %.2f | 100%% |%n", total / 1000.0,
                total / 1000.0 / seconds / Runtime.getRuntime().availableProcessors() * 1.0, seconds
                        * Runtime.getRuntime().availableProcessors(), (double) total / reports);
        return (double) total / reports;
    }

    private static Map<String, Long> collect(Path runDir, Path postgresDir,
                                             java.util.function.LongUnaryOperator measure) {
        Map<String, Long> out = new TreeMap<>();
        if (Files.isDirectory(runDir)) {
            try (DirectoryStream<Path> pids = Files.newDirectoryStream(runDir, "*.pid")) {
                for (Path file : pids) {
                    long pid = firstNumber(file);
                    long kib = measure.applyAsLong(pid);
                    if (kib > 0) {
                        out.put(file.getFileName().toString().replace(".pid", ""), kib);
                    }
                }
            } catch (IOException e) {
                // a stack without pid files: nothing to report
            }
        }
        long postmaster = firstNumber(postgresDir.resolve("postmaster.pid"));
        if (postmaster > 0) {
            long total = measure.applyAsLong(postmaster);
            for (long child : ProcessHandle.of(postmaster).map(h -> h.children().map(ProcessHandle::pid).toList())
                    .orElse(List.of())) {
                total += Math.max(0, measure.applyAsLong(child));
            }
            out.put("postgresql (all processes)", total);
        }
        return out;
    }

    private static long firstNumber(Path file) {
        try {
            return Long.parseLong(Files.readAllLines(file).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static void print(PrintStream out, Map<String, Long> idle, Map<String, Long> loaded) {
        if (idle.isEmpty()) {
            return;
        }
        out.println();
        out.println("| process | RSS idle (MiB) | RSS max under the ingest load (MiB) |");
        out.println("|---|---|---|");
        long sumIdle = 0;
        long sumLoaded = 0;
        for (String name : idle.keySet()) {
            long i = idle.get(name);
            long l = loaded.getOrDefault(name, 0L);
            sumIdle += i;
            sumLoaded += l;
            out.printf("| %s | %d | %s |%n", name, i / 1024, l > 0 ? Long.toString(l / 1024) : "-");
        }
        out.printf("| whole stack | %d | %d |%n", sumIdle / 1024, sumLoaded / 1024);
    }

    /** Samples every second in the background and keeps each process's maximum. */
    static final class Sampler {
        private final Path runDir;
        private final Path postgresDir;
        private final Map<String, Long> max = new ConcurrentHashMap<>();
        private volatile boolean running;
        private Thread thread;

        Sampler(Path runDir, Path postgresDir) {
            this.runDir = runDir;
            this.postgresDir = postgresDir;
        }

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    of(runDir, postgresDir).forEach((k, v) -> max.merge(k, v, Math::max));
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(5000);
            }
        }

        Map<String, Long> max() {
            return new TreeMap<>(max);
        }
    }
}
