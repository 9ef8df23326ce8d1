package course.data;

import static course.data.TestData.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.data.TestData.TarItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivesTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static Map<String, byte[]> files(String... nameThenContent) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            files.put(nameThenContent[i], utf8(nameThenContent[i + 1]));
        }
        return files;
    }

    private static long filesUnder(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void extractsEveryFileOfAZipAndATarGz() throws Exception {
        Path zip = write("a.bin", TestData.zip(files("brown/", "", "brown/ca01", "one", "brown/ca02", "two")));
        assertEquals(Archives.Format.ZIP, Archives.detect(zip));
        List<Path> fromZip = Archives.extractAll(zip, dir.resolve("z"));
        assertEquals(List.of(dir.resolve("z/brown/ca01"), dir.resolve("z/brown/ca02")), fromZip);
        assertEquals("two", Files.readString(dir.resolve("z/brown/ca02")));

        Path tgz = write("b.bin", TestData.tarGz(TarItem.file("./simple-examples/data/ptb.valid.txt", "valid"),
                TarItem.file("./simple-examples/data/ptb.test.txt", "test")));
        assertEquals(Archives.Format.TAR_GZ, Archives.detect(tgz));
        Archives.extractAll(tgz, dir.resolve("t"));
        assertEquals("test", Files.readString(dir.resolve("t/simple-examples/data/ptb.test.txt")));
    }

    @Test
    void extractsOneMemberIgnoringALeadingDotSlash() throws Exception {
        Path tgz = write("ptb.tgz", TestData.tarGz(TarItem.file("./simple-examples/data/ptb.valid.txt", "valid text")));
        Archives.extractMember(tgz, "simple-examples/data/ptb.valid.txt", dir.resolve("out/valid.txt"));
        assertEquals("valid text", Files.readString(dir.resolve("out/valid.txt")));
        Path zip = write("w.zip", TestData.zip(files("wikitext-2/wiki.test.tokens", "test tokens")));
        Archives.extractMember(zip, "wikitext-2/wiki.test.tokens", dir.resolve("test.tokens"));
        assertEquals("test tokens", Files.readString(dir.resolve("test.tokens")));
    }

    @Test
    void missingMemberNamesArchiveMemberAndSimilarNames() throws Exception {
        Path zip = write("wikitext-2-v1.zip", TestData.zip(files("wikitext-2/wiki.valid.tokens", "v", "wikitext-2/wiki.test.tokens", "t")));
        DataException e = assertThrows(DataException.class,
                () -> Archives.extractMember(zip, "wikitext-2/wiki.vaild.tokens", dir.resolve("x")));
        assertTrue(e.getMessage().startsWith("wikitext-2-v1.zip has no member 'wikitext-2/wiki.vaild.tokens' (2 entries; similar:"
                + " wikitext-2/wiki.valid.tokens"), e.getMessage());
    }

    @Test
    void zipEntryClimbingOutWithDotDotIsRefusedAndNothingIsWritten() throws Exception {
        Path zip = write("evil.zip", TestData.zip(files("good.txt", "fine", "../evil.txt", "gotcha")));
        DataException e = assertThrows(DataException.class, () -> Archives.extractAll(zip, dir.resolve("target")));
        assertTrue(e.getMessage().startsWith("evil.zip: refusing entry '../evil.txt', which would be written outside"), e.getMessage());
        assertTrue(e.getMessage().contains("climbs out"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        assertFalse(Files.exists(dir.resolve("target/good.txt")), "a bad archive is refused before anything is written");
    }

    @Test
    void nestedDotDotThatEscapesIsRefused() throws Exception {
        Path zip = write("nested.zip", TestData.zip(files("a/b/../../../x.txt", "gotcha")));
        DataException e = assertThrows(DataException.class, () -> Archives.extractAll(zip, dir.resolve("target")));
        assertTrue(e.getMessage().contains("refusing entry 'a/b/../../../x.txt'"), e.getMessage());
    }

    @Test
    void absoluteTarEntryIsRefused() throws Exception {
        Path tgz = write("abs.tgz", TestData.tarGz(TarItem.file("/tmp/course-evil.txt", "gotcha")));
        DataException e = assertThrows(DataException.class, () -> Archives.extractAll(tgz, dir.resolve("target")));
        assertTrue(e.getMessage().startsWith("abs.tgz: refusing entry '/tmp/course-evil.txt'"), e.getMessage());
        assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
    }

    @Test
    void tarSymlinkTrickIsRefused() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path tgz = write("link.tgz", TestData.tarGz(TarItem.symlink("data", outside.toString()),
                TarItem.file("data/passwd", "gotcha")));
        DataException e = assertThrows(DataException.class, () -> Archives.extractAll(tgz, dir.resolve("target")));
        assertTrue(e.getMessage().startsWith("link.tgz: refusing entry 'data', a symbolic link"), e.getMessage());
        assertEquals(0, filesUnder(outside));
        DataException member = assertThrows(DataException.class, () -> Archives.extractMember(tgz, "data", dir.resolve("m")));
        assertTrue(member.getMessage().contains("refusing entry 'data', a symbolic link"), member.getMessage());
    }

    @Test
    void tarHardLinkIsRefused() throws Exception {
        Path tgz = write("hard.tgz", TestData.tarGz(TarItem.hardLink("shadow", "/etc/shadow")));
        DataException e = assertThrows(DataException.class, () -> Archives.extractAll(tgz, dir.resolve("target")));
        assertTrue(e.getMessage().startsWith("hard.tgz: refusing entry 'shadow', a hard link"), e.getMessage());
    }

    @Test
    void zipSymlinkIsRefused() throws Exception {
        Path zip = write("link.zip", TestData.zipWithSymlink("etc", "/etc"));
        DataException e = assertThrows(DataException.class, () -> Archives.extractAll(zip, dir.resolve("target")));
        assertTrue(e.getMessage().startsWith("link.zip: refusing entry 'etc', a symbolic link"), e.getMessage());
    }

    @Test
    void existingSymlinkInsideTheTargetIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(target.resolve("sub"), outside);
        Path zip = write("plain.zip", TestData.zip(files("sub/file.txt", "gotcha")));
        DataException e = assertThrows(DataException.class, () -> Archives.extractAll(zip, target));
        assertTrue(e.getMessage().startsWith("plain.zip: refusing entry 'sub/file.txt'"), e.getMessage());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(0, filesUnder(outside));
    }

    @Test
    void readsGnuLongNamesAndRejectsDamagedTarHeaders() throws Exception {
        String longName = "corpus/" + "a".repeat(120) + "/file.txt";
        Path tgz = write("long.tgz", TestData.tarGz(TarItem.file(longName, "deep"), TarItem.file("short.txt", "s")));
        assertEquals(List.of(longName, "short.txt"), Archives.entries(tgz).stream().map(Archives.Entry::name).toList());
        Archives.extractAll(tgz, dir.resolve("long"));
        assertEquals("deep", Files.readString(dir.resolve("long").resolve(longName)));

        byte[] tar = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(
                TestData.tarGz(TarItem.file("x.txt", "x")))).readAllBytes();
        tar[0] = 'y'; // the name changes, the stored checksum does not
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(tar);
        }
        Path damaged = write("damaged.tgz", gz.toByteArray());
        DataException e = assertThrows(DataException.class, () -> Archives.entries(damaged));
        assertTrue(e.getMessage().startsWith("damaged.tgz: header 0 is damaged"), e.getMessage());
    }

    @Test
    void somethingElseIsNotTakenForAnArchive() throws Exception {
        Path html = write("download.zip", utf8("<html>Not found</html>"));
        DataException e = assertThrows(DataException.class, () -> Archives.detect(html));
        assertTrue(e.getMessage().startsWith("download.zip is neither a zip nor a tar.gz archive"), e.getMessage());
    }
}
