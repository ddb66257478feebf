package io.watchfloor.ingest.feeds.dedup;

import io.watchfloor.ingest.domain.Report;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, across all sources, whether a report is new, a new revision of a known report (same GUID or same
 * canonical URL, changed content), an exact duplicate (same content, or nothing changed: not published again)
 * or a near-duplicate (SimHash within distance 3 of an earlier report: published, linked to the first copy).
 * Bounded; a decision is applied at once and undone with {@link #forget} when publishing fails.
 */
public final class DuplicateIndex {

    /** What to do with a report. */
    public enum Kind { NEW, NEW_REVISION, DUPLICATE, NEAR_DUPLICATE }

    /** A decision: publish unless DUPLICATE, under {@code reportId} with {@code revision}, linked to duplicateOf. */
    public record Decision(Kind kind, String reportId, int revision, String duplicateOf, String reason, Undo undo) {

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

    private record Known(String contentHash, int revision) {
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
                return new Decision(Kind.DUPLICATE, knownId, known.revision(), knownId,
                        "unchanged (same " + (guidKey != null && knownId.equals(byGuid.get(guidKey)) ? "GUID" : "URL")
                                + " and content)", null);
            }
            if (contentOwner != null && !contentOwner.equals(knownId)) {
                return new Decision(Kind.DUPLICATE, contentOwner, known.revision(), contentOwner,
                        "same content as " + contentOwner, null);
            }
            Known next = new Known(report.contentHash(), known.revision() + 1);
            Undo undo = record(knownId, next, report, guidKey, false);
            return new Decision(Kind.NEW_REVISION, knownId, next.revision(), null, "content changed", undo);
        }
        if (contentOwner != null) {
            return new Decision(Kind.DUPLICATE, contentOwner, 1, contentOwner, "same content as " + contentOwner, null);
        }
        OptionalLong fingerprint = SimHash.of(nearText(report));
        Optional<String> first = fingerprint.isPresent() ? near.nearest(fingerprint.getAsLong(), report.id())
                : Optional.empty();
        Undo undo = record(report.id(), new Known(report.contentHash(), 1), report, guidKey,
                fingerprint.isPresent());
        fingerprint.ifPresent(f -> near.add(report.id(), f));
        if (first.isPresent()) {
            return new Decision(Kind.NEAR_DUPLICATE, report.id(), 1, first.get(), "near-duplicate of " + first.get(),
                    undo);
        }
        return new Decision(Kind.NEW, report.id(), 1, null, "new", undo);
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
        if (known != null && known.revision() >= stored.revision()) {
            return false;
        }
        reports.refresh(stored.id(), new Known(stored.contentHash(), stored.revision()));
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
        Known known = reports.get(report.id());
        int revision;
        if (known == null) {
            revision = 1;
        } else if (known.contentHash().equals(report.contentHash())) {
            return known.revision();
        } else {
            revision = known.revision() + 1;
        }
        reports.refresh(report.id(), new Known(report.contentHash(), revision));
        byContent.putIfAbsent(report.contentHash(), report.id());
        return revision;
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
        restore(byContent, undo.contentKey, undo.previousContentOwner);
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
