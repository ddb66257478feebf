package io.watchfloor.enrich.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gazetteer builder on tiny hand-written inputs: ids, demonyms, common-word guard, context flags. */
class EntityGazetteerBuilderTest {

    private static final String COUNTRIES = """
            [{"cca2": "PK", "cca3": "PAK", "unMember": true, "name": {"common": "Pakistan",
              "official": "Islamic Republic of Pakistan"}, "altSpellings": ["PK", "Pākistān", "Pakistan, Rep. of"],
              "demonyms": {"eng": {"m": "Pakistani", "f": "Pakistani"}}, "capital": ["Islamabad"]},
             {"cca2": "MP", "cca3": "MNP", "unMember": false, "name": {"common": "Northern Mariana Islands",
              "official": "Commonwealth of the Northern Mariana Islands"}, "altSpellings": [],
              "demonyms": {"eng": {"m": "American", "f": "American"}}, "capital": ["Saipan"]},
             {"cca2": "US", "cca3": "USA", "unMember": true, "name": {"common": "United States",
              "official": "United States of America"}, "altSpellings": ["US", "USA"],
              "demonyms": {"eng": {"m": "American", "f": "American"}}, "capital": ["Washington D.C."]}]
            """;
    private static final String ADMIN1 = """
            [{"code": "PK.02", "name": "Balochistan"}, {"code": "NG.05", "name": "Borno State"},
             {"code": "XX.01", "name": "Union"}]
            """;
    private static final String CITIES = """
            [{"name": "Islamabad", "country": "PK", "admin1": "08", "lat": "0", "lng": "0", "admin2": ""},
             {"name": "Chaman", "country": "PK", "admin1": "02", "lat": "0", "lng": "0", "admin2": ""},
             {"name": "Dera Ismail Khan", "country": "PK", "admin1": "03", "lat": "0", "lng": "0", "admin2": ""},
             {"name": "Reading", "country": "PH", "admin1": "01", "lat": "0", "lng": "0", "admin2": ""},
             {"name": "Of", "country": "TR", "admin1": "61", "lat": "0", "lng": "0", "admin2": ""}]
            """;

    @Test
    void shouldBuildReproducibleGazetteersWithGuardsAndStableIds(@TempDir Path dir) throws IOException {
        Path geo = Files.createDirectories(dir.resolve("geo"));
        Files.writeString(geo.resolve("world-countries-test.json"), COUNTRIES);
        Files.writeString(geo.resolve("geonames-admin1-test.json"), ADMIN1);
        Files.writeString(geo.resolve("geonames-cities1000-test.json"), CITIES);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("common-words.txt"), "# test\nunion\nreading\nof\n");

        GazetteerBuilder.main(new String[] {geo.toString(), out.toString()});
        List<String> countries = Files.readAllLines(out.resolve("geo.tsv"));
        List<String> cities = gunzip(out.resolve("cities.tsv.gz"));

        assertTrue(countries.contains("Pakistan\tgeo:country:PK\tPakistan\tcountry\t"), countries.toString());
        assertTrue(countries.contains("Pakistani\tgeo:country:PK\tPakistan\tdemonym\t"), countries.toString());
        assertTrue(countries.contains("American\tgeo:country:US\tUnited States\tdemonym\t"),
                "UN members win demonyms: " + countries);
        assertTrue(countries.contains("Islamabad\tgeo:city:PK:islamabad\tIslamabad\tcapital\t"), countries.toString());
        assertTrue(countries.contains("Borno\tgeo:admin1:NG.05\tBorno State\tadmin1\t"), countries.toString());
        assertTrue(countries.contains("USA\tgeo:country:US\tUnited States\tcountry\tcs")
                || countries.stream().noneMatch(l -> l.startsWith("USA\t")), countries.toString());
        assertTrue(countries.stream().noneMatch(l -> l.startsWith("PK\t") || l.startsWith("Union\t")
                || l.contains("Rep. of")), countries.toString());

        assertTrue(cities.contains("Chaman\tgeo:city:PK:chaman\tChaman\tcity\tctx"), cities.toString());
        assertTrue(cities.contains("Dera Ismail Khan\tgeo:city:PK:dera-ismail-khan\tDera Ismail Khan\tcity\t"),
                cities.toString());
        assertFalse(cities.stream().anyMatch(l -> l.startsWith("Reading\t") || l.startsWith("Of\t")
                || l.startsWith("Islamabad\t")), cities.toString());

        byte[] first = Files.readAllBytes(out.resolve("cities.tsv.gz"));
        GazetteerBuilder.main(new String[] {geo.toString(), out.toString()});
        assertArrayEquals(first, Files.readAllBytes(out.resolve("cities.tsv.gz")), "output must be reproducible");
    }

    private static List<String> gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
