package io.watchfloor.edge.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A controller whose requests wait on a latch the test opens: requests stay in flight as long as it wants. */
@Controller("/limiter-test")
@Requires(property = "limiter-test.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BlockingTestController {
    static volatile CountDownLatch gate = new CountDownLatch(0);

    @Get(value = "/block", produces = "text/plain")
    public String block() throws InterruptedException {
        if (!gate.await(30, TimeUnit.SECONDS)) {
            return "gate never opened";
        }
        return "done";
    }
}
