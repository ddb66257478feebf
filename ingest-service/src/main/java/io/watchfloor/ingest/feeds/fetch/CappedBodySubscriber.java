package io.watchfloor.ingest.feeds.fetch;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a response body while counting bytes; cancels the exchange as soon as the cap is passed or on abort. */
public final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final long cap;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    private volatile Flow.Subscription subscription;
    private long received;

    CappedBodySubscriber(long cap) {
        this.cap = cap;
    }

    /** A subscriber that wants no body: it completes empty and closes the connection at once. */
    static CappedBodySubscriber ignoring() {
        CappedBodySubscriber subscriber = new CappedBodySubscriber(0);
        subscriber.result.complete(new byte[0]);
        return subscriber;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            received += buffer.remaining();
            if (received > cap) {
                abort(new FetchException(FetchException.Reason.BODY_TOO_LARGE,
                        "response body exceeds the cap of " + cap + " bytes"));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** Fails the body with {@code cause} and cancels the subscription, which closes the connection. */
    void abort(Throwable cause) {
        result.completeExceptionally(cause);
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
