package course.data;

import static course.data.TestData.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import course.env.CoursePaths;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataStoreTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves {@link #served} on 127.0.0.1; unknown paths answer 404. Returns the base URL. */
    private String serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = served.get(path);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private CoursePaths paths(Optional<Path> mirror) {
        return new CoursePaths(dir.resolve("home"), dir.resolve("cache"), mirror, dir.resolve("runs"));
    }

    private DataStore store(Optional<Path> mirror, DataFile... files) {
        return new DataStore(paths(mirror), DataRegistry.of("test registry", List.of(files)), progress);
    }

    private Path mirrorWith(String file, byte[] bytes) throws Exception {
        Path mirror = dir.resolve("mirror");
        Files.createDirectories(mirror.resolve(file).getParent());
        Files.write(mirror.resolve(file), bytes);
        return mirror;
    }

    private List<String> cacheListing() throws Exception {
        try (Stream<Path> walk = Files.walk(dir.resolve("cache"))) {
            return walk.filter(Files::isRegularFile).map(p -> dir.resolve("cache").relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void intactCachedCopyIsUsedWithoutMirrorOrNetwork() throws Exception {
        byte[] bytes = utf8("cached text");
        Path cached = dir.resolve("cache/demo/a.txt");
        Files.createDirectories(cached.getParent());
        Files.write(cached, bytes);
        DataStore store = store(Optional.empty(), DataFile.plain("demo/a.txt", bytes.length, Sha256.of(bytes),
                "http://127.0.0.1:9/nowhere", "test"));
        assertEquals(cached, store.path("demo/a.txt"));
    }

    @Test
    void mirrorFileIsVerifiedAndCopiedIntoTheCache() throws Exception {
        byte[] bytes = utf8("mirror text");
        Path mirror = mirrorWith("demo/a.txt", bytes);
        DataStore store = store(Optional.of(mirror), DataFile.plain("demo/a.txt", bytes.length, Sha256.of(bytes),
                "http://127.0.0.1:9/nowhere", "test"));
        Path path = store.path("demo/a.txt");
        assertEquals(dir.resolve("cache/demo/a.txt"), path);
        assertArrayEquals(bytes, Files.readAllBytes(path));
        assertEquals(List.of("demo/a.txt"), cacheListing(), "no temporary file is left behind");
    }

    @Test
    void damagedCachedCopyIsReplacedFromTheMirror() throws Exception {
        byte[] bytes = utf8("good");
        Path mirror = mirrorWith("demo/a.txt", bytes);
        Files.createDirectories(dir.resolve("cache/demo"));
        Files.write(dir.resolve("cache/demo/a.txt"), utf8("bad!"));
        DataStore store = store(Optional.of(mirror), DataFile.plain("demo/a.txt", 4, Sha256.of(bytes), "http://x.org/a", "test"));
        assertArrayEquals(bytes, Files.readAllBytes(store.path("demo/a.txt")));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("cached copy of demo/a.txt does not match"));
    }

    @Test
    void fileMissingFromTheMirrorNamesFileMirrorAndFixes() throws Exception {
        Path mirror = Files.createDirectories(dir.resolve("mirror"));
        DataStore store = store(Optional.of(mirror), DataFile.plain("brown/ca01", 3, "a".repeat(64), "https://x.org/brown.zip", "t"));
        DataException e = assertThrows(DataException.class, () -> store.path("brown/ca01"));
        assertTrue(e.getMessage().startsWith("brown/ca01 is not in the data mirror " + mirror + " (looked for "
                + mirror.resolve("brown/ca01") + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("unset COURSE_DATA_MIRROR to download it from https://x.org/brown.zip"), e.getMessage());
    }

    @Test
    void mirrorFileWithWrongChecksumNamesExpectedAndActual() throws Exception {
        byte[] expected = utf8("the real bytes");
        byte[] damaged = utf8("the rEal bytes");
        Path mirror = mirrorWith("twitter-airline-sentiment/Tweets.csv", damaged);
        DataStore store = store(Optional.of(mirror), DataFile.plain("twitter-airline-sentiment/Tweets.csv", expected.length,
                Sha256.of(expected), "https://x.org/Tweets.csv", "t"));
        DataException e = assertThrows(DataException.class, () -> store.path("twitter-airline-sentiment/Tweets.csv"));
        assertTrue(e.getMessage().startsWith("twitter-airline-sentiment/Tweets.csv in the data mirror " + mirror
                + " does not match the registry:"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 " + Sha256.of(expected)), e.getMessage());
        assertTrue(e.getMessage().contains("actual   sha256 " + Sha256.of(damaged)), e.getMessage());
        assertTrue(e.getMessage().contains("Copy it again"), e.getMessage());
        assertEquals(List.of(), cacheListing(), "a damaged file never enters the cache");
    }

    @Test
    void downloadsAPlainFileWithAProgressLine() throws Exception {
        byte[] bytes = randomBytes(1_500_000);
        served.put("/files/big.bin", bytes);
        String base = serve();
        DataStore store = store(Optional.empty(), DataFile.plain("demo/big.bin", bytes.length, Sha256.of(bytes),
                base + "/files/big.bin", "test"));
        Path path = store.path("demo/big.bin");
        assertArrayEquals(bytes, Files.readAllBytes(path));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\rDownloading big.bin from 127.0.0.1: 100% (1.5 of 1.5 MB)"), out);
        assertEquals(List.of("demo/big.bin"), cacheListing());
        store.path("demo/big.bin");
        assertEquals(1, hits.get("/files/big.bin").get(), "the second call is served from the cache");
    }

    @Test
    void downloadsAnArchiveOnceAndExtractsEachMember() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("wikitext-2/wiki.valid.tokens", utf8(" = Valid = \n"));
        members.put("wikitext-2/wiki.test.tokens", utf8(" = Test = \n"));
        served.put("/wikitext-2-v1.zip", TestData.zip(members));
        String url = serve() + "/wikitext-2-v1.zip";
        DataFile valid = DataFile.member("wikitext-2/wiki.valid.tokens", 12, Sha256.of(members.get("wikitext-2/wiki.valid.tokens")),
                url, "wikitext-2/wiki.valid.tokens", "CC BY-SA 3.0");
        DataFile test = DataFile.member("wikitext-2/wiki.test.tokens", 11, Sha256.of(members.get("wikitext-2/wiki.test.tokens")),
                url, "wikitext-2/wiki.test.tokens", "CC BY-SA 3.0");
        DataStore store = store(Optional.empty(), valid, test);
        List<Path> paths = store.paths("wikitext-2/");
        assertEquals(" = Valid = \n", Files.readString(paths.get(0)));
        assertEquals(" = Test = \n", Files.readString(paths.get(1)));
        assertEquals(1, hits.get("/wikitext-2-v1.zip").get(), "both members come from one download");
    }

    @Test
    void downloadWithWrongChecksumNamesExpectedActualAndUrl() throws Exception {
        byte[] bytes = utf8("changed upstream");
        served.put("/a.txt", bytes);
        String url = serve() + "/a.txt";
        String expected = Sha256.of(utf8("what we tested with"));
        DataStore store = store(Optional.empty(), DataFile.plain("demo/a.txt", 19, expected, url, "t"));
        DataException e = assertThrows(DataException.class, () -> store.path("demo/a.txt"));
        assertTrue(e.getMessage().startsWith("demo/a.txt obtained from " + url + " does not match the registry:"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 " + expected), e.getMessage());
        assertTrue(e.getMessage().contains("actual   sha256 " + Sha256.of(bytes)), e.getMessage());
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void wrongArchiveMemberChecksumDeletesTheKeptArchive() throws Exception {
        served.put("/a.zip", TestData.zip(Map.of("x.txt", utf8("other"))));
        String url = serve() + "/a.zip";
        DataStore store = store(Optional.empty(), DataFile.member("demo/x.txt", 5, "c".repeat(64), url, "x.txt", "t"));
        DataException e = assertThrows(DataException.class, () -> store.path("demo/x.txt"));
        assertTrue(e.getMessage().contains("(archive member x.txt) does not match the registry"), e.getMessage());
        assertEquals(List.of(), cacheListing(), "neither the member nor the unverified archive stays in the cache");
    }

    @Test
    void httpErrorNamesFileUrlAndBothWaysOut() throws Exception {
        String url = serve() + "/gone.txt";
        DataStore store = store(Optional.empty(), DataFile.plain("demo/gone.txt", 1, "a".repeat(64), url, "t"));
        DataException e = assertThrows(DataException.class, () -> store.path("demo/gone.txt"));
        assertTrue(e.getMessage().startsWith("Cannot get demo/gone.txt: it is not in the data cache"), e.getMessage());
        assertTrue(e.getMessage().contains("downloading " + url + " failed (IOException: the server answered HTTP 404)"), e.getMessage());
        assertTrue(e.getMessage().contains("set COURSE_DATA_MIRROR"), e.getMessage());
        assertTrue(e.getMessage().contains("connect to the internet"), e.getMessage());
        assertTrue(e.getMessage().contains("./course fetch"), e.getMessage());
    }

    @Test
    void noNetworkNamesFileUrlAndBothWaysOut() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/dc/text8.zip";
        DataStore store = store(Optional.empty(), DataFile.member("text8/text8", 1, "a".repeat(64), url, "text8", "t"));
        DataException e = assertThrows(DataException.class, () -> store.path("text8/text8"));
        assertTrue(e.getMessage().startsWith("Cannot get text8/text8: it is not in the data cache " + dir.resolve("cache")
                + ", COURSE_DATA_MIRROR is not set, and downloading " + url + " failed (ConnectException"), e.getMessage());
        assertTrue(e.getMessage().contains("set COURSE_DATA_MIRROR to a folder with the mirror layout"), e.getMessage());
        assertTrue(e.getMessage().contains("connect to the internet and run this again"), e.getMessage());
    }

    @Test
    void fileWithoutRecordedChecksumIsRefused() {
        DataFile text8 = new DataFile("text8/text8", OptionalLong.empty(), Optional.empty(), "http://mattmahoney.net/dc/text8.zip",
                "CC BY-SA", Optional.of("text8"));
        DataStore store = store(Optional.empty(), text8);
        DataException e = assertThrows(DataException.class, () -> store.path("text8/text8"));
        assertTrue(e.getMessage().startsWith("text8/text8 cannot be used yet: test registry records no sha256 for it ('unknown')"),
                e.getMessage());
        assertTrue(e.getMessage().contains("download http://mattmahoney.net/dc/text8.zip (archive member text8)"), e.getMessage());
    }

    @Test
    void prefetchFillsTheCacheFromTheMirror() throws Exception {
        Path mirror = mirrorWith("demo/a.txt", utf8("A"));
        Files.write(mirror.resolve("demo/b.txt"), utf8("B"));
        DataStore store = store(Optional.of(mirror),
                DataFile.plain("demo/a.txt", 1, Sha256.of(utf8("A")), "http://x.org/a", "t"),
                DataFile.plain("demo/b.txt", 1, Sha256.of(utf8("B")), "http://x.org/b", "t"));
        List<Path> paths = store.prefetch(List.of("demo/a.txt", "demo/b.txt"));
        assertEquals(List.of(dir.resolve("cache/demo/a.txt"), dir.resolve("cache/demo/b.txt")), paths);
        assertEquals(List.of("demo/a.txt", "demo/b.txt"), cacheListing());
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains("Downloading"));
    }
}
