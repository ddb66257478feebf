package io.watchfloor.store.domain.alerts;

import java.util.List;

/** alert-service (or the form itself) refused a subscription: every problem, each naming its field. */
public class InvalidSubscriptionException extends Exception {
    private final List<FieldProblem> problems;

    public InvalidSubscriptionException(String message, List<FieldProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
