package io.watchfloor.alert.domain.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds AlertReports for tests: evidence spans are computed from the text so they are always consistent. */
public final class TestReports {

    private String id = "r1";
    private int revision = 1;
    private String title;
    private String text = "";
    private String sourceName = "Example Wire";
    private String sourceKind = "rss";
    private String language = "en";
    private String duplicateOf;
    private String canonicalUrl = "https://news.example/r1";
    private final List<AlertReport.Group> groups = new ArrayList<>();
    private final List<AlertReport.Entity> entities = new ArrayList<>();
    private final List<AlertReport.Event> events = new ArrayList<>();
    private final List<AlertReport.Topic> topics = new ArrayList<>();

    public static TestReports report() {
        return new TestReports();
    }

    public TestReports id(String value) {
        this.id = value;
        return this;
    }

    public TestReports revision(int value) {
        this.revision = value;
        return this;
    }

    public TestReports title(String value) {
        this.title = value;
        return this;
    }

    public TestReports text(String value) {
        this.text = value;
        return this;
    }

    public TestReports source(String name, String kind) {
        this.sourceName = name;
        this.sourceKind = kind;
        return this;
    }

    public TestReports language(String value) {
        this.language = value;
        return this;
    }

    public TestReports duplicateOf(String value) {
        this.duplicateOf = value;
        return this;
    }

    public TestReports url(String value) {
        this.canonicalUrl = value;
        return this;
    }

    /** A group tag whose evidence is the first occurrence of {@code surface} in the text (none if absent). */
    public TestReports group(String groupId, String affiliation, String role, double score, String surface) {
        groups.add(new AlertReport.Group(groupId, groupId + " name", affiliation, role, score,
                spans(surface)));
        return this;
    }

    public TestReports group(String groupId, double score) {
        return group(groupId, null, "mentioned", score, null);
    }

    public TestReports entity(String type, String entityId, String name, double score) {
        entities.add(new AlertReport.Entity(type, entityId, name, score, spans(name)));
        return this;
    }

    public TestReports event(String name, String type, String temporal, double score) {
        events.add(new AlertReport.Event(name, type, temporal, null, score, spans(name)));
        return this;
    }

    public TestReports topic(String name, double score) {
        topics.add(new AlertReport.Topic(name, score, List.of()));
        return this;
    }

    private List<Evidence> spans(String surface) {
        if (surface == null || text == null) {
            return List.of();
        }
        int at = text.indexOf(surface);
        return at < 0 ? List.of() : List.of(new Evidence(Evidence.TEXT, at, at + surface.length(), surface));
    }

    public AlertReport build() {
        return new AlertReport(id, revision, title, text, sourceName, sourceKind, "https://feeds.example/rss",
                canonicalUrl, language, Instant.parse("2026-11-30T10:00:00Z"),
                Instant.parse("2026-11-30T10:05:00Z"),
                duplicateOf, groups, entities, events, topics, "test-catalog");
    }
}
