package io.watchfloor.edge.http;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Binds the {@link Principal} that {@link ApiKeyFilter} sets for a request carrying a valid key, so endpoints that
 * take one (Micronaut's {@code /health} with {@code details-visible: AUTHENTICATED}) see it. Bound after the
 * filters ran; a request without a valid key has none.
 */
@Singleton
public class ApiKeyPrincipalBinder implements TypedRequestArgumentBinder<Principal>,
        PostponedRequestArgumentBinder<Principal> {

    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> request) {
        if (request.getAttribute(ApiKeyFilter.CHECKED).isEmpty()) {
            return BindingResult.unsatisfied(); // the filter has not run yet: bind after it
        }
        Optional<Principal> principal = request.getUserPrincipal();
        return () -> principal;
    }
}
