package io.watchfloor.ingest.feeds.dedup;

import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, across all sources, whether a report is new, a new revision of a known report (same GUID or same
 * canonical URL, changed content), an exact duplicate (same content, or nothing changed: not published again),
 * a link (an exact duplicate carried by a source the report did not list yet: published again under the known
 * id and revision with that source added to its sources) or a near-duplicate (SimHash within distance 3 of an
 * earlier report: published, linked to the first copy). Every known report keeps the sources that carried it.
 * Bounded; a decision is applied at once and undone with {@link #forget} when publishing fails.
 */
public final class DuplicateIndex {

    /** What to do with a report. */
    public enum Kind { NEW, NEW_REVISION, DUPLICATE, LINKED, NEAR_DUPLICATE }

    /**
     * A decision: publish unless DUPLICATE, under {@code reportId} with {@code revision}, linked to duplicateOf,
     * listing {@code sources} (every source known to have carried the report, this one included).
     */
    public record Decision(Kind kind, String reportId, int revision, String duplicateOf, String reason, Undo undo,
                           List<ReportSource> sources) {

        public Decision {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }

        public boolean publish() {
            return kind != Kind.DUPLICATE;
        }
    }

    /** What {@link #forget} needs to restore the index as it was before a decision. */
    public static final class Undo {
        private final String reportId;
        private final Known previous;
        private final String contentKey;
        private final String previousContentOwner;
        private final String guidKey;
        private final String previousGuidOwner;
        private final boolean addedFingerprint;

        private Undo(String reportId, Known previous, String contentKey, String previousContentOwner, String guidKey,
                     String previousGuidOwner, boolean addedFingerprint) {
            this.reportId = reportId;
            this.previous = previous;
            this.contentKey = contentKey;
            this.previousContentOwner = previousContentOwner;
            this.guidKey = guidKey;
            this.previousGuidOwner = previousGuidOwner;
            this.addedFingerprint = addedFingerprint;
        }
    }

    private record Known(String contentHash, int revision, List<ReportSource> sources) {

        boolean carriedBy(ReportSource source) {
            return sources.stream().anyMatch(s -> s.sameSourceAs(source));
        }

        List<ReportSource> with(ReportSource source) {
            if (source == null || carriedBy(source)) {
                return sources;
            }
            List<ReportSource> all = new ArrayList<>(sources.size() + 1);
            all.addAll(sources);
            all.add(compact(source));
            return List.copyOf(all);
        }

        List<ReportSource> withAll(List<ReportSource> more) {
            List<ReportSource> all = sources;
            for (ReportSource s : more) {
                all = new Known(contentHash, revision, all).with(s);
            }
            return all;
        }
    }

    private final BoundedMap<String, Known> reports;
    private final BoundedMap<String, String> byContent;
    private final BoundedMap<String, String> byGuid;
    private final NearDuplicateIndex near;

    public DuplicateIndex(int capacity) {
        this.reports = new BoundedMap<>(capacity);
        this.byContent = new BoundedMap<>(capacity);
        this.byGuid = new BoundedMap<>(capacity);
        this.near = new NearDuplicateIndex(capacity, NearDuplicateIndex.DEFAULT_MAX_DISTANCE);
    }

    /**
     * Classifies {@code report} (already normalised by the ReportFactory) from source {@code sourceId} whose
     * item carried {@code guid} (may be null), and records it.
     */
    public synchronized Decision decide(String sourceId, String guid, Report report) {
        String guidKey = guid == null ? null : sourceId + '\u0000' + guid;
        String knownId = guidKey == null ? null : byGuid.get(guidKey);
        if (knownId == null || !reports.containsKey(knownId)) {
            knownId = reports.containsKey(report.id()) ? report.id() : null;
        }
        String contentOwner = byContent.get(report.contentHash());
        if (knownId != null) {
            Known known = reports.get(knownId);
            if (known.contentHash().equals(report.contentHash())) {
                return duplicateOrLink(knownId, known, report, guidKey, "unchanged (same "
                        + (guidKey != null && knownId.equals(byGuid.get(guidKey)) ? "GUID" : "URL") + " and content)");
            }
            if (contentOwner != null && !contentOwner.equals(knownId) && reports.containsKey(contentOwner)) {
                return duplicateOrLink(contentOwner, reports.get(contentOwner), report, guidKey,
                        "same content as " + contentOwner);
            }
            Known next = new Known(report.contentHash(), known.revision() + 1, known.with(report.source()));
            Undo undo = record(knownId, next, report, guidKey, false);
            return new Decision(Kind.NEW_REVISION, knownId, next.revision(), null, "content changed", undo,
                    next.sources());
        }
        if (contentOwner != null) {
            Known owner = reports.get(contentOwner);
            if (owner == null) {
                return new Decision(Kind.DUPLICATE, contentOwner, 1, contentOwner, "same content as " + contentOwner,
                        null, List.of());
            }
            return duplicateOrLink(contentOwner, owner, report, guidKey, "same content as " + contentOwner);
        }
        OptionalLong fingerprint = SimHash.of(nearText(report));
        Optional<String> first = fingerprint.isPresent() ? near.nearest(fingerprint.getAsLong(), report.id())
                : Optional.empty();
        Known fresh = new Known(report.contentHash(), 1, List.of(compact(report.source())));
        Undo undo = record(report.id(), fresh, report, guidKey, fingerprint.isPresent());
        fingerprint.ifPresent(f -> near.add(report.id(), f));
        if (first.isPresent()) {
            return new Decision(Kind.NEAR_DUPLICATE, report.id(), 1, first.get(), "near-duplicate of " + first.get(),
                    undo, fresh.sources());
        }
        return new Decision(Kind.NEW, report.id(), 1, null, "new", undo, fresh.sources());
    }

    /**
     * An exact duplicate of the known report {@code id}: DUPLICATE when its source already carried it, else a
     * LINKED decision under the known id and revision with the source added (recorded at once; the GUID of the
     * item points at the id from now on, so the same item is a plain duplicate next time).
     */
    private Decision duplicateOrLink(String id, Known known, Report report, String guidKey, String reason) {
        if (report.source() == null || known.carriedBy(report.source())) {
            return new Decision(Kind.DUPLICATE, id, known.revision(), id, reason, null, known.sources());
        }
        Known linked = new Known(known.contentHash(), known.revision(), known.with(report.source()));
        Known previous = reports.refresh(id, linked);
        String previousGuidOwner = guidKey == null ? null : byGuid.refresh(guidKey, id);
        Undo undo = new Undo(id, previous, null, null, guidKey, previousGuidOwner, false);
        return new Decision(Kind.LINKED, id, known.revision(), null,
                reason + "; carried by another source (" + report.source().name() + "): linked", undo,
                linked.sources());
    }

    /** The source as the index keeps it: the shared parts interned, since many reports share one feed. */
    private static ReportSource compact(ReportSource s) {
        return new ReportSource(intern(s.kind()), intern(s.name()), intern(s.url()), s.itemId());
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    private Undo record(String id, Known next, Report report, String guidKey, boolean addedFingerprint) {
        Known previous = reports.refresh(id, next);
        String previousContentOwner = byContent.refresh(report.contentHash(), id);
        String previousGuidOwner = guidKey == null ? null : byGuid.refresh(guidKey, id);
        return new Undo(id, previous, report.contentHash(), previousContentOwner, guidKey, previousGuidOwner,
                addedFingerprint);
    }

    /**
     * Applies a report already on the raw topic (restored at start, or published by any instance): it becomes
     * known only if its revision is higher than the one known for its id, so replays and own records are
     * idempotent. The first id seen with a content hash stays its owner; a feed item's GUID (per source) points
     * at the id. Returns whether the index changed.
     */
    public synchronized boolean apply(Report stored) {
        Known known = reports.get(stored.id());
        if (known != null && known.revision() > stored.revision()) {
            return false;
        }
        if (known != null && known.revision() == stored.revision()) {
            // the same revision again: a replay, an own record, or a link that adds sources
            if (!known.contentHash().equals(stored.contentHash())) {
                return false;
            }
            List<ReportSource> sources = known.withAll(stored.allSources());
            if (sources.equals(known.sources())) {
                return false;
            }
            reports.refresh(stored.id(), new Known(known.contentHash(), known.revision(), sources));
            if (stored.feedSourceId() != null && stored.source() != null && stored.source().itemId() != null) {
                byGuid.refresh(stored.feedSourceId() + '\u0000' + stored.source().itemId(), stored.id());
            }
            return true;
        }
        List<ReportSource> sources = new Known(stored.contentHash(), stored.revision(),
                known == null ? List.of() : known.sources()).withAll(stored.allSources());
        reports.refresh(stored.id(), new Known(stored.contentHash(), stored.revision(), sources));
        String owner = byContent.get(stored.contentHash());
        if (owner == null || owner.equals(stored.id())) {
            byContent.refresh(stored.contentHash(), stored.id());
        }
        if (stored.feedSourceId() != null && stored.source() != null && stored.source().itemId() != null) {
            byGuid.refresh(stored.feedSourceId() + '\u0000' + stored.source().itemId(), stored.id());
        }
        SimHash.of(nearText(stored)).ifPresent(f -> near.add(stored.id(), f));
        return true;
    }

    /**
     * The revision for a report submitted directly (HTTP, drop directory) under its deterministic id: 1 when the
     * id is unknown, the known revision when the content is unchanged (a retry), else the known revision + 1, so
     * a corrected article supersedes the stored one also after a restart. The answer is recorded at once.
     */
    public synchronized int revisionFor(Report report) {
        return numbered(report).revision();
    }

    /**
     * {@code report} with the revision {@link #revisionFor} gives it and listing every source known to have
     * carried its id (its own source added; recorded at once), so a direct submission of a known report by
     * another source links that source too.
     */
    public synchronized Report numbered(Report report) {
        Known known = reports.get(report.id());
        Known next;
        if (known == null) {
            next = new Known(report.contentHash(), 1, List.of(compact(report.source())));
        } else if (known.contentHash().equals(report.contentHash())) {
            next = new Known(known.contentHash(), known.revision(), known.with(report.source()));
        } else {
            next = new Known(report.contentHash(), known.revision() + 1, known.with(report.source()));
        }
        if (!next.equals(known)) {
            reports.refresh(report.id(), next);
        }
        byContent.putIfAbsent(report.contentHash(), report.id());
        return report.asRevision(next.revision(), report.duplicateOf()).withSources(next.sources());
    }

    /** The sources known to have carried {@code reportId}, first seen first; empty when the id is not known. */
    public synchronized List<ReportSource> sourcesOf(String reportId) {
        Known known = reports.get(reportId);
        return known == null ? List.of() : known.sources();
    }

    /** The revision known for {@code reportId}, or 0 when the id is not known. */
    public synchronized int knownRevision(String reportId) {
        Known known = reports.get(reportId);
        return known == null ? 0 : known.revision();
    }

    /** Reverts a decision whose report could not be published, so the next poll tries it again. */
    public synchronized void forget(Decision decision) {
        Undo undo = decision.undo();
        if (undo == null) {
            return;
        }
        restore(reports, undo.reportId, undo.previous);
        if (undo.contentKey != null) {
            restore(byContent, undo.contentKey, undo.previousContentOwner);
        }
        if (undo.guidKey != null) {
            restore(byGuid, undo.guidKey, undo.previousGuidOwner);
        }
        if (undo.addedFingerprint) {
            near.remove(undo.reportId);
        }
    }

    private static <V> void restore(BoundedMap<String, V> map, String key, V previous) {
        if (previous == null) {
            map.remove(key);
        } else {
            map.put(key, previous);
        }
    }

    public synchronized int size() {
        return reports.size();
    }

    /** The body only: outlets rewrite headlines of syndicated stories, and a title shifts the shingles. */
    private static String nearText(Report report) {
        return Objects.requireNonNullElse(report.text(), "");
    }
}
