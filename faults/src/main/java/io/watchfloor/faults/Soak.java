package io.watchfloor.faults;

import io.watchfloor.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Test 24, the soak: {@code --soak MINUTES} of steady load at {@code --rate} (default 30 reports/s, about half of
 * what ingest answered one by one on this machine), with faults 1 (broker kill -9) and 5 (PostgreSQL outage) in
 * every hour, at a third and at two thirds of it. Every {@link #sampleEvery} it samples each stack process's
 * resident memory, open file handles and threads ({@code /proc/<pid>}) and the consumer lag of the pipeline's
 * groups; every {@link #LIVE_HEAP_EVERY}th sample also each service JVM's live heap (a full GC through
 * {@code jcmd <pid> GC.run}, then the heap in use from {@code GC.heap_info}). At the end the live heap, handles and
 * threads must be flat ({@link SoakJudge}), lag bounded outside the fault windows, and the conservation audit hold
 * for every report of the soak. Resident memory is shown, not judged: a JVM's RSS follows its heap's size, which G1
 * grows for a burst (the backlog after an outage) and seldom gives back, so it says little about a leak; what is
 * left after a full GC does.
 */
final class Soak implements FaultTest {
    /** Parts whose memory and handles are judged: the ones no fault of the soak restarts. */
    static final List<String> JUDGED = List.of("ingest-service", "enrich-service", "store-service",
            "alert-service", "schema-registry");
    /** Pipeline consumer groups and the topic each reads. */
    static final Map<String, String> GROUPS = groups();
    /** After a fault's end, lag is given this long to come down before the bound applies again. */
    static final Duration RECOVERY_ALLOWANCE = Duration.ofMinutes(3);
    static final long MIB = 1 << 20;
    /** Every how many samples the live heap is measured (a full GC in each judged JVM). */
    static final int LIVE_HEAP_EVERY = 5;

    /**
     * One sample: per process [rss bytes, fds, threads, pid], per group the lag (-1 = not measurable), per judged
     * JVM its live heap in bytes (only every {@link #LIVE_HEAP_EVERY}th sample; otherwise empty).
     */
    record Sample(long millis, Map<String, long[]> processes, Map<String, Long> lag, Map<String, Long> liveHeap) {
    }

    private static Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("enrich-service", Topics.REPORTS_RAW);
        groups.put("store-service", Topics.REPORTS_ENRICHED);
        groups.put("alert-service", Topics.REPORTS_ENRICHED);
        return groups;
    }

    private final List<Sample> samples = new ArrayList<>();
    private final List<SoakJudge.Window> faultWindows = new ArrayList<>();
    private volatile boolean sampling;

    @Override
    public int number() {
        return 24;
    }

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String fault() {
        return "broker kill -9 / PostgreSQL outage";
    }

    static int hours(SuiteConfig config) {
        return (int) Math.max(1, Math.round(config.soakDuration().toMinutes() / 60.0));
    }

    @Override
    public int planned(SuiteConfig config) {
        return 2 * hours(config);
    }

    @Override
    public int minLoadSeconds(SuiteConfig config) {
        return (int) config.soakDuration().toSeconds();
    }

    /** ingest's defaults: idempotency keys and published keys ({@code idempotency-max-keys}), duplicate index. */
    static final int DEFAULT_IDEMPOTENCY_KEYS = 100_000;
    static final int DEFAULT_DEDUP_CAPACITY = 200_000;

    /**
     * ingest keeps bounded in-memory state per distinct report (idempotency and published keys, the duplicate
     * index): it grows with every new report until its caps, 100,000 and 200,000 entries, so a soak of fewer reports
     * than that sees steady growth that is by design and cannot tell it from a leak. The soak caps that state at a
     * quarter of its reports (at least 1,000, never above the defaults): it is full before the second quarter the
     * judge compares with the last, and anything that still grows is something else.
     */
    static int stateCap(SuiteConfig config) {
        return (int) Math.max(1_000, Math.min(DEFAULT_IDEMPOTENCY_KEYS, config.scale() / 4L));
    }

    /** The services' JVM options that set {@link #stateCap}; empty when the defaults are already that small. */
    static List<String> stateCapOptions(SuiteConfig config) {
        int cap = stateCap(config);
        List<String> options = new ArrayList<>();
        if (cap < DEFAULT_IDEMPOTENCY_KEYS) {
            options.add("-Dwatchfloor.ingest.idempotency-max-keys=" + cap);
        }
        if (cap < DEFAULT_DEDUP_CAPACITY) {
            options.add("-Dwatchfloor.feeds.dedup-capacity=" + cap);
        }
        return List.copyOf(options);
    }

    static Duration sampleEvery(SuiteConfig config) {
        return Duration.ofSeconds(Math.max(5, config.soakDuration().toSeconds() / 120));
    }

    @Override
    public void inject(TestRun run) throws Exception {
        samples.clear();
        faultWindows.clear();
        sampling = true;
        Thread sampler = new Thread(() -> sampleLoop(run), "soak-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            int hours = hours(run.config);
            for (int h = 0; h < hours; h++) {
                run.atFraction((h + 1.0 / 3) / hours);
                long from = run.load.elapsedMillis();
                run.expectDown("kafka", true);
                run.stack.stopComponent("kafka", true);
                Duration down = run.config.brokerDowntime();
                run.status("hour " + (h + 1) + ": broker killed (-9); down for " + down.toSeconds() + " s");
                Thread.sleep(down.toMillis());
                run.stack.startComponent("kafka");
                run.expectDown("kafka", false);
                run.status("broker back");
                faultWindows.add(new SoakJudge.Window(from, run.load.elapsedMillis() + RECOVERY_ALLOWANCE.toMillis()));
                run.faultDone();

                run.atFraction((h + 2.0 / 3) / hours);
                from = run.load.elapsedMillis();
                Duration outage = run.config.postgresOutage();
                run.expectDown("postgres", true);
                run.stack.stopComponent("postgres", false);
                run.status("hour " + (h + 1) + ": PostgreSQL stopped for " + outage.toSeconds() + " s");
                Thread.sleep(outage.toMillis());
                run.stack.startComponent("postgres");
                run.expectDown("postgres", false);
                run.status("PostgreSQL back");
                faultWindows.add(new SoakJudge.Window(from, run.load.elapsedMillis() + RECOVERY_ALLOWANCE.toMillis()));
                run.faultDone();
            }
            while (!run.load.finished()) {
                Thread.sleep(1000);
            }
        } finally {
            sampling = false;
            sampler.join(TimeUnit.MINUTES.toMillis(1));
        }
    }

    private void sampleLoop(TestRun run) {
        long every = sampleEvery(run.config).toMillis();
        try (Admin admin = run.probe.admin()) {
            while (sampling) {
                long at = run.load.elapsedMillis();
                Map<String, long[]> processes = processes(run.stack.options().runDir());
                Map<String, Long> live = samples.size() % LIVE_HEAP_EVERY == 0 ? liveHeap(processes) : Map.of();
                Sample s = new Sample(at, processes, lag(run, admin), live);
                synchronized (samples) {
                    samples.add(s);
                }
                if (samples.size() % 10 == 1) {
                    run.status("soak sample " + samples.size() + ": " + line(s));
                }
                long sleep = every - (run.load.elapsedMillis() - at);
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every process with a pid file in the stack's run directory: [VmRSS bytes, open fds, threads, pid]. */
    static Map<String, long[]> processes(Path runDir) {
        Map<String, long[]> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                if (name.equals("stack") || name.endsWith("-format")) {
                    continue;
                }
                try {
                    String pid = Files.readString(file).trim();
                    long[] stat = procStat(Path.of("/proc", pid));
                    if (stat != null) {
                        stat[3] = Long.parseLong(pid);
                        result.put(name, stat);
                    }
                } catch (IOException | NumberFormatException e) {
                    // restarting right now: no sample for it this time
                }
            }
        } catch (IOException e) {
            // run directory not readable: an empty sample
        }
        return result;
    }

    /** [VmRSS bytes, open fds, threads, 0] of one process, or null when it is gone. */
    static long[] procStat(Path proc) {
        try {
            long rss = -1;
            long threads = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            long fds;
            try (Stream<Path> entries = Files.list(proc.resolve("fd"))) {
                fds = entries.count();
            }
            return rss < 0 ? null : new long[] {rss, fds, threads, 0};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The live heap of each judged JVM: a full GC, then the heap in use (bytes); left out when jcmd fails. */
    static Map<String, Long> liveHeap(Map<String, long[]> processes) {
        Map<String, Long> live = new TreeMap<>();
        Path jcmd = jcmd();
        if (jcmd == null) {
            return live;
        }
        for (String part : JUDGED) {
            long[] v = processes.get(part);
            if (v == null) {
                continue;
            }
            String pid = Long.toString(v[3]);
            if (jcmdOutput(jcmd, pid, "GC.run") != null) {
                Long used = heapUsed(jcmdOutput(jcmd, pid, "GC.heap_info"));
                if (used != null) {
                    live.put(part, used);
                }
            }
        }
        return live;
    }

    /** The {@code jcmd} beside this JVM's {@code java}, or on the PATH; null when there is none (a bare JRE). */
    static Path jcmd() {
        Path java = ProcessHandle.current().info().command().map(Path::of).orElse(null);
        if (java != null && Files.isExecutable(java.resolveSibling("jcmd"))) {
            return java.resolveSibling("jcmd");
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "jcmd");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String jcmdOutput(Path jcmd, String pid, String command) {
        try {
            Process p = new ProcessBuilder(jcmd.toString(), pid, command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The heap in use from {@code jcmd GC.heap_info}'s first line ("... total 262144K, used 123456K [..."). */
    static Long heapUsed(String heapInfo) {
        if (heapInfo == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(heapInfo);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : null;
    }

    /** Records behind per group: end offsets of its topic less its committed offsets (-1 when not measurable). */
    private static Map<String, Long> lag(TestRun run, Admin admin) {
        Map<String, Long> lag = new LinkedHashMap<>();
        Map<String, Map<TopicPartition, Long>> ends = new LinkedHashMap<>();
        for (Map.Entry<String, String> g : GROUPS.entrySet()) {
            try {
                Map<TopicPartition, Long> end = ends.computeIfAbsent(g.getValue(), run.probe::endOffsets);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.getKey())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                long behind = 0;
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    behind += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
                }
                lag.put(g.getKey(), behind);
            } catch (Exception e) {
                lag.put(g.getKey(), -1L);
            }
        }
        return lag;
    }

    private static String line(Sample s) {
        StringBuilder b = new StringBuilder("lag");
        s.lag().forEach((g, l) -> b.append(' ').append(g.replace("-service", "")).append('=')
                .append(l < 0 ? "?" : l.toString()));
        b.append(" | MiB/fds");
        s.processes().forEach((p, v) -> b.append(' ').append(p.replace("-service", "")).append('=')
                .append(v[0] / MIB).append('/').append(v[1]));
        return b.toString();
    }

    @Override
    public void verify(TestRun run) {
        List<Sample> all;
        synchronized (samples) {
            all = List.copyOf(samples);
        }
        long duration = run.config.soakDuration().toMillis();
        printSamples(run, all);
        for (String part : JUDGED) {
            List<SoakJudge.Point> rss = new ArrayList<>();
            List<SoakJudge.Point> live = new ArrayList<>();
            List<SoakJudge.Point> fds = new ArrayList<>();
            List<SoakJudge.Point> threads = new ArrayList<>();
            long firstPid = -1;
            boolean restarted = false;
            for (Sample s : all) {
                long[] v = s.processes().get(part);
                if (v == null) {
                    continue;
                }
                if (firstPid < 0) {
                    firstPid = v[3];
                } else if (v[3] != firstPid) {
                    restarted = true;
                }
                rss.add(new SoakJudge.Point(s.millis(), v[0]));
                Long heap = s.liveHeap().get(part);
                if (heap != null) {
                    live.add(new SoakJudge.Point(s.millis(), heap));
                }
                fds.add(new SoakJudge.Point(s.millis(), v[1]));
                threads.add(new SoakJudge.Point(s.millis(), v[2]));
            }
            SoakJudge.Flatness m = SoakJudge.flatness(live, faultWindows, duration, 0.10, 16 * MIB);
            SoakJudge.Flatness r = SoakJudge.flatness(rss, faultWindows, duration, 0.10, 48 * MIB);
            SoakJudge.Flatness f = SoakJudge.flatness(fds, faultWindows, duration, 0.05, 16);
            SoakJudge.Flatness t = SoakJudge.flatness(threads, faultWindows, duration, 0.05, 8);
            run.check(part + " memory flat", m.flat() && !restarted,
                    "live heap after a full GC " + m.describe("MiB", MIB) + (restarted ? "; RESTARTED during the soak" : "")
                            + " | RSS (shown, not judged) " + r.describe("MiB", MIB));
            run.check(part + " file handles and threads flat", f.flat() && t.flat(),
                    "fds " + f.describe("", 1) + "; threads " + t.describe("", 1));
        }
        long bound = Math.max(100, Math.round(run.config.rate() * 60));
        for (String group : GROUPS.keySet()) {
            List<SoakJudge.Point> lag = all.stream()
                    .map(s -> new SoakJudge.Point(s.millis(), s.lag().getOrDefault(group, -1L))).toList();
            SoakJudge.Boundedness b = SoakJudge.boundedness(lag, faultWindows, bound);
            run.check(group + " lag bounded", b.bounded(), String.format(
                    "max %d records behind outside the fault windows (bound %d = a minute of load; %d samples), "
                            + "max %d during faults and the %d min after each", b.maxOutside(), b.bound(),
                    b.samplesOutside(), b.maxInside(), RECOVERY_ALLOWANCE.toMinutes()));
        }
    }

    /** The samples as a table, about twenty-four rows whatever the length of the soak. */
    private static void printSamples(TestRun run, List<Sample> all) {
        if (all.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("  soak samples (RSS MiB / open fds / threads per process, then h and the live heap in MiB after a full GC where measured; lag in records):\n");
        b.append(String.format("  %8s", "min"));
        GROUPS.keySet().forEach(g -> b.append(String.format(" %12s", "lag " + g.replace("-service", ""))));
        List<String> parts = new ArrayList<>(all.get(all.size() - 1).processes().keySet());
        parts.forEach(p -> b.append(String.format(" %22s", p.replace("-service", ""))));
        b.append('\n');
        for (int i = 0; i < all.size(); i++) {
            // the rows with a live-heap measurement (about twenty-four in a soak of any length), and the last
            if (i % LIVE_HEAP_EVERY != 0 && i != all.size() - 1) {
                continue;
            }
            Sample s = all.get(i);
            b.append(String.format("  %8.1f", s.millis() / 60_000.0));
            GROUPS.keySet().forEach(g -> {
                long l = s.lag().getOrDefault(g, -1L);
                b.append(String.format(" %12s", l < 0 ? "?" : Long.toString(l)));
            });
            for (String p : parts) {
                long[] v = s.processes().get(p);
                Long heap = s.liveHeap().get(p);
                b.append(String.format(" %22s", v == null ? "-" : v[0] / MIB + "/" + v[1] + "/" + v[2]
                        + (heap == null ? "" : " h" + heap / MIB)));
            }
            b.append('\n');
        }
        run.config.out().print(b);
    }
}
