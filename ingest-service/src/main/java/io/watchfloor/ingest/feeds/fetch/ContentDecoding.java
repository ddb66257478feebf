package io.watchfloor.ingest.feeds.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Decodes gzip/deflate Content-Encoding with a hard cap on decompressed bytes, so compression bombs stop early. */
public final class ContentDecoding {

    private static final int MAX_LAYERS = 2;

    private ContentDecoding() {
    }

    static byte[] decode(byte[] raw, String contentEncoding, long maxDecompressed) throws FetchException {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return raw;
        }
        List<String> codings = new ArrayList<>();
        for (String c : contentEncoding.split(",")) {
            String coding = c.trim().toLowerCase(Locale.ROOT);
            if (!coding.isEmpty() && !coding.equals("identity")) {
                codings.add(coding);
            }
        }
        if (codings.size() > MAX_LAYERS) {
            throw new FetchException(FetchException.Reason.BAD_ENCODING,
                    "more than " + MAX_LAYERS + " content codings: " + contentEncoding);
        }
        Collections.reverse(codings); // the last coding applied is undone first
        byte[] data = raw;
        for (String coding : codings) {
            data = switch (coding) {
                case "gzip", "x-gzip" -> inflate(data, maxDecompressed, Kind.GZIP);
                case "deflate" -> inflateDeflate(data, maxDecompressed);
                default -> throw new FetchException(FetchException.Reason.BAD_ENCODING,
                        "unsupported Content-Encoding '" + coding + "' (only gzip and deflate are accepted)");
            };
        }
        return data;
    }

    private enum Kind { GZIP, ZLIB, RAW }

    private static byte[] inflateDeflate(byte[] data, long cap) throws FetchException {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate; accept both
        boolean zlib = data.length >= 2 && (data[0] & 0x0f) == 8
                && (((data[0] & 0xff) << 8) | (data[1] & 0xff)) % 31 == 0;
        return inflate(data, cap, zlib ? Kind.ZLIB : Kind.RAW);
    }

    private static byte[] inflate(byte[] data, long cap, Kind kind) throws FetchException {
        Inflater inflater = kind == Kind.RAW ? new Inflater(true) : new Inflater();
        try (InputStream in = kind == Kind.GZIP
                ? new GZIPInputStream(new ByteArrayInputStream(data), 8192)
                : new InflaterInputStream(new ByteArrayInputStream(data), inflater, 8192)) {
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream((int) Math.min(cap, Math.max(8192, data.length * 4L)));
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > cap) {
                    throw new FetchException(FetchException.Reason.DECOMPRESSED_TOO_LARGE,
                            "body expands beyond the cap of " + cap + " bytes (compressed size " + data.length
                                    + "); refusing a possible compression bomb");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.BAD_ENCODING,
                    "corrupt " + kind.name().toLowerCase(Locale.ROOT) + " body: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
