package course.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.env.CoursePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed {@code data/registry.tsv} against the shared mirror it was generated from. */
class RegistryFileTest {

    private final CoursePaths paths = TestData.asTheCourseDoes();
    private final DataRegistry registry = DataRegistry.load(paths);

    @Test
    void everyMirrorFileHasARowWithItsSizeAndChecksum() throws Exception {
        Path mirror = TestData.mirrorOrSkip();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(mirror)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !mirror.relativize(p).toString().equals("README.md")).toList();
        }
        assertEquals(770, files.size());
        for (Path file : files) {
            DataFile row = registry.lookup(mirror.relativize(file).toString());
            assertEquals(Files.size(file), row.bytes().getAsLong(), row.file());
            assertEquals(Sha256.of(file), row.sha256().orElseThrow(), row.file());
        }
    }

    @Test
    void onlyTheFullProfileFilesLackAChecksum() {
        Set<String> unverified = registry.all().stream().filter(f -> !f.isVerifiable()).map(DataFile::file).collect(Collectors.toSet());
        assertEquals(Set.of("text8/text8", "wikitext-103/wiki.train.tokens", "wikitext-103/wiki.valid.tokens",
                "wikitext-103/wiki.test.tokens"), unverified);
        assertEquals(774, registry.all().size());
    }

    @Test
    void archiveMembersAndCanonicalUrlsFollowTheSources() {
        DataFile brown = registry.lookup("brown/ca01");
        assertEquals(Optional.of("brown/ca01"), brown.archiveMember());
        assertTrue(brown.url().endsWith("/nltk_data/gh-pages/packages/corpora/brown.zip"));
        assertEquals(Optional.of("trees/train.txt"), registry.lookup("sst/trees/train.txt").archiveMember());
        assertEquals(Optional.empty(), registry.lookup("sst/trainDevTestTrees_PTB.zip").archiveMember());
        assertEquals(Optional.of("./simple-examples/data/ptb.valid.txt"), registry.lookup("ptb/ptb.valid.txt").archiveMember());
        assertEquals(Optional.of("wikitext-2/wiki.test.tokens"), registry.lookup("wikitext-2/wiki.test.tokens").archiveMember());
        assertEquals("https://raw.githubusercontent.com/multi30k/dataset/master/data/task1/tok/train.lc.norm.tok.en",
                registry.lookup("multi30k/tok/train.lc.norm.tok.en").url());
        assertEquals("https://raw.githubusercontent.com/stdlib-js/datasets-sotu/main/data/1790_george_washington_n.txt",
                registry.lookup("sotu/1790_george_washington_n.txt").url());
        assertFalse(registry.all().stream().anyMatch(f -> f.licence().isBlank()));
    }

    @Test
    void theMirroredSstZipHoldsTheRegisteredTreeFiles(@TempDir Path dir) {
        Path zip = TestData.mirrorOrSkip().resolve("sst/trainDevTestTrees_PTB.zip");
        for (String part : List.of("train", "dev", "test")) {
            DataFile row = registry.lookup("sst/trees/" + part + ".txt");
            Path out = dir.resolve(part + ".txt");
            Archives.extractMember(zip, row.archiveMember().orElseThrow(), out);
            assertEquals(row.sha256().orElseThrow(), Sha256.of(out), row.file());
        }
    }

    @Test
    void theGeneratorReproducesTheCommittedFile(@TempDir Path dir) throws Exception {
        Path regenerated = dir.resolve("registry.tsv");
        RegistryGenerator.write(RegistryGenerator.rows(TestData.mirrorOrSkip(), Optional.of(registry)), regenerated);
        assertEquals(Files.readString(paths.registry()), Files.readString(regenerated));
    }
}
