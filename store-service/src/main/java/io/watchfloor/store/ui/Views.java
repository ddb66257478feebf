package io.watchfloor.store.ui;

import java.util.List;

/**
 * The records the page templates ({@code src/main/jte}) render. Every string in them is raw data: the templates
 * escape it (jte's HTML mode), so nothing here is pre-escaped.
 */
public final class Views {
    private Views() {
    }

    /** What the layout needs: the page title, the active navigation entry, the alerts link when enabled. */
    public record Page(String title, String nav, String alertsUrl) {
    }

    /** A link with an optional count (facet values, chips, co-occurring names). */
    public record Link(String label, String href, long count) {
    }

    /** A search facet: its title and its values. */
    public record Facet(String title, List<Link> values) {
    }

    /** A part of a search snippet; {@code hit} parts matched the query. */
    public record SnippetPart(String text, boolean hit) {
    }

    /** One search result. */
    public record Result(String id, String href, String title, List<SnippetPart> snippet, List<Link> groups,
                         String published, String ingested, String source) {
    }

    /** The search page. */
    public record Search(Page page, String q, String from, String to, List<Link> activeFilters, List<Facet> facets,
                         String range, long counted, List<Result> results, String nextHref, String firstHref,
                         String exportHref, List<Row> hidden) {
    }

    /** A run of report text; marked runs carry their tags (space-separated keys), kind and offsets. */
    public record Segment(String text, boolean marked, String kind, String tags, String primary, int start,
                          int end) {
    }

    /** An evidence span. */
    public record Evidence(String field, int start, int end, String text) {
    }

    /** How one surface form resolved to the group: surface -> alias -> canonical name, by method, from list. */
    public record AliasPath(String surface, String alias, String canonical, String method, String source) {
    }

    /** An external reference: a label, the identifier, and a link when there is one. */
    public record Ref(String label, String value, String href) {
    }

    /** A group tag of a report. */
    public record GroupTag(String key, String id, String name, String kind, String role, String score,
                           String affiliation, List<AliasPath> paths, List<Ref> refs, List<Evidence> evidence,
                           String href) {
    }

    /** A person, organisation or place tag of a report. */
    /** An entity with its mentions; mentionedAs: the whole mentions wider than the name ("General Michael Kurilla"). */
    public record EntityTag(String key, String kind, String type, String name, String id, String score,
                            List<Evidence> mentions, List<String> mentionedAs, List<String> attributes,
                            String searchHref) {
    }

    /** A named event of a report. */
    public record EventTag(String key, String name, String type, String temporal, String date, String score,
                           List<Evidence> mentions) {
    }

    /** A topic of a report. */
    public record TopicTag(String name, String score, List<String> words, String searchHref) {
    }

    /** A provenance line: label, value, optional link. */
    public record Row(String label, String value, String href) {
    }

    /** The report page. */
    public record Report(Page page, String id, List<Segment> title, List<Segment> text, String published,
                         String ingested, String source, String originalUrl, String jsonHref, String stixHref,
                         String mispHref, List<GroupTag> groups, List<EntityTag> people,
                         List<EntityTag> organizations, List<EntityTag> places, List<EventTag> events,
                         List<TopicTag> topics, List<Row> provenance, List<Link> duplicates, List<String> producers,
                         List<String> warnings) {
    }

    /** One bar of a timeline chart, in SVG user units. */
    public record Bar(String day, long count, int x, int y, int width, int height) {
    }

    /** A reports-per-day chart. */
    public record Timeline(String from, String to, long max, long total, int width, int height, List<Bar> bars) {
    }

    /** The group page. */
    public record Group(Page page, String id, String name, String kind, String affiliation, List<String> aliases,
                        List<Ref> refs, long reports, String first, String last, Timeline timeline,
                        List<Link> groups, List<Link> people, List<Link> places, List<Result> recent,
                        String searchHref, String exportHref) {
    }

    /** A line of the groups index. */
    public record GroupLine(String id, String name, long reports, String lastSeen, String href) {
    }

    /** The groups index. */
    public record Groups(Page page, List<GroupLine> groups) {
    }

    /** A feed with its health and the newest reports the store holds from it. */
    public record SourceLine(String name, String url, String status, boolean healthy, boolean stale,
                             String lastSuccess, String sinceSuccess, String newestItem, String nextPoll,
                             int intervalSeconds, long polls, long published, int itemErrors, long parseErrors,
                             int failures, String lastError, List<Link> lastItems, String searchHref) {
    }

    /** The sources page. */
    public record Sources(Page page, String location, String checked, List<SourceLine> sources) {
    }

    /** The dead-letters page. */
    public record DeadLetterPage(Page page, String topic, long total, long sampled, List<Link> byStage,
                                 List<Link> byService, List<Link> byError,
                                 List<io.watchfloor.store.domain.ops.DeadLetterSummary.Letter> newest) {
    }

    // ---- alerts pages (alert-service's subscriptions, previews, alerts and delivery log) ----

    /** A subscription in the alerts index. */
    public record SubscriptionLine(String id, String name, String href, String editHref, List<String> filter,
                                   String webhook, String webhookState, boolean webhookOk, String digest,
                                   String updated) {
    }

    /** The alerts index: every subscription alert-service holds. */
    public record Alerts(Page page, String location, String notice, List<SubscriptionLine> subscriptions) {
    }

    /** Evidence of a reason: the quoted text, where it is ({@code text 21-27}), and the report it is in. */
    public record EvidenceLink(String text, String where, String href) {
    }

    /** Why a report matched: the filter's field and value, the tag that met it, its role, score and evidence. */
    public record Reason(String field, String value, String tag, String role, String score,
                         List<EvidenceLink> evidence) {
    }

    /** A report the previewed filter would have fired on. */
    public record PreviewHit(String reportId, String title, String href, String published, List<Reason> reasons) {
    }

    /** A problem the preview or the save found, under its form field (label, and the input's id to jump to). */
    public record Problem(String field, String label, String message) {
    }

    /**
     * The preview panel. {@code state}: {@code idle} (nothing asked yet), {@code ok}, {@code invalid} (the filter
     * has problems) or {@code unavailable} (alert-service did not answer; {@code message} says what to do).
     */
    public record AlertPreview(String state, String message, int days, int scanned, List<PreviewHit> hits,
                               List<Problem> problems) {
    }

    /**
     * The subscription form (new or edit) beside its preview. {@code errors} holds each form field's problems;
     * {@code notice} a problem of the whole form (alert-service down, a refused key).
     */
    public record AlertForm(Page page, String heading, String action, String subscriptionId, String csrf,
                            io.watchfloor.store.domain.alerts.SubscriptionForm form,
                            java.util.Map<String, List<String>> errors, String notice, boolean secretSet,
                            List<String> roles, List<Integer> previewDays, String cancelHref,
                            AlertPreview preview) {

        /** The problems of one field, never null (for the template). */
        public List<String> errorsOf(String field) {
            return errors.getOrDefault(field, List.of());
        }

        public boolean hasErrors(String field) {
            return errors.containsKey(field);
        }
    }

    /** An alert of the subscription page. */
    public record AlertLine(String created, String type, String title, String href, String reportId,
                            String source, String published, List<Reason> reasons) {
    }

    /** A webhook attempt of the delivery log. */
    public record DeliveryLine(String attempted, String kind, String webhookId, int attempt, String status,
                               String latency, String outcome, boolean ok, String error, String nextAttempt,
                               String endpoint) {
    }

    /** The subscription page: its filter, webhook, recent alerts and delivery log, and what a test event did. */
    public record AlertSubscription(Page page, String id, String href, String name, List<Row> filter,
                                    String webhookUrl,
                                    String webhookState, boolean webhookOk, String digest, String created,
                                    String updated, String editHref, String csrf, boolean canTest,
                                    String notice, DeliveryLine test, String testRefusal, int alertDays,
                                    List<AlertLine> alerts, String alertsNote, List<DeliveryLine> deliveries,
                                    String deliveriesNote) {
    }

    /** A message page (not found, unavailable). */
    public record Message(Page page, String heading, String text) {
    }
}
