package io.watchfloor.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code ./watchfloor dlq list [--stage S] [--since T]} and
 * {@code ./watchfloor dlq replay [--id ID ...] [--stage S] [--since T] [--dry-run]}.
 */
final class DeadLetterCommand {
    static final String USAGE = "usage: watchfloor dlq list [--stage STAGE] [--since WHEN]\n"
            + "       watchfloor dlq replay [--id ID ...] [--stage STAGE] [--since WHEN] [--dry-run]\n"
            + "  WHEN: an ISO instant (2026-12-03T10:00:00Z), a date (2026-12-03) or a duration back from now "
            + "(PT1H, 2h, 30m, 7d)\n"
            + "  stages: deserialize, enrich, size (enrich-service), store (store-service), alert-decode, "
            + "alert-match, subscription, delivery (alert-service)";

    private DeadLetterCommand() {
    }

    /** Parsed flags. */
    record Args(String action, Set<String> ids, String stage, Instant since, boolean dryRun) {
    }

    static Args parse(List<String> args, Instant now) {
        if (args.isEmpty() || !(args.get(0).equals("list") || args.get(0).equals("replay"))) {
            throw new IllegalArgumentException("say what to do: list or replay\n" + USAGE);
        }
        Set<String> ids = new LinkedHashSet<>();
        String stage = null;
        Instant since = null;
        boolean dryRun = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--id" -> ids.add(value(args, ++i, a));
                case "--stage" -> stage = value(args, ++i, a);
                case "--since" -> since = parseWhen(value(args, ++i, a), now);
                case "--dry-run" -> dryRun = true;
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (args.get(0).equals("list") && (dryRun || !ids.isEmpty())) {
            throw new IllegalArgumentException("--id and --dry-run belong to replay\n" + USAGE);
        }
        if (args.get(0).equals("replay") && ids.isEmpty() && stage == null && since == null) {
            throw new IllegalArgumentException("replay needs --id, --stage or --since (replaying every dead letter "
                    + "at once is rarely meant); see them with ./watchfloor dlq list\n" + USAGE);
        }
        return new Args(args.get(0), ids, stage, since, dryRun);
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }

    /** An ISO instant, a date (midnight UTC), or a duration back from {@code now} (PT1H, 90m, 2h, 7d). */
    static Instant parseWhen(String s, Instant now) {
        String v = s.strip();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return now.minus(Duration.parse(v.toUpperCase(java.util.Locale.ROOT)));
            }
            if (v.matches("\\d+[smhd]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return now.minus(switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot read the time '" + s + "': give an ISO instant "
                    + "(2026-12-03T10:00:00Z), a date (2026-12-03) or a duration back from now (PT1H, 2h, 7d)");
        }
    }

    static int run(StackOptions options, List<String> argv, PrintStream out) throws Exception {
        Args args = parse(argv, Instant.now());
        DeadLetterLog.requireKafka(options.kafkaBootstrap());
        try (DeadLetterLog log = new DeadLetterLog(options.kafkaBootstrap())) {
            List<DeadLetterEntry> all = log.read(args.since() == null ? Instant.EPOCH : args.since());
            List<DeadLetterEntry> picked = new DeadLetterLog.Selection(args.ids(), args.stage(), args.since())
                    .of(all);
            if (args.action().equals("list")) {
                return list(all, picked, args, out);
            }
            return replay(log, picked, args, out);
        }
    }

    private static int list(List<DeadLetterEntry> all, List<DeadLetterEntry> picked, Args args, PrintStream out) {
        if (picked.isEmpty()) {
            out.println(all.isEmpty()
                    ? "No dead letters in " + String.join(" or ", DeadLetterLog.TOPICS)
                            + (args.since() == null ? "" : " since " + args.since())
                            + ": nothing failed, nothing to replay."
                    : "No dead letter matches" + describe(args) + " (" + all.size()
                            + " in all; run ./watchfloor dlq list without filters to see them).");
            return 0;
        }
        out.printf("%d dead letter(s)%s, oldest first:%n", picked.size(), describe(args));
        for (DeadLetterEntry e : picked) {
            out.printf("%n  %s  %s  key %s%n", e.id(), e.time(), e.key());
            out.printf("    stage %s (%s), reason %s%n", e.stage(), e.service(), e.reason());
            out.printf("    error: %s%n", abbreviate(e.errorMessage(), 300));
            out.printf("    original: %s%s%n", e.origin(), e.replayable() ? "" : " (cannot be replayed)");
            out.printf("    value: %s%n", e.preview(160));
        }
        out.printf("%nReplay with: ./watchfloor dlq replay --id %s [--dry-run]   (or --stage / --since)%n",
                picked.get(picked.size() - 1).id());
        return 0;
    }

    private static int replay(DeadLetterLog log, List<DeadLetterEntry> picked, Args args, PrintStream out)
            throws Exception {
        if (picked.isEmpty()) {
            out.println("No dead letter matches" + describe(args)
                    + "; nothing replayed. See what there is with ./watchfloor dlq list");
            return args.ids().isEmpty() ? 0 : 4;
        }
        int replayed = 0;
        int skipped = 0;
        out.printf("%s %d dead letter(s)%s:%n", args.dryRun() ? "Would replay" : "Replaying", picked.size(),
                describe(args));
        for (DeadLetterEntry e : picked) {
            if (!e.replayable()) {
                out.printf("  %s  skipped: no dlq.original.topic header, so its original topic is unknown%n", e.id());
                skipped++;
                continue;
            }
            byte[] value = e.value();
            if (e.valueIncomplete()) {
                // left out or truncated: the whole value is only at the original position
                value = log.originalValue(e);
                if (value == null) {
                    out.printf("  %s  skipped: its value was %s and %s is no longer in the topic%n", e.id(),
                            e.valueTruncated() ? "truncated" : "left out", e.origin());
                    skipped++;
                    continue;
                }
            }
            if (args.dryRun()) {
                out.printf("  %s  -> %s  key %s, %d bytes (stage %s: %s)%n", e.id(), e.originTopic(), e.key(),
                        value == null ? 0 : value.length, e.stage(), abbreviate(e.errorMessage(), 120));
                continue;
            }
            RecordMetadata m = log.replay(e, value);
            out.printf("  %s  -> %s-%d@%d  key %s%n", e.id(), m.topic(), m.partition(), m.offset(), e.key());
            replayed++;
        }
        if (args.dryRun()) {
            out.println("Dry run: nothing was written. Run again without --dry-run to replay.");
        } else {
            out.printf("Replayed %d, skipped %d. A record that fails again becomes a new dead letter with the new "
                    + "reason; replaying twice is harmless (the store keeps one row per report).%n", replayed,
                    skipped);
        }
        return skipped > 0 && replayed == 0 && !args.dryRun() ? 4 : 0;
    }

    private static String describe(Args args) {
        StringBuilder b = new StringBuilder();
        if (!args.ids().isEmpty()) {
            b.append(" with id ").append(String.join(", ", args.ids()));
        }
        if (args.stage() != null) {
            b.append(" at stage ").append(args.stage());
        }
        if (args.since() != null) {
            b.append(" since ").append(args.since());
        }
        return b.toString();
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "(none)";
        }
        String one = s.replace('\n', ' ');
        return one.length() > max ? one.substring(0, max) + "..." : one;
    }
}
