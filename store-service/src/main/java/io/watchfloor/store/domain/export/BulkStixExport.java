package io.watchfloor.store.domain.export;

import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.DocumentPage;
import io.watchfloor.store.domain.ReportQueries;
import io.watchfloor.store.domain.ReportQuery;
import io.watchfloor.store.domain.ReportReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

/**
 * One STIX bundle of every report a query matches, as a sequence of JSON chunks read one page of reports at a
 * time: memory holds one page and the ids of the shared objects already written (each written once).
 */
public final class BulkStixExport implements Iterator<byte[]> {
    /** Reports read per database round trip. */
    public static final int PAGE = 100;
    /** Shared-object ids remembered for de-duplication; past this a repeated object may be written twice. */
    static final int MAX_REMEMBERED = 200_000;

    private final ReportQueries queries;
    private final ReportReader reader;
    private final StixMapper mapper;
    private final Set<String> written = new HashSet<>();
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private ReportQuery query;
    private DocumentPage page;
    private boolean first = true;
    private boolean done;

    private BulkStixExport(ReportQueries queries, ReportReader reader, StixMapper mapper, ReportQuery query,
                           DocumentPage firstPage) {
        this.queries = queries;
        this.reader = reader;
        this.mapper = mapper;
        this.query = query;
        this.page = firstPage;
    }

    /**
     * Reads the first page now, so an unreachable database fails the request before any byte is sent; the rest
     * is read as the chunks are consumed.
     */
    public static BulkStixExport open(ReportQueries queries, ReportReader reader, StixMapper mapper,
                                      ReportQuery query) throws DatabaseUnavailableException {
        ReportQuery paged = query.withLimit(PAGE);
        DocumentPage first = queries.documents(paged);
        BulkStixExport export = new BulkStixExport(queries, reader, mapper, paged, first);
        String bundleId = "bundle--" + UUID.randomUUID();
        String head = "{\"type\":\"bundle\",\"id\":\"" + bundleId + "\"";
        if (first.documents().isEmpty()) {
            // "objects", when present, must hold one object at least
            export.pending.add((head + "}").getBytes(StandardCharsets.UTF_8));
            export.done = true;
        } else {
            export.pending.add((head + ",\"objects\":[").getBytes(StandardCharsets.UTF_8));
        }
        return export;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !pending.isEmpty();
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    private void fill() {
        while (pending.isEmpty() && !done) {
            if (page == null) {
                pending.add("]}".getBytes(StandardCharsets.UTF_8));
                done = true;
                return;
            }
            for (String document : page.documents()) {
                for (Map<String, Object> object : mapper.objects(reader.read(document))) {
                    String id = (String) object.get("id");
                    if (isShared(id) && written.size() < MAX_REMEMBERED && !written.add(id)) {
                        continue;
                    }
                    byte[] json = Json.bytes(object);
                    if (first) {
                        pending.add(json);
                        first = false;
                    } else {
                        byte[] withComma = new byte[json.length + 1];
                        withComma[0] = ',';
                        System.arraycopy(json, 0, withComma, 1, json.length);
                        pending.add(withComma);
                    }
                }
            }
            page = page.next() == null ? null : nextPage();
        }
    }

    private DocumentPage nextPage() {
        query = query.after(page.next());
        try {
            return queries.documents(query);
        } catch (DatabaseUnavailableException e) {
            throw new UncheckedIOException(new IOException("Export stopped: " + e.getMessage(), e));
        }
    }

    /** Objects several reports can hold (groups, places, people, sources, named events). */
    private static boolean isShared(String id) {
        return !id.startsWith("report--") && !id.startsWith("relationship--");
    }

    /** The chunks as a list (tests and small exports). */
    public static List<byte[]> drain(BulkStixExport export) {
        List<byte[]> out = new java.util.ArrayList<>();
        export.forEachRemaining(out::add);
        return out;
    }
}
