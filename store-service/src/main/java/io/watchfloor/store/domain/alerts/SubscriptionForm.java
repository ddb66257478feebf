package io.watchfloor.store.domain.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subscription form as the analyst typed it: list fields are text (values separated by commas or new lines),
 * so a refused form comes back exactly as sent. Turns into a {@link SubscriptionDraft}, and sorts alert-service's
 * field problems ({@code filter.groups[1]}) under the form field they belong to. The webhook secret is never
 * filled back in: it is the one value the page must not echo.
 */
public record SubscriptionForm(String name, String groups, boolean includeAffiliates, String entities, String places,
                               String keywords, String topics, String eventTypes, List<String> roles,
                               String temporal, String minScore, String languages, String sources,
                               String webhookUrl, String webhookSecret, String digest, int previewDays) {

    /** The roles the enricher gives a group, in the order the form offers them. */
    public static final List<String> ROLES = List.of("mentioned", "claimed", "attributed", "targeted");
    public static final List<Integer> PREVIEW_DAYS = List.of(1, 3, 7, 30, 90);
    public static final int DEFAULT_PREVIEW_DAYS = 7;
    /** Where problems go that name no field of the form. */
    public static final String GENERAL = "form";
    private static final Pattern PATH = Pattern.compile("^(?:filter\\.)?([A-Za-z.]+)(?:\\[(\\d+)])?$");
    private static final Map<String, String> WEBHOOK_FIELDS = Map.of("webhook.url", "webhookUrl",
            "webhook.secret", "webhookSecret", "webhook", "webhookUrl");

    public SubscriptionForm {
        name = text(name);
        groups = text(groups);
        entities = text(entities);
        places = text(places);
        keywords = text(keywords);
        topics = text(topics);
        eventTypes = text(eventTypes);
        roles = roles == null ? List.of() : List.copyOf(roles);
        temporal = text(temporal).isBlank() ? "any" : temporal.strip().toLowerCase(Locale.ROOT);
        minScore = text(minScore);
        languages = text(languages);
        sources = text(sources);
        webhookUrl = text(webhookUrl);
        webhookSecret = text(webhookSecret);
        digest = text(digest);
        previewDays = PREVIEW_DAYS.contains(previewDays) ? previewDays : DEFAULT_PREVIEW_DAYS;
    }

    public static SubscriptionForm empty() {
        return of(Map.of());
    }

    /** The form as posted: field name -> values (several for the role checkboxes). */
    public static SubscriptionForm of(Map<String, List<String>> fields) {
        int days;
        try {
            days = Integer.parseInt(first(fields, "previewDays").strip());
        } catch (NumberFormatException e) {
            days = DEFAULT_PREVIEW_DAYS;
        }
        List<String> roles = new ArrayList<>();
        for (String role : fields.getOrDefault("roles", List.of())) {
            if (role != null && !role.isBlank()) {
                roles.add(role.strip());
            }
        }
        return new SubscriptionForm(first(fields, "name"), first(fields, "groups"),
                "true".equals(first(fields, "includeAffiliates")), first(fields, "entities"),
                first(fields, "places"), first(fields, "keywords"), first(fields, "topics"),
                first(fields, "eventTypes"), roles, first(fields, "temporal"), first(fields, "minScore"),
                first(fields, "languages"), first(fields, "sources"), first(fields, "webhookUrl"),
                first(fields, "webhookSecret"), first(fields, "digest"), days);
    }

    /** A stored subscription, to edit: the secret stays empty (kept unless a new one is typed). */
    public static SubscriptionForm of(Subscription s) {
        SubscriptionDraft.Filter f = s.filter();
        return new SubscriptionForm(s.name(), join(f.groups()), f.includeAffiliates(), join(f.entities()),
                join(f.places()), join(f.keywords()), join(f.topics()), join(f.eventTypes()), f.roles(),
                f.temporal(), f.minScore() == null ? "" : String.valueOf(f.minScore()), join(f.languages()),
                join(f.sources()), s.webhook() == null ? "" : s.webhook().url(), "", s.digest(),
                DEFAULT_PREVIEW_DAYS);
    }

    /** The draft alert-service checks; only what the form alone can tell (a score that is no number) fails here. */
    public SubscriptionDraft draft() throws InvalidSubscriptionException {
        Double score = null;
        if (!minScore.isBlank()) {
            try {
                score = Double.valueOf(minScore.strip());
            } catch (NumberFormatException e) {
                throw new InvalidSubscriptionException("The minimum score is not a number", List.of(
                        new FieldProblem("filter.minScore", "\"" + minScore + "\" is not a number between 0 and 1")));
            }
        }
        SubscriptionDraft.Filter filter = new SubscriptionDraft.Filter(values(groups), includeAffiliates,
                values(entities), values(places), values(keywords), values(topics), values(eventTypes), roles,
                temporal, score, values(languages), values(sources));
        return new SubscriptionDraft(name.strip(), filter, webhookUrl.strip(), webhookSecret.strip(),
                digest.strip());
    }

    /**
     * alert-service's problems under the form field each belongs to ({@code filter.groups[1]} -> {@code groups},
     * {@code webhook.secret} -> {@code webhookSecret}); a value-level problem whose message does not quote the value
     * gets it in front. Problems naming no form field go under {@link #GENERAL}.
     */
    public Map<String, List<String>> problemsByField(List<FieldProblem> problems) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (FieldProblem p : problems) {
            String field = p.field() == null ? "" : p.field().strip();
            String target = GENERAL;
            String message = p.message();
            if (WEBHOOK_FIELDS.containsKey(field)) {
                target = WEBHOOK_FIELDS.get(field);
            } else if (field.equals("filter")) {
                target = "filter";
            } else {
                Matcher m = PATH.matcher(field);
                if (m.matches() && listText(m.group(1)) != null) {
                    target = m.group(1);
                    if (m.group(2) != null) {
                        List<String> vals = values(listText(target));
                        int i = Integer.parseInt(m.group(2));
                        if (i < vals.size() && !message.contains(vals.get(i))) {
                            message = "\"" + vals.get(i) + "\": " + message;
                        }
                    }
                } else if (m.matches() && List.of("name", "digest", "includeAffiliates", "temporal", "minScore",
                        "roles").contains(m.group(1))) {
                    target = m.group(1);
                }
                if (target.equals(GENERAL) && !field.isEmpty()) {
                    message = field + ": " + message;
                }
            }
            out.computeIfAbsent(target, k -> new ArrayList<>()).add(message);
        }
        return out;
    }

    /** The text of a list field by its name, or null for a field that is no list. */
    private String listText(String field) {
        return switch (field) {
            case "groups" -> groups;
            case "entities" -> entities;
            case "places" -> places;
            case "keywords" -> keywords;
            case "topics" -> topics;
            case "eventTypes" -> eventTypes;
            case "languages" -> languages;
            case "sources" -> sources;
            default -> null;
        };
    }

    /** Values separated by commas or new lines, trimmed, empty ones dropped. */
    public static List<String> values(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String v : text.split("[,\\r\\n]+")) {
            if (!v.isBlank()) {
                out.add(v.strip());
            }
        }
        return out;
    }

    static String join(List<String> values) {
        return values == null ? "" : String.join(", ", values);
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
