package io.watchfloor.store.ui;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;
import io.watchfloor.store.config.AnalystViewSettings;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ops.DependencyUnavailableException;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every page controller shares: the layout's page model (title, active navigation, the Alerts link when
 * alert-service is configured) and the rendering of a page or, when it cannot be built, of a message page: 404,
 * 400 for a bad query, 503 without the database or a service the page summarises.
 */
@Singleton
public class Pages {
    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);
    private final AnalystViewSettings settings;

    public Pages(AnalystViewSettings settings) {
        this.settings = settings;
    }

    Views.Page page(String title, String nav) {
        String alerts = settings.alertsUrl();
        return new Views.Page(title, nav, alerts == null || alerts.isBlank() ? null : alerts);
    }

    /** A page the template renders, or a message page. */
    MutableHttpResponse<?> render(String view, PageSource source) {
        try {
            return HttpResponse.ok(new ModelAndView<>(view, Map.of("view", source.get())));
        } catch (NotFound e) {
            return message(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), "");
        } catch (IllegalArgumentException e) {
            return message(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), "");
        } catch (DatabaseUnavailableException e) {
            LOG.warn("Page {} failed: {}", view, e.getMessage());
            return message(HttpStatus.SERVICE_UNAVAILABLE, "Report database unavailable",
                    "The report database did not answer; try again shortly.", "");
        } catch (DependencyUnavailableException e) {
            LOG.warn("Page {} failed: {}", view, e.getMessage());
            return message(HttpStatus.SERVICE_UNAVAILABLE, "Not available", e.getMessage(), "");
        }
    }

    MutableHttpResponse<?> message(HttpStatus status, String heading, String text, String nav) {
        return HttpResponse.status(status).body(new ModelAndView<>("message",
                Map.of("view", new Views.Message(page(heading, nav), heading, text))));
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
