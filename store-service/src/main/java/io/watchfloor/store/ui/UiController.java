package io.watchfloor.store.ui;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ReportReader;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.domain.export.GroupDirectory;
import io.watchfloor.store.domain.ops.DeadLetters;
import io.watchfloor.store.domain.ops.FeedSources;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The analyst view, server-rendered: search ({@code /ui/?q=...}), a report with its evidence
 * ({@code /ui/reports/{id}}), groups, feed sources and dead letters. Pages are built by {@link SearchPage},
 * {@link ReportPage}, {@link GroupPage} and {@link OpsPages} and rendered by the jte templates; {@link Pages} turns
 * a page that cannot be built into a message page.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UiController {
    /** Newest dead letters per partition the reasons are counted over. */
    static final int DEAD_LETTER_SAMPLE = 1000;
    private final ReportQueries queries;
    private final ReportReader reader;
    private final GroupDirectory directory;
    private final FeedSources sources;
    private final DeadLetters deadLetters;
    private final Pages pages;

    public UiController(ReportQueries queries, ReportReader reader, GroupDirectory directory,
                        FeedSources sources, DeadLetters deadLetters, Pages pages) {
        this.queries = queries;
        this.reader = reader;
        this.directory = directory;
        this.sources = sources;
        this.deadLetters = deadLetters;
        this.pages = pages;
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
                throw new Pages.NotFound("No report with id '" + id + "'.");
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
                throw new Pages.NotFound("No group '" + id + "' in the catalog or in stored reports.");
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

    // The alerts pages (/ui/alerts/...) are AlertPagesController's; see docs/analyst-view.md.

    Views.Page page(String title, String nav) {
        return pages.page(title, nav);
    }

    private HttpResponse<?> render(String view, Pages.PageSource source) {
        return pages.render(view, source);
    }
}
