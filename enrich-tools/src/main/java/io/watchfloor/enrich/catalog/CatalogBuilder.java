package io.watchfloor.enrich.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.watchfloor.enrich.domain.catalog.CatalogAlias;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.ContextVariant;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.groups.NormalizedText;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds catalog/groups.json reproducibly from the curated layer (curated-groups.json) and the raw lists in
 * shared/data/groups: MISP Canada listed entities, MISP MITRE ATT&CK intrusion sets and the UN SC consolidated list.
 * Usage: {@code CatalogBuilder [--data DIR] [--curated FILE] [--out FILE]}; the same inputs give the same bytes.
 */
public final class CatalogBuilder {

    static final String CANADA_FILE = "misp-galaxy-terrorist-groups.json";
    static final String MITRE_FILE = "misp-galaxy-mitre-intrusion-set.json";
    static final String UN_FILE = "un-sc-consolidated-list-2024-09-26.entities-only.xml";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Character.UnicodeScript ARABIC = Character.UnicodeScript.ARABIC;
    private static final Character.UnicodeScript HAN = Character.UnicodeScript.HAN;
    private static final Pattern PARENS = Pattern.compile("\\(([^()]*)\\)");
    private static final Pattern NOT_ARMED = Pattern.compile("(?i)\\b(branch|trust|bank|foundation|company|corp"
            + "|ltd|llc|limited|exchange|relief|charit\\w*|humanitarian|organization|society|agency|hawala"
            + "|association|committee|fund|office|trading|airlines?|services?|institute|academy|ministry"
            + "|department|s\\.a\\.|anstalt|establishment)\\b");

    /** A raw list entry before curation. */
    record RawEntry(String source, String ref, String name, List<String> aliases, String listType) {
    }

    private final JsonNode curated;
    private final Set<String> junk;
    private final Set<String> mitreJunk;
    private final Set<String> mitreUnambiguous;
    private final List<String> log = new ArrayList<>();

    CatalogBuilder(JsonNode curated) {
        this.curated = curated;
        this.junk = foldSet(curated.path("junkAliases"));
        this.mitreJunk = foldSet(curated.path("mitreJunk"));
        this.mitreUnambiguous = foldSet(curated.path("mitreUnambiguous"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path module = Files.isDirectory(Path.of("enrich-service")) ? Path.of("enrich-service") : Path.of(".");
        Path data = Path.of(opts.getOrDefault("--data", defaultDataDir(module).toString()));
        Path curatedFile = Path.of(opts.getOrDefault("--curated",
                module.resolve("src/main/resources/catalog/curated-groups.json").toString()));
        Path out = Path.of(opts.getOrDefault("--out",
                module.resolve("src/main/resources/catalog/groups.json").toString()));
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("Raw group lists not found at " + data.toAbsolutePath()
                    + "; pass --data <shared/data/groups>");
        }
        CatalogBuilder builder = new CatalogBuilder(MAPPER.readTree(curatedFile.toFile()));
        byte[] json = builder.build(data);
        Files.write(out, json);
        builder.log.forEach(System.err::println);
        GroupCatalog check;
        try (InputStream in = Files.newInputStream(out)) {
            check = GroupCatalog.read(in);
        }
        int aliases = check.groups().stream().mapToInt(g -> g.aliases().size()).sum();
        System.out.printf("wrote %s: %s, %d groups, %d aliases%n", out, check.version(), check.groups().size(),
                aliases);
    }

    private static Path defaultDataDir(Path module) {
        Path repo = module.toAbsolutePath().normalize();
        if (Files.exists(repo.resolve("pom.xml")) && repo.getFileName().toString().equals("enrich-service")) {
            repo = repo.getParent();
        }
        return repo.resolveSibling("shared").resolve("data").resolve("groups");
    }

    /** Builds the catalog JSON bytes from the raw lists in {@code dataDir}. */
    byte[] build(Path dataDir) throws Exception {
        Map<String, RawEntry> raw = new LinkedHashMap<>();
        for (RawEntry e : readCanada(dataDir.resolve(CANADA_FILE))) {
            raw.put("canada:" + e.ref(), e);
        }
        for (RawEntry e : readMitre(dataDir.resolve(MITRE_FILE))) {
            raw.put("mitre:" + e.ref(), e);
        }
        for (RawEntry e : readUn(dataDir.resolve(UN_FILE))) {
            raw.put("un:" + e.ref(), e);
        }
        Set<String> used = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        curated.path("excludeRaw").forEach(n -> excluded.add(n.asText()));
        List<GroupDraft> drafts = new ArrayList<>();
        for (JsonNode g : curated.path("groups")) {
            GroupDraft d = GroupDraft.fromCurated(g);
            for (CatalogAlias a : curatedAliases(g)) {
                d.add(a);
            }
            d.add(new CatalogAlias(d.name, false, false, null, null, null, null, null, null, "curated"));
            g.path("refs").fields().forEachRemaining(ref -> {
                String key = ref.getKey() + ":" + ref.getValue().asText();
                RawEntry entry = raw.get(key);
                if (entry == null) {
                    throw new IllegalStateException("Curated group " + d.id + " references " + key
                            + ", which is not in the raw lists; fix refs in curated-groups.json");
                }
                used.add(key);
                rawAliases(entry).forEach(d::add);
            });
            drafts.add(d);
        }
        Map<String, GroupDraft> auto = new TreeMap<>();
        for (List<RawEntry> component : mergeSameEntity(raw, used, excluded)) {
            RawEntry first = component.get(0);
            boolean mitre = first.source().equals("mitre");
            String name = cleanNames(first.name()).stream().findFirst().orElse(first.name());
            if (!mitre && name.equals(name.toUpperCase(Locale.ROOT))) {
                name = titleCase(name);
            }
            String id = mitre ? "mitre-" + first.ref().toLowerCase(Locale.ROOT) : slug(name);
            Map<String, String> refs = new TreeMap<>();
            component.forEach(e -> refs.put(e.source(), e.ref()));
            GroupDraft d = new GroupDraft(id, name, mitre ? "cyber" : "terrorist", null, null, List.of(), refs);
            component.forEach(e -> rawAliases(e).forEach(d::add));
            if (!d.aliases.isEmpty()) {
                auto.put(id, d);
            }
        }
        drafts.addAll(auto.values());
        resolveCollisions(drafts);

        List<CatalogGroup> groups = new ArrayList<>();
        for (GroupDraft d : drafts) {
            if (!d.aliases.isEmpty()) {
                groups.add(d.toGroup());
            }
        }
        Map<String, List<String>> cueSets = MAPPER.convertValue(curated.path("cueSets"),
                new TypeReference<Map<String, List<String>>>() { });
        List<Map<String, String>> sources = List.of(
                source(dataDir.resolve(CANADA_FILE), "MISP galaxy (CC0-1.0/BSD-2-Clause); Government of Canada listed "
                        + "terrorist entities"),
                source(dataDir.resolve(MITRE_FILE), "MISP galaxy (CC0-1.0/BSD-2-Clause); MITRE ATT&CK groups, "
                        + "(c) The MITRE Corporation, used under the ATT&CK terms of use"),
                source(dataDir.resolve(UN_FILE), "UN Security Council Consolidated Sanctions List (names as facts)"),
                orderedMap("curated-groups.json", sha256(MAPPER.writeValueAsBytes(curated)),
                        "Watchfloor curated layer"));
        List<ContextVariant> variants = MAPPER.convertValue(curated.path("contextVariants"),
                new TypeReference<List<ContextVariant>>() { });
        new GroupCatalog("check", groups, cueSets, variants); // fails fast on unknown ids in variants
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] body = pretty.writeValueAsBytes(new GroupCatalog.CatalogFile(null, sources, cueSets, variants, groups));
        String version = "groups-" + sha256(body).substring(0, 12);
        return (pretty.writeValueAsString(new GroupCatalog.CatalogFile(version, sources, cueSets, variants, groups))
                + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Unreferenced raw entries, one component per real-world entity: a Canada entry and a UN entry that share an
     * alias describe the same group and are merged; MITRE entries stay one per ATT&CK id (Canada-first order).
     */
    private List<List<RawEntry>> mergeSameEntity(Map<String, RawEntry> raw, Set<String> used, Set<String> excluded) {
        List<RawEntry> entries = new ArrayList<>();
        raw.forEach((key, e) -> {
            if (!used.contains(key) && !excluded.contains(key) && isGroupLike(e)) {
                entries.add(e);
            }
        });
        int[] parent = new int[entries.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstByKey = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            RawEntry e = entries.get(i);
            if (e.source().equals("mitre")) {
                continue;
            }
            for (CatalogAlias a : rawAliases(e)) {
                String key = NormalizedText.foldKey(a.text());
                Integer other = firstByKey.putIfAbsent(key, i);
                if (other != null && !entries.get(other).source().equals(e.source())) {
                    parent[find(parent, i)] = find(parent, other);
                }
            }
        }
        Map<Integer, List<RawEntry>> components = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            components.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(entries.get(i));
        }
        return new ArrayList<>(components.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private boolean isGroupLike(RawEntry e) {
        return switch (e.source()) {
            case "mitre", "canada" -> true;
            case "un" -> ("Al-Qaida".equalsIgnoreCase(e.listType()) || "Taliban".equalsIgnoreCase(e.listType()))
                    && !NOT_ARMED.matcher(e.name()).find();
            default -> false;
        };
    }

    /** An alias reaching more than one group stays only where an override or the curated layer puts it. */
    private void resolveCollisions(List<GroupDraft> drafts) {
        Map<String, String> overrides = new LinkedHashMap<>();
        curated.path("aliasOverrides").forEach(o ->
                overrides.put(NormalizedText.foldKey(o.path("alias").asText()), o.path("group").asText()));
        Map<String, Set<String>> owners = new LinkedHashMap<>();
        Map<String, Set<String>> curatedOwners = new LinkedHashMap<>();
        for (GroupDraft d : drafts) {
            for (CatalogAlias a : d.aliases.values()) {
                String key = NormalizedText.foldKey(a.text());
                owners.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(d.id);
                if ("curated".equals(a.source())) {
                    curatedOwners.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(d.id);
                }
            }
        }
        owners.forEach((key, ids) -> {
            if (ids.size() < 2) {
                return;
            }
            String keep = overrides.get(key);
            Set<String> cur = curatedOwners.getOrDefault(key, Set.of());
            if (keep == null && cur.size() == 1) {
                keep = cur.iterator().next();
            }
            if (keep == null && cur.size() > 1) {
                throw new IllegalStateException("Curated alias '" + key + "' is claimed by " + cur
                        + "; add an aliasOverrides entry or remove it from all but one group");
            }
            log.add("collision '" + key + "' in " + ids + " -> " + (keep == null ? "dropped" : "kept in " + keep));
            for (GroupDraft d : drafts) {
                if (ids.contains(d.id) && !d.id.equals(keep)) {
                    d.aliases.remove(key);
                }
            }
        });
    }

    private List<CatalogAlias> curatedAliases(JsonNode group) {
        List<CatalogAlias> out = new ArrayList<>();
        Map<String, JsonNode> cueSetsNode = new LinkedHashMap<>();
        curated.path("cueSets").fields().forEachRemaining(e -> cueSetsNode.put(e.getKey(), e.getValue()));
        for (JsonNode a : group.path("aliases")) {
            if (a.isTextual()) {
                out.add(new CatalogAlias(a.asText(), defaultCaseSensitive(a.asText()), false, null, null, null, null,
                        null, null, "curated"));
                continue;
            }
            String text = a.path("text").asText();
            boolean cs = a.has("caseSensitive") ? a.path("caseSensitive").asBoolean() : defaultCaseSensitive(text);
            String negSet = a.path("negativeCueSet").isMissingNode() ? null : a.path("negativeCueSet").asText();
            if (negSet != null && !cueSetsNode.containsKey(negSet)) {
                throw new IllegalStateException("Alias " + text + " names unknown cue set " + negSet);
            }
            out.add(new CatalogAlias(text, cs, a.path("ambiguous").asBoolean(false),
                    a.path("cueSet").isMissingNode() ? null : a.path("cueSet").asText(), strings(a.path("cues")),
                    negSet, strings(a.path("negativeCues")), strings(a.path("adjacentCues")),
                    strings(a.path("previousCues")), "curated"));
        }
        return out;
    }

    /** Acronym-like single tokens (two or more capitals, or a digit) are case-sensitive by default. */
    static boolean defaultCaseSensitive(String alias) {
        if (alias.contains(" ")) {
            return false;
        }
        long upper = alias.chars().filter(Character::isUpperCase).count();
        boolean digit = alias.chars().anyMatch(Character::isDigit);
        return upper >= 2 || digit;
    }

    List<CatalogAlias> rawAliases(RawEntry entry) {
        List<CatalogAlias> out = new ArrayList<>();
        Set<String> texts = new LinkedHashSet<>();
        Set<String> ownNames = new LinkedHashSet<>(cleanNames(entry.name()));
        texts.addAll(ownNames);
        for (String a : entry.aliases()) {
            texts.addAll(cleanNames(a));
        }
        for (String t : texts) {
            String key = NormalizedText.foldKey(t);
            String letters = key.replaceAll("[^\\p{L}\\p{N}]", "");
            if (letters.length() < 3 || letters.chars().allMatch(Character::isDigit)) {
                continue;
            }
            boolean singleWord = !key.contains(" ");
            if (entry.source().equals("mitre")) {
                if (mitreJunk.contains(key)) {
                    continue;
                }
                boolean plainWord = singleWord && t.chars().allMatch(Character::isLetter);
                boolean ambiguous = plainWord && !mitreUnambiguous.contains(key);
                out.add(new CatalogAlias(t, true, ambiguous, ambiguous ? "cyber-positive" : null, null, null, null,
                        null, null, "mitre"));
                continue;
            }
            if (junk.contains(key)) {
                continue;
            }
            boolean acronym = singleWord && t.length() <= 6 && t.equals(t.toUpperCase(Locale.ROOT));
            if (singleWord && !acronym && !ownNames.contains(t)) {
                continue; // lone words in alias lists are mostly split debris ("Leninism", "Intl")
            }
            if (acronym && letters.length() <= 3) {
                continue; // three-letter acronyms from raw lists collide with everything; curate them instead
            }
            boolean allCaps = t.equals(t.toUpperCase(Locale.ROOT));
            boolean caseSensitive = singleWord && !(allCaps && t.length() > 6);
            out.add(new CatalogAlias(allCaps && !singleWord ? titleCase(t) : t, caseSensitive, acronym,
                    acronym ? "armed" : null, null, null, null, null, null, entry.source()));
        }
        return out;
    }

    /** Splits a raw name or alias field into clean alias strings; parenthesised acronyms become aliases too. */
    static List<String> cleanNames(String raw) {
        List<String> out = new ArrayList<>();
        List<String> acronyms = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        String s = raw.replaceAll("\\s+", " ").trim();
        Matcher m = PARENS.matcher(s);
        while (m.find()) {
            String inner = m.group(1).trim();
            boolean acronym = inner.matches("[A-Z][A-Za-z0-9&\\-–]{1,9}")
                    && inner.chars().filter(Character::isUpperCase).count() >= 2;
            if (acronym) {
                acronyms.add(inner);
            }
        }
        s = PARENS.matcher(s).replaceAll(" ").replaceAll("\\s+", " ").trim();
        for (String part : s.split("\\s*[,;]\\s*")) {
            String p = part.trim();
            if (p.startsWith("and ")) {
                p = p.substring(4);
            }
            p = p.replaceAll("[.\\s]+$", "").trim();
            p = p.replaceAll("^(?i)the\\s+", ""); // a leading article would end up inside evidence spans
            if (p.isEmpty() || p.equalsIgnoreCase("N/A") || p.contains("(") || p.contains(")")) {
                continue;
            }
            out.add(p);
        }
        out.addAll(acronyms);
        return out;
    }

    static List<RawEntry> readCanada(Path file) throws IOException {
        List<RawEntry> out = new ArrayList<>();
        for (JsonNode v : MAPPER.readTree(file.toFile()).path("values")) {
            JsonNode meta = v.path("meta");
            List<String> aliases = new ArrayList<>();
            String summary = meta.path("summary").asText("");
            if (!summary.isBlank() && !summary.equalsIgnoreCase("N/A")) {
                aliases.add(summary);
            }
            out.add(new RawEntry("canada", meta.path("id").asText(), v.path("value").asText(), aliases, null));
        }
        return out;
    }

    static List<RawEntry> readMitre(Path file) throws IOException {
        List<RawEntry> out = new ArrayList<>();
        for (JsonNode v : MAPPER.readTree(file.toFile()).path("values")) {
            String ref = v.path("meta").path("external_id").asText();
            String name = v.path("value").asText().replaceAll("\\s+-\\s+G\\d+$", "").trim();
            List<String> synonyms = new ArrayList<>();
            v.path("meta").path("synonyms").forEach(n -> synonyms.add(n.asText()));
            out.add(new RawEntry("mitre", ref, name, synonyms, null));
        }
        return out;
    }

    /** Reads the UN list with DTDs and external entities disabled (XXE-safe). */
    static List<RawEntry> readUn(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document doc = b.parse(file.toFile());
        List<RawEntry> out = new ArrayList<>();
        NodeList entities = doc.getElementsByTagName("ENTITY");
        for (int i = 0; i < entities.getLength(); i++) {
            Element e = (Element) entities.item(i);
            String ref = text(e, "REFERENCE_NUMBER").replaceAll("\\s+", "");
            String name = text(e, "FIRST_NAME").replaceAll("\\s+", " ").trim();
            List<String> aliases = new ArrayList<>();
            NodeList als = e.getElementsByTagName("ENTITY_ALIAS");
            for (int k = 0; k < als.getLength(); k++) {
                String alias = text((Element) als.item(k), "ALIAS_NAME").replaceAll("\\s+", " ").trim();
                // original-script aliases (Arabic, Chinese) never match English news text
                if (!alias.isEmpty() && alias.chars().noneMatch(c -> Character.UnicodeScript.of(c) == ARABIC
                        || Character.UnicodeScript.of(c) == HAN)) {
                    aliases.add(alias.replace(';', ','));
                }
            }
            out.add(new RawEntry("un", ref, name, aliases, text(e, "UN_LIST_TYPE").trim()));
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent();
    }

    private static String titleCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '\'' && c != '’';
        }
        return b.toString();
    }

    static String slug(String name) {
        String s = NormalizedText.foldKey(name).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "group" : s;
    }

    private static Set<String> foldSet(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(n -> out.add(NormalizedText.foldKey(n.asText())));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> source(Path file, String credit) throws IOException {
        return orderedMap(file.getFileName().toString(), sha256(Files.readAllBytes(file)), credit);
    }

    private static Map<String, String> orderedMap(String file, String sha256, String credit) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("sha256", sha256);
        m.put("credit", credit);
        return m;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Mutable group while merging; aliases keyed by folded text, first one wins. */
    static final class GroupDraft {
        final String id;
        final String name;
        final String kind;
        final String affiliation;
        final String wikipedia;
        final List<String> redirects;
        final Map<String, String> refs;
        final Map<String, CatalogAlias> aliases = new LinkedHashMap<>();

        GroupDraft(String id, String name, String kind, String affiliation, String wikipedia, List<String> redirects,
                   Map<String, String> refs) {
            this.id = id;
            this.name = name;
            this.kind = kind;
            this.affiliation = affiliation;
            this.wikipedia = wikipedia;
            this.redirects = redirects;
            this.refs = refs;
        }

        static GroupDraft fromCurated(JsonNode g) {
            Map<String, String> refs = new TreeMap<>();
            g.path("refs").fields().forEachRemaining(e -> refs.put(e.getKey(), e.getValue().asText()));
            List<String> redirects = new ArrayList<>();
            g.path("wikipediaRedirects").forEach(n -> redirects.add(n.asText()));
            String wiki = g.path("wikipedia").asText(null);
            if (wiki != null) {
                refs.put("wikipedia", wiki);
            }
            return new GroupDraft(g.path("id").asText(), g.path("name").asText(), g.path("kind").asText(),
                    g.path("affiliation").asText(null), wiki, redirects, refs);
        }

        void add(CatalogAlias alias) {
            aliases.putIfAbsent(NormalizedText.foldKey(alias.text()), alias);
        }

        CatalogGroup toGroup() {
            return new CatalogGroup(id, name, kind, affiliation, wikipedia, redirects, new TreeMap<>(refs),
                    List.copyOf(aliases.values()));
        }
    }
}
