package io.watchfloor.ingest.feeds.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.feeds.LocalFeedServer;
import io.watchfloor.ingest.feeds.dedup.DuplicateIndex;
import io.watchfloor.ingest.feeds.fetch.ArticleFetcher;
import io.watchfloor.ingest.feeds.fetch.FeedFetcherSafetyTest;
import io.watchfloor.ingest.feeds.fetch.FetchLimits;
import io.watchfloor.ingest.feeds.fetch.SafeHttpFetcher;
import io.watchfloor.ingest.feeds.parse.FeedParser;
import io.watchfloor.ingest.feeds.parse.FeedParserTest;
import io.watchfloor.ingest.feeds.parse.NgramLanguageDetection;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FeedLanguageDetectionTest {

    private static final NgramLanguageDetection DETECTION = new NgramLanguageDetection();

    @Test
    void shouldDetectCommonLanguagesAndStayQuietOnShortText() {
        assertEquals(Optional.of("en"), DETECTION.languageOf("Attackers chained two vulnerabilities to run commands "
                + "on exposed gateways; operators should apply the vendor mitigation and hunt for web shells."));
        assertEquals(Optional.of("fr"), DETECTION.languageOf("Les autorités ont arrêté onze suspects accusés "
                + "d'avoir mené une campagne de rançongiciels contre des hôpitaux et des écoles en Europe."));
        assertEquals(Optional.of("de"), DETECTION.languageOf("Die Behörden haben elf Verdächtige festgenommen, "
                + "die Krankenhäuser und Schulen in ganz Europa mit Erpressersoftware angegriffen haben sollen."));
        assertEquals(Optional.of("es"), DETECTION.languageOf("Las autoridades detuvieron a once sospechosos "
                + "acusados de atacar hospitales y escuelas de toda Europa con programas de secuestro de datos."));
        assertEquals(Optional.empty(), DETECTION.languageOf("CVE-2024-21887"));
        assertEquals(Optional.empty(), DETECTION.languageOf(null));
    }

    @Test
    void shouldGiveTheSameAnswerEveryTime() {
        String mixed = "Breaking: der Angriff on the port of Hamburg, selon la police, continues tonight.";
        Optional<String> first = DETECTION.languageOf(mixed);
        for (int i = 0; i < 20; i++) {
            assertEquals(first, DETECTION.languageOf(mixed));
        }
    }

    @Test
    void shouldPutTheDetectedLanguageIntoFeedReports() throws IOException {
        try (LocalFeedServer server = new LocalFeedServer()) {
            server.serve("/rss", "application/rss+xml", FeedParserTest.sample("rss2.xml"));
            SafeHttpFetcher fetcher = new SafeHttpFetcher(
                    new AddressPolicy(List.of(server.hostPort()), FeedFetcherSafetyTest.FAKE_DNS),
                    FetchLimits.defaults());
            List<FeedReport> published = new CopyOnWriteArrayList<>();
            FeedIngestor ingestor = new FeedIngestor(fetcher, new FeedParser(), new ReportFactory(),
                    new DuplicateIndex(100), published::add, ArticleFetcher.none(), FeedIngestor.Pacer.none(),
                    Clock.systemUTC(), 1, DETECTION);
            FeedSource source = FeedSource.create("lang", server.uri("/rss").toString(), 60, Map.of(), null, null,
                    "test", Instant.now());
            ingestor.poll(source, new SourceState(source.id(), new FeedCursor()));
            assertEquals(3, published.size());
            assertTrue(published.stream().allMatch(r -> "en".equals(r.report().language())),
                    published.stream().map(r -> String.valueOf(r.report().language())).toList().toString());
        }
    }
}
