package course.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataRegistryTest {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String HEADER = "file\tbytes\tsha256\turl\tlicence\tarchive_member";

    private static List<String> tsv(String... rows) {
        List<String> lines = new ArrayList<>(List.of("# a comment", HEADER));
        lines.addAll(List.of(rows));
        return lines;
    }

    private static DataRegistry sample() {
        return DataRegistry.parse("reg.tsv", tsv(
                "brown/ca01\t10\t" + SHA_A + "\thttps://example.org/brown.zip\tfree\tbrown/ca01",
                "brown/ca02\t12\t" + SHA_B + "\thttps://example.org/brown.zip\tfree\tbrown/ca02",
                "twitter-airline-sentiment/Tweets.csv\t5\t" + SHA_A + "\thttps://example.org/Tweets.csv\tCC BY-NC-SA 4.0\t",
                "text8/text8\tunknown\tunknown\thttp://mattmahoney.net/dc/text8.zip\tCC BY-SA\ttext8"));
    }

    @Test
    void parsesPlainMemberAndUnverifiedRows() {
        DataRegistry registry = sample();
        DataFile ca01 = registry.lookup("brown/ca01");
        assertEquals(10, ca01.bytes().getAsLong());
        assertEquals(Optional.of("brown/ca01"), ca01.archiveMember());
        assertEquals("brown/", ca01.folder());
        DataFile tweets = registry.lookup("twitter-airline-sentiment/Tweets.csv");
        assertEquals(Optional.empty(), tweets.archiveMember());
        assertEquals("Tweets.csv", tweets.fileName());
        DataFile text8 = registry.lookup("text8/text8");
        assertFalse(text8.isVerifiable());
        assertTrue(text8.bytes().isEmpty());
        assertEquals(List.of("brown/ca01", "brown/ca02"), registry.files("brown/").stream().map(DataFile::file).toList());
    }

    @Test
    void rowWithMissingColumnNamesRegistryAndLine() {
        DataException e = assertThrows(DataException.class, () -> DataRegistry.parse("data/registry.tsv",
                tsv("brown/ca01\t10\t" + SHA_A + "\thttps://example.org/brown.zip\tfree")));
        assertTrue(e.getMessage().startsWith("data/registry.tsv line 3: expected 6 tab-separated fields"), e.getMessage());
        assertTrue(e.getMessage().contains("found 5"), e.getMessage());
    }

    @Test
    void badChecksumSizeOrPathNamesTheLine() {
        DataException sha = assertThrows(DataException.class, () -> DataRegistry.parse("reg.tsv",
                tsv("a/b\t1\tABC\thttps://x.org/b\tfree\t")));
        assertTrue(sha.getMessage().startsWith("reg.tsv line 3: sha256 'ABC' of a/b is not 64 lower-case hex digits"), sha.getMessage());
        DataException bytes = assertThrows(DataException.class, () -> DataRegistry.parse("reg.tsv",
                tsv("a/b\tten\t" + SHA_A + "\thttps://x.org/b\tfree\t")));
        assertTrue(bytes.getMessage().startsWith("reg.tsv line 3: bytes 'ten' is neither a whole number nor 'unknown'"), bytes.getMessage());
        DataException escape = assertThrows(DataException.class, () -> DataRegistry.parse("reg.tsv",
                tsv("a/c\t1\t" + SHA_A + "\thttps://x.org/b\tfree\t", "../etc/passwd\t1\t" + SHA_A + "\thttps://x.org/b\tfree\t")));
        assertTrue(escape.getMessage().startsWith("reg.tsv line 4: file '../etc/passwd'"), escape.getMessage());
        DataException half = assertThrows(DataException.class, () -> DataRegistry.parse("reg.tsv",
                tsv("a/b\t12\tunknown\thttps://x.org/b\tfree\t")));
        assertTrue(half.getMessage().contains("a size but no sha256"), half.getMessage());
    }

    @Test
    void duplicateRowAndMissingHeaderAreRefused() {
        String row = "a/b\t1\t" + SHA_A + "\thttps://x.org/b\tfree\t";
        DataException twice = assertThrows(DataException.class, () -> DataRegistry.parse("reg.tsv", tsv(row, row)));
        assertTrue(twice.getMessage().startsWith("reg.tsv line 4: a/b is already listed on line 3"), twice.getMessage());
        DataException header = assertThrows(DataException.class, () -> DataRegistry.parse("reg.tsv", List.of(row)));
        assertTrue(header.getMessage().startsWith("reg.tsv line 1: expected the header file<TAB>bytes"), header.getMessage());
    }

    @Test
    void unknownNameSuggestsCloseNames() {
        DataException typo = assertThrows(DataException.class, () -> sample().lookup("brown/ca1"));
        assertTrue(typo.getMessage().startsWith("No data file 'brown/ca1' in reg.tsv. Did you mean: brown/ca01, brown/ca02?"),
                typo.getMessage());
        DataException bare = assertThrows(DataException.class, () -> sample().lookup("tweets.csv"));
        assertTrue(bare.getMessage().contains("Did you mean: twitter-airline-sentiment/Tweets.csv?"), bare.getMessage());
    }

    @Test
    void unknownFolderListsTheFolders() {
        DataException e = assertThrows(DataException.class, () -> sample().files("browm/"));
        assertTrue(e.getMessage().contains("starts with 'browm/'"), e.getMessage());
        assertTrue(e.getMessage().contains("brown/, text8/, twitter-airline-sentiment/"), e.getMessage());
    }
}
