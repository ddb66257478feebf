package io.watchfloor.store.ui;

import io.watchfloor.store.domain.alerts.Alert;
import io.watchfloor.store.domain.alerts.Delivery;
import io.watchfloor.store.domain.alerts.FieldProblem;
import io.watchfloor.store.domain.alerts.Preview;
import io.watchfloor.store.domain.alerts.Subscription;
import io.watchfloor.store.domain.alerts.SubscriptionDraft;
import io.watchfloor.store.domain.alerts.SubscriptionForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the alerts pages' models from what alert-service answered: index, form with preview, subscription. */
final class AlertPages {
    /** Form field -> the label the page shows for it (also in problem lists). */
    static final Map<String, String> LABELS = labels();

    private AlertPages() {
    }

    static Views.Alerts index(Views.Page page, String location, String notice, List<Subscription> subscriptions) {
        List<Views.SubscriptionLine> lines = new ArrayList<>();
        for (Subscription s : subscriptions) {
            Subscription.Webhook w = s.webhook();
            lines.add(new Views.SubscriptionLine(s.id(), name(s), href(s.id()), editHref(s),
                    summary(s), w == null ? "" : w.url(), webhookState(w), w == null || !w.disabled(),
                    s.digest() == null ? "" : s.digest(), Format.time(s.updatedAt())));
        }
        return new Views.Alerts(page, location, notice, lines);
    }

    static Views.AlertForm form(Views.Page page, String heading, String action, String subscriptionId, String csrf,
                                SubscriptionForm form, List<FieldProblem> problems, String notice,
                                boolean secretSet, Views.AlertPreview preview) {
        Map<String, List<String>> errors = form.problemsByField(problems);
        return new Views.AlertForm(page, heading, action, subscriptionId, csrf, form, errors, notice, secretSet,
                SubscriptionForm.ROLES, SubscriptionForm.PREVIEW_DAYS,
                subscriptionId == null ? "/ui/alerts" : href(subscriptionId), preview);
    }

    static Views.AlertPreview idle() {
        return new Views.AlertPreview("idle", "Change the filter (or press Preview) to see which stored reports it "
                + "would have fired on.", 0, 0, List.of(), List.of());
    }

    static Views.AlertPreview preview(Preview p) {
        List<Views.PreviewHit> hits = new ArrayList<>();
        for (Preview.Hit h : p.hits()) {
            hits.add(new Views.PreviewHit(h.reportId(), h.title() == null ? h.reportId() : h.title(),
                    report(h.reportId()), Format.time(h.publishedAt()), reasons(h.reasons(), h.reportId())));
        }
        return new Views.AlertPreview("ok", "", p.days(), p.scanned(), hits, List.of());
    }

    static Views.AlertPreview invalid(SubscriptionForm form, List<FieldProblem> problems) {
        List<Views.Problem> out = new ArrayList<>();
        form.problemsByField(problems).forEach((field, messages) -> messages.forEach(m ->
                out.add(new Views.Problem(field, LABELS.getOrDefault(field, "Form"), m))));
        return new Views.AlertPreview("invalid", "Fix the filter to see a preview.", 0, 0, List.of(), out);
    }

    static Views.AlertPreview unavailable(String message) {
        return new Views.AlertPreview("unavailable", message, 0, 0, List.of(), List.of());
    }

    /** The subscription page; {@code test} and {@code testRefusal} only right after "Send test event". */
    static Views.AlertSubscription subscription(Views.Page page, Subscription s, String csrf, String notice,
                                                Delivery test, String testRefusal, int alertDays,
                                                List<Alert> alerts, String alertsNote,
                                                List<Delivery> deliveries, String deliveriesNote) {
        Subscription.Webhook w = s.webhook();
        List<Views.AlertLine> alertLines = new ArrayList<>();
        for (Alert a : alerts) {
            if (a.isSourceHealth()) {
                // no report behind it: link the feed health page, and say why in words (no evidence spans)
                alertLines.add(new Views.AlertLine(Format.time(a.createdAt()), a.type(),
                        a.title() == null ? a.reportId() : a.title(), "/ui/sources", a.reportId(),
                        a.sourceName() == null ? "" : a.sourceName(), "", List.of(new Views.Reason(
                                "source health", a.why() == null ? "" : a.why(), "", "", "", List.of()))));
                continue;
            }
            alertLines.add(new Views.AlertLine(Format.time(a.createdAt()), a.type(),
                    a.title() == null ? a.matchedReportId() : a.title(), report(a.matchedReportId()),
                    a.matchedReportId(), a.sourceName() == null ? "" : a.sourceName(), Format.time(a.publishedAt()),
                    reasons(a.reasons(), a.matchedReportId())));
        }
        return new Views.AlertSubscription(page, s.id(), href(s.id()), name(s), rows(s),
                w == null ? "" : w.url(),
                webhookState(w), w == null || !w.disabled(), s.digest() == null ? "" : s.digest(),
                Format.time(s.createdAt()), Format.time(s.updatedAt()), editHref(s), csrf, w != null,
                notice, test == null ? null : delivery(test), testRefusal, alertDays, alertLines, alertsNote,
                deliveries.stream().map(AlertPages::delivery).toList(), deliveriesNote);
    }

    static Views.DeliveryLine delivery(Delivery d) {
        boolean ok = "DELIVERED".equals(d.outcome());
        return new Views.DeliveryLine(Format.time(d.attemptedAt()), d.kind() == null ? "" : d.kind(),
                d.webhookId() == null ? "" : d.webhookId(), d.attempt(),
                d.status() == null ? "no response" : "HTTP " + d.status(), d.latencyMs() + " ms",
                d.outcome() == null ? "" : d.outcome(), ok, d.error(), Format.time(d.nextAttemptAt()),
                d.endpoint() == null ? "" : d.endpoint());
    }

    static List<Views.Reason> reasons(List<Preview.Reason> reasons, String reportId) {
        List<Views.Reason> out = new ArrayList<>();
        for (Preview.Reason r : reasons) {
            List<Views.EvidenceLink> evidence = new ArrayList<>();
            for (Preview.Span e : r.evidence()) {
                evidence.add(new Views.EvidenceLink(e.text(), e.field() + " " + e.start() + "–" + e.end(),
                        report(reportId)));
            }
            String tag = r.tagName() != null ? r.tagName() : r.tagId() != null ? r.tagId() : "";
            if (tag.equalsIgnoreCase(r.value())) {
                tag = ""; // a keyword "matched" by itself: nothing more to say
            }
            out.add(new Views.Reason(r.field(), r.value(), tag, r.role() == null ? "" : r.role(),
                    r.score() == null ? "" : Format.score(r.score()), evidence));
        }
        return out;
    }

    /**
     * The edit form's address, or null for a source-health subscription: the form edits report filters only, so
     * those are shown read-only and changed with alert-service's API.
     */
    static String editHref(Subscription s) {
        return s.isSourceHealth() ? null : href(s.id()) + "/edit";
    }

    /** The rows of a subscription's filter: its report filter, or what it watches of feed source health. */
    static List<Views.Row> rows(Subscription s) {
        if (!s.isSourceHealth()) {
            return rows(s.filter());
        }
        Subscription.SourceHealth h = s.sourceHealth();
        return List.of(
                new Views.Row("Source health", String.join(", ", h.statuses().isEmpty()
                        ? List.of("FAILING", "STALE") : h.statuses()), null),
                new Views.Row("Feed sources", h.sources().isEmpty() ? "every source" : String.join(", ",
                        h.sources()), "/ui/sources"),
                new Views.Row("Editing", "read-only here: change it with PUT /subscriptions/" + s.id()
                        + " on alert-service (see docs/alerts.md, source-health subscriptions)", null));
    }

    /** One line per given filter field, as the index shows it: {@code groups: iskp, ttp (and affiliates)}. */
    static List<String> summary(Subscription s) {
        if (s.isSourceHealth()) {
            Subscription.SourceHealth h = s.sourceHealth();
            return List.of("source health: " + String.join(", ", h.statuses().isEmpty()
                    ? List.of("FAILING", "STALE") : h.statuses()) + " on "
                    + (h.sources().isEmpty() ? "every source" : String.join(", ", h.sources())));
        }
        return summary(s.filter());
    }

    /** One line per given filter field, as the index shows it: {@code groups: iskp, ttp (and affiliates)}. */
    static List<String> summary(SubscriptionDraft.Filter f) {
        List<String> out = new ArrayList<>();
        for (Views.Row row : rows(f)) {
            out.add(row.label().toLowerCase(java.util.Locale.ROOT) + ": " + row.value());
        }
        return out;
    }

    static List<Views.Row> rows(SubscriptionDraft.Filter f) {
        List<Views.Row> rows = new ArrayList<>();
        if (!f.groups().isEmpty()) {
            rows.add(new Views.Row("Groups", String.join(", ", f.groups())
                    + (f.includeAffiliates() ? " (and affiliates)" : ""), null));
        }
        list(rows, "Roles", f.roles());
        list(rows, "Entities", f.entities());
        list(rows, "Places", f.places());
        list(rows, "Keywords", f.keywords());
        list(rows, "Topics", f.topics());
        list(rows, "Event types", f.eventTypes());
        if ("current".equalsIgnoreCase(f.temporal())) {
            rows.add(new Views.Row("Temporal", "current events only", null));
        }
        if (f.minScore() != null) {
            rows.add(new Views.Row("Minimum score", Format.score(f.minScore()), null));
        }
        list(rows, "Languages", f.languages());
        list(rows, "Sources", f.sources());
        return rows;
    }

    private static void list(List<Views.Row> rows, String label, List<String> values) {
        if (!values.isEmpty()) {
            rows.add(new Views.Row(label, String.join(", ", values), null));
        }
    }

    static String webhookState(Subscription.Webhook w) {
        if (w == null) {
            return "no webhook (alerts are read here, with GET /alerts or SSE)";
        }
        if (w.disabled()) {
            return "disabled" + (w.disabledReason() == null ? "" : ": " + w.disabledReason())
                    + " (save the subscription with its webhook to enable it again)";
        }
        return w.secretSet() ? "active, signed" : "active";
    }

    static String href(String subscriptionId) {
        return "/ui/alerts/" + SearchParams.encode(subscriptionId);
    }

    private static String report(String reportId) {
        return "/ui/reports/" + SearchParams.encode(reportId);
    }

    private static String name(Subscription s) {
        return s.name() == null || s.name().isBlank() ? s.id() : s.name();
    }

    private static Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "Name");
        m.put("filter", "Filter");
        m.put("groups", "Groups");
        m.put("includeAffiliates", "Include affiliates");
        m.put("roles", "Roles");
        m.put("entities", "Entities");
        m.put("places", "Places");
        m.put("keywords", "Keywords");
        m.put("topics", "Topics");
        m.put("eventTypes", "Event types");
        m.put("temporal", "Temporal");
        m.put("minScore", "Minimum score");
        m.put("languages", "Languages");
        m.put("sources", "Sources");
        m.put("webhookUrl", "Webhook URL");
        m.put("webhookSecret", "Webhook secret");
        m.put("digest", "Digest");
        return Map.copyOf(m);
    }
}
