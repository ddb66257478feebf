package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.ingest.feeds.fetch.UrlRedaction;
import io.watchfloor.ingest.feeds.fetch.ArticleFetcher;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-article fetches on threads of their own, so a feed whose pages hang holds no poller: a poll hands its
 * summary-only items to a {@link Batch}, which runs at most {@code perPoll} of them at once (the rest of the
 * pool stays free for other sources) and gives each item's article back until the poll's deadline.
 */
public final class ArticlePool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArticlePool.class);

    private final ExecutorService executor;
    private final int perPoll;

    private ArticlePool(ExecutorService executor, int perPoll) {
        this.executor = executor;
        this.perPoll = perPoll;
    }

    /** {@code threads} article threads; one poll uses at most half of them (at least one). */
    public static ArticlePool of(int threads) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "feed-article-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new ArticlePool(executor, Math.max(1, threads / 2));
    }

    /** Fetches in the polling thread, one after the other (still bounded by the poll's deadline). */
    public static ArticlePool inline() {
        return new ArticlePool(null, 1);
    }

    Batch batch(ArticleFetcher fetcher, FeedIngestor.Pacer pacer, long deadlineNanos) {
        return new Batch(fetcher, pacer, deadlineNanos);
    }

    /** The article fetches of one poll. */
    final class Batch {
        private final ArticleFetcher fetcher;
        private final FeedIngestor.Pacer pacer;
        private final long deadlineNanos;
        private final Queue<Pending> queue = new ArrayDeque<>();
        private int inFlight;
        private boolean closed;

        private Batch(ArticleFetcher fetcher, FeedIngestor.Pacer pacer, long deadlineNanos) {
            this.fetcher = fetcher;
            this.pacer = pacer;
            this.deadlineNanos = deadlineNanos;
        }

        private record Pending(String url, CompletableFuture<Optional<String>> result) {
        }

        /** Queues the fetch of {@code url}; it starts when one of this poll's article slots is free. */
        CompletableFuture<Optional<String>> request(String url) {
            CompletableFuture<Optional<String>> result = new CompletableFuture<>();
            if (executor == null) {
                return result; // inline: fetched in await()
            }
            synchronized (this) {
                queue.add(new Pending(url, result));
            }
            startMore();
            return result;
        }

        /** The article, or empty when it failed or the deadline passed first (then {@code timedOut} is true). */
        Optional<String> await(String url, CompletableFuture<Optional<String>> result, boolean[] timedOut) {
            long left = deadlineNanos - System.nanoTime();
            if (executor == null) {
                if (left <= 0) {
                    timedOut[0] = true;
                    return Optional.empty();
                }
                return fetch(url);
            }
            try {
                return result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                timedOut[0] = true;
                return Optional.empty();
            } catch (ExecutionException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                timedOut[0] = true;
                return Optional.empty();
            }
        }

        /** Drops the fetches not started yet; running ones end by their own fetch deadline. */
        void close() {
            synchronized (this) {
                closed = true;
                for (Pending p : queue) {
                    p.result().complete(Optional.empty());
                }
                queue.clear();
            }
        }

        private void startMore() {
            while (true) {
                Pending next;
                synchronized (this) {
                    if (closed || inFlight >= perPoll || queue.isEmpty()) {
                        return;
                    }
                    next = queue.poll();
                    inFlight++;
                }
                CompletableFuture.supplyAsync(() -> fetch(next.url()), executor).whenComplete((html, error) -> {
                    next.result().complete(html == null ? Optional.empty() : html);
                    synchronized (this) {
                        inFlight--;
                    }
                    startMore();
                });
            }
        }

        private Optional<String> fetch(String url) {
            try {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    return Optional.empty();
                }
                pacer.awaitTurn(URI.create(url));
                return fetcher.articleHtml(url);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            } catch (RuntimeException | StackOverflowError e) {
                // an article is optional: the item keeps its feed summary; the cause is logged, not dropped
                LOG.warn("article fetch of {} failed, keeping the feed's summary", UrlRedaction.redact(url), e);
                return Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
