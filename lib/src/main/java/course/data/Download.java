package course.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Copies one URL to one file, printing a progress line that rewrites itself in place ({@code \r}), so a
 * notebook shows one live line, not hundreds. The line is redrawn at most every half second. Nothing here
 * checks the bytes: the caller verifies the sha256 before the file is used.
 */
final class Download {

    private static final long REDRAW_NANOS = 500_000_000L;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private Download() {
    }

    /**
     * Writes the body of {@code url} to {@code target}, failing on any answer other than HTTP 200 and on a
     * body shorter than the announced Content-Length.
     */
    static void to(URI url, Path target, PrintStream progress) throws IOException {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the server answered HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long done = copy(body, target, total, "Downloading " + name + " from " + url.getHost(), progress);
            if (total >= 0 && done != total) {
                throw new IOException("the connection ended after " + done + " of " + total + " bytes");
            }
        }
    }

    private static long copy(InputStream in, Path target, long total, String label, PrintStream progress) throws IOException {
        long done = 0;
        long lastDraw = System.nanoTime();
        draw(progress, label, 0, total);
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                done += n;
                long now = System.nanoTime();
                if (now - lastDraw >= REDRAW_NANOS) {
                    draw(progress, label, done, total);
                    lastDraw = now;
                }
            }
        } finally {
            draw(progress, label, done, total);
            progress.println();
            progress.flush();
        }
        return done;
    }

    /** One state of the line, for example {@code Downloading text8.zip from mattmahoney.net: 45% (14.1 of 31.3 MB)}. */
    static String line(String label, long done, long total) {
        double mb = done / 1e6;
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s: %.1f MB", label, mb);
        }
        return String.format(Locale.ROOT, "%s: %3d%% (%.1f of %.1f MB)", label, 100 * done / total, mb, total / 1e6);
    }

    private static void draw(PrintStream progress, String label, long done, long total) {
        progress.print("\r" + line(label, done, total));
        progress.flush();
    }
}
