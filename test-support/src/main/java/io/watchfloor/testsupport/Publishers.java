package io.watchfloor.testsupport;

import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Reads publishers that answer at once (a health indicator's result) in unit tests. */
public final class Publishers {

    private Publishers() {
    }

    /** The first item {@code publisher} gives on subscription; fails the test when it gives none or an error. */
    public static <T> T first(Publisher<T> publisher) {
        AtomicReference<T> item = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        publisher.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(T t) {
                item.compareAndSet(null, t);
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
            }

            @Override
            public void onComplete() {
            }
        });
        if (error.get() != null) {
            throw new AssertionError("the publisher failed", error.get());
        }
        if (item.get() == null) {
            throw new AssertionError("the publisher gave nothing at once");
        }
        return item.get();
    }
}
