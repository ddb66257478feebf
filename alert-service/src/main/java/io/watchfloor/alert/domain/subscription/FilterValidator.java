package io.watchfloor.alert.domain.subscription;

import io.watchfloor.enrich.domain.groups.NormalizedText;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Checks a subscription before it is stored: every problem at once, each naming its field path
 * ({@code filter.groups[1]}) and, for an unknown group id, the closest catalog ids. Thread-safe.
 */
public final class FilterValidator {

    public static final int MAX_VALUES = 200;
    public static final int MAX_VALUE_LENGTH = 200;
    public static final int MIN_KEYWORD_LENGTH = 2;
    public static final int MAX_SUGGESTIONS = 5;
    public static final Duration MIN_DIGEST = Duration.ofMinutes(1);
    public static final Duration MAX_DIGEST = Duration.ofDays(1);
    public static final String SECRET_PREFIX = "whsec_";
    public static final int MIN_SECRET_BYTES = 24;
    public static final int MAX_SECRET_BYTES = 64;

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2}");

    private final GroupDirectory groups;
    /**
     * Per group id: the id and its folded name and aliases, compared against an unknown id for suggestions.
     */
    private final Map<String, List<String>> spellings;

    public FilterValidator(GroupDirectory groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
        Map<String, List<String>> s = new TreeMap<>();
        for (String id : groups.ids()) {
            List<String> keys = new ArrayList<>();
            keys.add(id.toLowerCase(Locale.ROOT));
            groups.name(id).map(NormalizedText::foldKey).ifPresent(keys::add);
            for (String alias : groups.aliases(id)) {
                keys.add(NormalizedText.foldKey(alias));
            }
            s.put(id, List.copyOf(keys));
        }
        this.spellings = s;
    }

    /** Every problem of the subscription: id, filter, webhook and digest. Empty when it can be stored. */
    public List<FieldError> validate(Subscription subscription) {
        List<FieldError> errors = new ArrayList<>();
        if (subscription == null) {
            errors.add(new FieldError("subscription", "is required"));
            return errors;
        }
        if (isBlank(subscription.id())) {
            errors.add(new FieldError("id", "must not be empty"));
        }
        errors.addAll(validateFilter(subscription.filter()));
        if (subscription.webhook() != null) {
            errors.addAll(validateWebhook(subscription.webhook()));
        }
        Duration digest = subscription.digest();
        if (digest != null && (digest.compareTo(MIN_DIGEST) < 0 || digest.compareTo(MAX_DIGEST) > 0)) {
            errors.add(new FieldError("digest", "must be between " + MIN_DIGEST + " and " + MAX_DIGEST
                    + ", got " + digest));
        }
        return errors;
    }

    /** Problems of a filter alone, with field paths under {@code filter.}. */
    public List<FieldError> validateFilter(SubscriptionFilter filter) {
        List<FieldError> errors = new ArrayList<>();
        if (filter == null) {
            errors.add(new FieldError("filter", "is required"));
            return errors;
        }
        if (filter.isSourceHealth()) {
            return validateSourceHealth(filter);
        }
        if (!filter.hasCriteria()) {
            errors.add(new FieldError("filter", "is empty and would fire on every report; give at least one"
                    + " of groups, entities, places, keywords, topics, eventTypes, languages, sources (or only"
                    + " sourceHealth to watch feed sources instead)"));
        }
        eachValue(errors, SubscriptionFilter.GROUPS, filter.groups(), (path, value) -> {
            if (!groups.contains(value)) {
                errors.add(new FieldError(path, unknownGroup(value)));
            }
        });
        eachValue(errors, SubscriptionFilter.ENTITIES, filter.entities(), (path, value) -> { });
        eachValue(errors, SubscriptionFilter.PLACES, filter.places(), (path, value) -> { });
        eachValue(errors, SubscriptionFilter.KEYWORDS, filter.keywords(), (path, value) -> {
            if (value.strip().length() < MIN_KEYWORD_LENGTH) {
                errors.add(new FieldError(path, "keyword \"" + value + "\" is shorter than "
                        + MIN_KEYWORD_LENGTH + " characters"));
            } else if (value.chars().noneMatch(Character::isLetterOrDigit)) {
                errors.add(new FieldError(path, "keyword \"" + value + "\" has no letter or digit"));
            }
        });
        eachValue(errors, SubscriptionFilter.TOPICS, filter.topics(), (path, value) -> { });
        eachValue(errors, SubscriptionFilter.EVENT_TYPES, filter.eventTypes(), (path, value) -> { });
        eachValue(errors, SubscriptionFilter.ROLES, filter.roles(), (path, value) -> {
            if (!SubscriptionFilter.GROUP_ROLES.contains(value.strip().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(path, "\"" + value + "\" is not a group role; use one of "
                        + String.join(", ", SubscriptionFilter.GROUP_ROLES)));
            }
        });
        eachValue(errors, SubscriptionFilter.LANGUAGES, filter.languages(), (path, value) -> {
            if (!LANGUAGE.matcher(value.strip()).matches()) {
                errors.add(new FieldError(path, "\"" + value
                        + "\" is not a two-letter ISO 639-1 language code"));
            }
        });
        eachValue(errors, SubscriptionFilter.SOURCES, filter.sources(), (path, value) -> { });
        String temporal = filter.temporal();
        if (temporal != null) {
            String t = temporal.strip().toLowerCase(Locale.ROOT);
            if (!t.equals(SubscriptionFilter.TEMPORAL_ANY)
                    && !t.equals(SubscriptionFilter.TEMPORAL_CURRENT)) {
                errors.add(new FieldError(path(SubscriptionFilter.TEMPORAL), "\"" + temporal
                        + "\" is not a temporal filter; use any or current"));
            }
        }
        Double min = filter.minScore();
        if (min != null && !(min >= 0.0 && min <= 1.0)) {
            errors.add(new FieldError(path(SubscriptionFilter.MIN_SCORE),
                    "must be between 0 and 1, got " + min));
        }
        qualifiers(filter, errors);
        return errors;
    }

    /**
     * A source-health subscription is its own kind: it watches feed sources, so report fields would never
     * match anything in a health record. Mixing is refused rather than half-applied.
     */
    private static List<FieldError> validateSourceHealth(SubscriptionFilter filter) {
        List<FieldError> errors = new ArrayList<>();
        for (String field : filter.reportFieldsGiven()) {
            errors.add(new FieldError(path(field), "cannot be combined with filter.sourceHealth: a source-health"
                    + " subscription watches feed sources, not reports; remove filter." + field
                    + " or create a separate subscription for reports"));
        }
        SourceHealthFilter health = filter.sourceHealth();
        eachValue(errors, SubscriptionFilter.SOURCE_HEALTH + ".sources", health.sources(), (path, value) -> { });
        eachValue(errors, SubscriptionFilter.SOURCE_HEALTH + ".statuses", health.statuses(), (path, value) -> {
            if (!SourceHealthFilter.WATCHABLE.contains(value.strip().toUpperCase(Locale.ROOT))) {
                errors.add(new FieldError(path, "\"" + value + "\" is not a status to watch; use one of "
                        + String.join(", ", SourceHealthFilter.WATCHABLE) + " (a recovery to OK is sent by itself"
                        + " to subscriptions that watched the failure)"));
            }
        });
        return errors;
    }

    /** Qualifiers without the clause they qualify would silently do nothing: say so instead. */
    private static void qualifiers(SubscriptionFilter filter, List<FieldError> errors) {
        boolean noGroups = filter.groups().isEmpty();
        if (filter.includeAffiliates() && noGroups) {
            errors.add(new FieldError(path(SubscriptionFilter.INCLUDE_AFFILIATES),
                    "has no effect without filter.groups"));
        }
        if (!filter.roles().isEmpty() && noGroups) {
            errors.add(new FieldError(path(SubscriptionFilter.ROLES),
                    "constrains group matches only; add filter.groups"));
        }
        if (filter.currentEventsOnly() && filter.eventTypes().isEmpty()) {
            errors.add(new FieldError(path(SubscriptionFilter.TEMPORAL),
                    "\"current\" constrains event matches only; add filter.eventTypes"));
        }
        boolean tagClause = !noGroups || !filter.entities().isEmpty() || !filter.places().isEmpty()
                || !filter.topics().isEmpty() || !filter.eventTypes().isEmpty();
        if (filter.minScore() != null && !tagClause) {
            errors.add(new FieldError(path(SubscriptionFilter.MIN_SCORE),
                    "applies only to groups, entities, places, topics and eventTypes; add one of them"));
        }
    }

    /** Problems of a webhook, with field paths under {@code webhook.}. */
    public List<FieldError> validateWebhook(Webhook webhook) {
        List<FieldError> errors = new ArrayList<>();
        if (isBlank(webhook.url())) {
            errors.add(new FieldError("webhook.url", "is required"));
        } else if (!isHttpUrl(webhook.url())) {
            errors.add(new FieldError("webhook.url", "\"" + webhook.url()
                    + "\" is not an absolute http(s) URL"));
        }
        String secret = webhook.secret();
        // messages never echo the secret
        if (isBlank(secret)) {
            errors.add(new FieldError("webhook.secret", "is required"));
        } else if (!secret.startsWith(SECRET_PREFIX)) {
            errors.add(new FieldError("webhook.secret", "must start with " + SECRET_PREFIX));
        } else {
            byte[] key = null;
            try {
                key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("webhook.secret", "the part after " + SECRET_PREFIX
                        + " is not valid base64"));
            }
            if (key != null && (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES)) {
                errors.add(new FieldError("webhook.secret", "decodes to " + key.length + " bytes; must be "
                        + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES));
            }
        }
        return errors;
    }

    /**
     * Up to {@link #MAX_SUGGESTIONS} catalog ids nearest to {@code value} by edit distance over ids and
     * aliases.
     */
    public List<String> closestGroupIds(String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        String folded = NormalizedText.foldKey(value);
        int limit = Math.max(3, lower.length() / 2);
        // ties go to the group whose id itself is nearer: "iksp" suggests iskp before is-sinai (alias ISSP)
        record Scored(String id, int distance, int idDistance) {
        }
        List<Scored> scored = new ArrayList<>();
        spellings.forEach((id, keys) -> {
            int best = Integer.MAX_VALUE;
            for (String k : keys) {
                best = Math.min(best, Math.min(distance(lower, k), distance(folded, k)));
            }
            if (best <= limit) {
                scored.add(new Scored(id, best, distance(lower, keys.get(0))));
            }
        });
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::distance).thenComparingInt(Scored::idDistance)
                        .thenComparing(Scored::id))
                .limit(MAX_SUGGESTIONS)
                .map(Scored::id)
                .toList();
    }

    private String unknownGroup(String value) {
        String message = "unknown group id \"" + value + "\"";
        Optional<String> resolved = groups.resolve(value);
        if (resolved.isPresent()) {
            return message + "; it names catalog id " + resolved.get() + ", use the id";
        }
        List<String> closest = closestGroupIds(value);
        return closest.isEmpty() ? message + "; no similar catalog id"
                : message + "; closest catalog ids: " + String.join(", ", closest);
    }

    private static void eachValue(List<FieldError> errors, String field, List<String> values,
                                  BiConsumer<String, String> check) {
        if (values.size() > MAX_VALUES) {
            errors.add(new FieldError(path(field), "has " + values.size() + " values; at most "
                    + MAX_VALUES));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String path = path(field) + "[" + i + "]";
            if (isBlank(value)) {
                errors.add(new FieldError(path, "must not be empty"));
            } else if (value.length() > MAX_VALUE_LENGTH) {
                errors.add(new FieldError(path, "is longer than " + MAX_VALUE_LENGTH + " characters"));
            } else {
                check.accept(path, value);
            }
        }
    }

    private static String path(String field) {
        return "filter." + field;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && !isBlank(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                boolean swapped = i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1);
                if (swapped) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
