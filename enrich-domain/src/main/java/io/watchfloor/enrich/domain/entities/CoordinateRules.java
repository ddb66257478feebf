package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.LOCATION;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.PRODUCER;

/**
 * Rule set: places referenced by geographic coordinates, the way reports and encyclopaedias write them:
 * degrees-minutes-seconds ("33°47′N 44°30′E", "59°10′25″N 18°10′05″E"), decimal degrees with hemispheres
 * ("33.783°N 44.500°E") and signed decimal pairs ("33.505716; 36.269635", or with a comma when both numbers carry at
 * least five decimals, as GPS readings do and exchange rates do not). Each point is a LOCATION whose id rounds it to
 * two decimals (about a kilometre), so the forms of one point written side by side are one entity; {@code lat} and
 * {@code lon} carry the first mention's value. Latitudes beyond 90, longitudes beyond 180 and minutes or seconds of 60
 * or more are not coordinates.
 */
final class CoordinateRules {

    private static final String DEG = "\\s?[°º]\\s?";
    private static final String MIN = "\\s?[′'’]\\s?";
    private static final String SEC = "\\s?(?:[″\"”]|′′|'')\\s?";
    /** Not glued to a longer number or word on either side. */
    private static final String START = "(?<![\\p{L}\\p{N}.,°′″'-])";
    private static final String END = "(?![\\p{L}\\p{N}°′″])";

    private static final Pattern DMS = Pattern.compile(START
            + "(\\d{1,2})" + DEG + "(\\d{1,2}(?:\\.\\d+)?)" + MIN + "(?:(\\d{1,2}(?:\\.\\d+)?)" + SEC + ")?([NS])"
            + "[,;]?\\s{1,3}"
            + "(\\d{1,3})" + DEG + "(\\d{1,2}(?:\\.\\d+)?)" + MIN + "(?:(\\d{1,2}(?:\\.\\d+)?)" + SEC + ")?([EW])"
            + END);
    private static final Pattern DECIMAL_HEMISPHERES = Pattern.compile(START
            + "(\\d{1,2}(?:\\.\\d+)?)" + DEG + "([NS])[,;]?\\s{1,3}(\\d{1,3}(?:\\.\\d+)?)" + DEG + "([EW])" + END);
    private static final Pattern SIGNED_PAIR = Pattern.compile(START
            + "(-?\\d{1,2}\\.\\d{3,})\\s?;\\s?(-?\\d{1,3}\\.\\d{3,})" + END
            + "|" + START + "(-?\\d{1,2}\\.\\d{5,}),\\s?(-?\\d{1,3}\\.\\d{5,})" + END);

    private CoordinateRules() {
    }

    /** One finding per point (two-decimal id), mentions in reading order over the given fields. */
    static List<EntityFinding> find(List<FieldState> fields) {
        Map<String, Point> byId = new LinkedHashMap<>();
        for (FieldState f : fields) {
            String text = f.t.text;
            boolean degrees = text.indexOf('°') >= 0 || text.indexOf('º') >= 0;
            boolean decimals = longDecimal(text);
            if (!degrees && !decimals) {
                continue; // the usual case: no regular expression runs
            }
            List<Hit> hits = new ArrayList<>();
            if (degrees) {
                Matcher m = DMS.matcher(text);
                while (m.find()) {
                    double lat = dms(m.group(1), m.group(2), m.group(3), m.group(4));
                    double lon = dms(m.group(5), m.group(6), m.group(7), m.group(8));
                    add(hits, m.start(), m.end(), lat, lon);
                }
                m = DECIMAL_HEMISPHERES.matcher(text);
                while (m.find()) {
                    double lat = Double.parseDouble(m.group(1)) * ("S".equals(m.group(2)) ? -1 : 1);
                    double lon = Double.parseDouble(m.group(3)) * ("W".equals(m.group(4)) ? -1 : 1);
                    add(hits, m.start(), m.end(), lat, lon);
                }
            }
            if (decimals) {
                Matcher m = SIGNED_PAIR.matcher(text);
                while (m.find()) {
                    boolean semicolon = m.group(1) != null;
                    add(hits, m.start(), m.end(), Double.parseDouble(m.group(semicolon ? 1 : 3)),
                            Double.parseDouble(m.group(semicolon ? 2 : 4)));
                }
            }
            hits.sort((a, b) -> Integer.compare(a.start, b.start));
            for (Hit h : hits) {
                String id = String.format(Locale.ROOT, "geo:coord:%.2f,%.2f", h.lat, h.lon);
                Point p = byId.computeIfAbsent(id, k -> new Point(h));
                p.mentions.add(new Evidence(f.name, h.start, h.end, text.substring(h.start, h.end)));
            }
        }
        List<EntityFinding> out = new ArrayList<>(byId.size());
        byId.forEach((id, p) -> {
            Map<String, String> attrs = new TreeMap<>();
            attrs.put("kind", "coordinates");
            attrs.put("lat", String.format(Locale.ROOT, "%.6f", p.first.lat));
            attrs.put("lon", String.format(Locale.ROOT, "%.6f", p.first.lon));
            attrs.put("rules", "coordinates");
            String name = String.format(Locale.ROOT, "%.4f, %.4f", p.first.lat, p.first.lon);
            out.add(new EntityFinding(LOCATION, id, name, 0.95, PRODUCER, List.copyOf(p.mentions),
                    Collections.unmodifiableMap(attrs)));
        });
        return out;
    }

    /** Whether the text has a number with three decimals or more ("33.505"), the least a signed pair needs. */
    private static boolean longDecimal(String text) {
        int n = text.length();
        for (int i = text.indexOf('.'); i >= 0 && i + 3 < n; i = text.indexOf('.', i + 1)) {
            if (i > 0 && Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1))
                    && Character.isDigit(text.charAt(i + 2)) && Character.isDigit(text.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    /** Degrees, minutes, optional seconds and a hemisphere letter as signed decimal degrees, or NaN when invalid. */
    static double dms(String deg, String min, String sec, String hemisphere) {
        double m = Double.parseDouble(min);
        double s = sec == null ? 0 : Double.parseDouble(sec);
        if (m >= 60 || s >= 60) {
            return Double.NaN;
        }
        double v = Integer.parseInt(deg) + m / 60 + s / 3600;
        return "S".equals(hemisphere) || "W".equals(hemisphere) ? -v : v;
    }

    /** Keeps a valid point that no earlier form of the same field already covers. */
    private static void add(List<Hit> hits, int start, int end, double lat, double lon) {
        if (Double.isNaN(lat) || Double.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
            return;
        }
        for (Hit h : hits) {
            if (h.start < end && start < h.end) {
                return;
            }
        }
        hits.add(new Hit(start, end, lat, lon));
    }

    private record Hit(int start, int end, double lat, double lon) {
    }

    private static final class Point {
        final Hit first;
        final List<Evidence> mentions = new ArrayList<>(2);

        Point(Hit first) {
            this.first = first;
        }
    }
}
