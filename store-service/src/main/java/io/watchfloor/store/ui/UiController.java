package io.watchfloor.store.ui;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.watchfloor.store.config.AnalystViewSettings;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ReportReader;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.domain.export.GroupDirectory;
import io.watchfloor.store.domain.ops.DeadLetters;
import io.watchfloor.store.domain.ops.DependencyUnavailableException;
import io.watchfloor.store.domain.ops.FeedSources;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyst view, server-rendered: search ({@code /ui/?q=...}), a report with its evidence
 * ({@code /ui/reports/{id}}), groups, feed sources and dead letters. Pages are built by {@link SearchPage},
 * {@link ReportPage}, {@link GroupPage} and {@link OpsPages} and rendered by the jte templates.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UiController {
    private static final Logger LOG = LoggerFactory.getLogger(UiController.class);
    /** Newest dead letters per partition the reasons are counted over. */
    static final int DEAD_LETTER_SAMPLE = 1000;
    private final ReportQueries queries;
    private final ReportReader reader;
    private final GroupDirectory directory;
    private final AnalystViewSettings settings;
    private final FeedSources sources;
    private final DeadLetters deadLetters;

    public UiController(ReportQueries queries, ReportReader reader, GroupDirectory directory,
                        AnalystViewSettings settings, FeedSources sources, DeadLetters deadLetters) {
        this.queries = queries;
        this.reader = reader;
        this.directory = directory;
        this.settings = settings;
        this.sources = sources;
        this.deadLetters = deadLetters;
    }

    @Get("/ui/")
    public HttpResponse<?> search(HttpRequest<?> request) {
        return render("search", () -> SearchPage.build(page("Search", "search"),
                SearchParams.of(SearchPage.single(request.getParameters().asMap())), queries));
    }

    @Get("/ui/reports/{id}")
    public HttpResponse<?> report(@PathVariable String id) {
        return render("report", () -> {
            Optional<StoredReport> report = reader.find(id);
            if (report.isEmpty()) {
                throw new NotFound("No report with id '" + id + "'.");
            }
            String title = report.get().title() == null ? id : report.get().title();
            return ReportPage.build(page(title, "search"), report.get(), queries.duplicatesOf(id, 20), directory);
        });
    }

    @Get("/ui/groups")
    public HttpResponse<?> groups() {
        return render("groups", () -> new Views.Groups(page("Groups", "groups"), queries.groups().stream()
                .map(g -> new Views.GroupLine(g.groupId(), g.name(), g.reportCount(), Format.time(g.lastSeen()),
                        "/ui/groups/" + SearchParams.encode(g.groupId()))).toList()));
    }

    @Get("/ui/groups/{id}")
    public HttpResponse<?> group(@PathVariable String id) {
        return render("group", () -> {
            var profile = directory.profile(id);
            var activity = queries.groupActivity(id, GroupPage.since(LocalDate.now(ZoneOffset.UTC)),
                    GroupPage.TOP);
            if (profile.isEmpty() && activity.reports() == 0) {
                throw new NotFound("No group '" + id + "' in the catalog or in stored reports.");
            }
            var recent = queries.find(new ReportQuery(id, null, null, null, null, 10, null)).items();
            return GroupPage.build(page(profile.map(p -> p.name()).orElse(id), "groups"), id, profile, activity,
                    recent);
        });
    }

    @Get("/ui/sources")
    public HttpResponse<?> sources() {
        return render("sources", () -> OpsPages.sources(page("Sources", "sources"), sources.location(),
                sources.list(), queries, Instant.now()));
    }

    @Get("/ui/dead-letters")
    public HttpResponse<?> deadLetters() {
        return render("deadletters", () -> OpsPages.deadLetters(page("Dead letters", "dead-letters"),
                deadLetters.summary(DEAD_LETTER_SAMPLE, 20)));
    }

    // EXTENSION POINT (alerts pages): alert-service's API is not final yet. Once it is, add here
    // GET /ui/alerts (subscriptions with a create/edit form and a live preview of the recent reports each would
    // have fired on) and GET /ui/alerts/{id} (its delivery log), calling alert-service at
    // watchfloor.analyst.alerts-url through a domain port the way the sources page calls ingest-service. The
    // navigation shows "Alerts" as soon as that setting is non-blank. See docs/analyst-view.md.

    Views.Page page(String title, String nav) {
        String alerts = settings.alertsUrl();
        return new Views.Page(title, nav, alerts == null || alerts.isBlank() ? null : alerts);
    }

    /** A page the template renders, or a message page: 404, 400 for a bad query, 503 without the database. */
    private HttpResponse<?> render(String view, PageSource source) {
        try {
            return HttpResponse.ok(new ModelAndView<>(view, Map.of("view", source.get())));
        } catch (NotFound e) {
            return message(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
        } catch (IllegalArgumentException e) {
            return message(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
        } catch (DatabaseUnavailableException e) {
            LOG.warn("Page {} failed: {}", view, e.getMessage());
            return message(HttpStatus.SERVICE_UNAVAILABLE, "Report database unavailable",
                    "The report database did not answer; try again shortly.");
        } catch (DependencyUnavailableException e) {
            LOG.warn("Page {} failed: {}", view, e.getMessage());
            return message(HttpStatus.SERVICE_UNAVAILABLE, "Not available", e.getMessage());
        }
    }

    private HttpResponse<?> message(HttpStatus status, String heading, String text) {
        return HttpResponse.status(status).body(new ModelAndView<>("message",
                Map.of("view", new Views.Message(page(heading, ""), heading, text))));
    }

    /** Builds a page's model; may fail for the reasons {@link #render} turns into message pages. */
    @FunctionalInterface
    interface PageSource {
        Object get() throws DatabaseUnavailableException, DependencyUnavailableException;
    }

    /** The page's subject does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
