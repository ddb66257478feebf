package io.watchfloor.alert.domain.matching;

import io.watchfloor.enrich.domain.groups.NormalizedText;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How filter values and report tags are compared: one normalisation shared by index keys and evaluation, so a
 * report can only be a candidate where evaluation can succeed and never the other way round.
 */
final class Terms {

    static final String THREAT_GROUP = "THREAT_GROUP";
    static final String EVENT = "EVENT";
    static final String LOCATION = "LOCATION";

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private Terms() {
    }

    /** Trimmed and lower-cased; null stays null. */
    static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * A name as a slug: accents and case folded, every run of other characters one dash ("Jaish-e-Mohammed").
     */
    static String slug(String name) {
        if (name == null) {
            return "";
        }
        String s = NOT_WORD.matcher(NormalizedText.foldKey(name)).replaceAll("-");
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '-') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '-') {
            to--;
        }
        return s.substring(from, to);
    }

    /** The id prefix of an entity type: person, org, location, nationality, or the type lower-cased. */
    static String typePrefix(String type) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "PERSON" -> "person";
            case "ORGANIZATION" -> "org";
            case "LOCATION" -> "location";
            case "NATIONALITY" -> "nationality";
            default -> t.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The canonical prefix for a typed filter value's prefix, or null when it is not an entity type prefix.
     */
    static String canonicalPrefix(String prefix) {
        return switch (prefix) {
            case "person" -> "person";
            case "org", "organization", "organisation" -> "org";
            case "location", "loc", "place" -> "location";
            case "nationality" -> "nationality";
            default -> null;
        };
    }

    /**
     * The entity's id, or one derived from type and name ({@code person:sharifullah}) when the enricher gave
     * none.
     */
    static String entityId(AlertReport.Entity e) {
        return isBlank(e.id()) ? typePrefix(e.type()) + ":" + slug(e.name()) : e.id();
    }

    /**
     * The id the enricher gives the EVENT entity of an event: {@code event:} + its lower-cased, dashed name.
     */
    static String eventId(AlertReport.Event e) {
        String name = e.name() == null ? "" : e.name().toLowerCase(Locale.ROOT);
        return "event:" + NOT_WORD.matcher(name).replaceAll("-");
    }

    /** Keys an entity tag is found under: its id, its derived typed id, its name. */
    static Set<String> entityKeys(AlertReport.Entity e) {
        Set<String> keys = new LinkedHashSet<>(4);
        if (!isBlank(e.id())) {
            keys.add("id:" + lower(e.id()));
        }
        String slug = slug(e.name());
        if (!slug.isEmpty()) {
            keys.add("id:" + typePrefix(e.type()) + ":" + slug);
            keys.add("name:" + slug);
        }
        return keys;
    }

    /**
     * Keys a filter value of entities or places stands for: a value with a colon is an id ({@code
     * geo:country:PK}), and with a type prefix also a typed name ({@code person:Michael Kurilla}); any other
     * value is a name.
     */
    static Set<String> filterEntityKeys(String value) {
        Set<String> keys = new LinkedHashSet<>(2);
        String v = lower(value);
        if (isBlank(v)) {
            return keys;
        }
        int colon = v.indexOf(':');
        if (colon > 0 && colon < v.length() - 1) {
            keys.add("id:" + v);
            String prefix = canonicalPrefix(v.substring(0, colon));
            String slug = slug(v.substring(colon + 1));
            if (prefix != null && !slug.isEmpty()) {
                keys.add("id:" + prefix + ":" + slug);
            }
        } else {
            String slug = slug(v);
            if (!slug.isEmpty()) {
                keys.add("name:" + slug);
            }
        }
        return keys;
    }

    /**
     * True for entity tags the entities and places clauses consider (groups and events have their own
     * clauses).
     */
    static boolean isPlainEntity(AlertReport.Entity e) {
        String t = e.type() == null ? "" : e.type().toUpperCase(Locale.ROOT);
        return !t.equals(THREAT_GROUP) && !t.equals(EVENT);
    }

    static boolean isLocation(AlertReport.Entity e) {
        return e.type() != null && LOCATION.equalsIgnoreCase(e.type());
    }
}
