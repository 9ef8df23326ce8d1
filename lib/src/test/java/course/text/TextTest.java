package course.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.data.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void tokenizerLowerCasesAndSplitsOnEverythingElse() {
        assertEquals(List.of("the", "u", "s", "congress", "don't", "well-known", "1790"),
                WordTokenizer.tokens("The U.S. Congress, don't — well-known; 1790!"));
        assertTrue(WordTokenizer.isToken("can't"));
        assertFalse(WordTokenizer.isToken("``"));
        assertFalse(WordTokenizer.isToken("café"));
    }

    @Test
    void vocabularyKeepsFrequentWordsInCountOrder() {
        List<List<String>> corpus = List.of(List.of("b", "a", "a", "c"), List.of("a", "b", "d", "b", "c"));
        Vocabulary v = Vocabulary.build(corpus, 2);
        assertEquals(List.of("a", "b", "c"), v.words()); // a 3, b 3 (tie: alphabetical), c 2; d dropped
        assertArrayEquals(new long[] {3, 3, 2}, v.counts());
        assertEquals(8, v.totalCount());
        assertEquals(-1, v.idOrMinusOne("d"));
        List<int[]> encoded = v.encode(corpus);
        assertArrayEquals(new int[] {1, 0, 0, 2}, encoded.get(0));
        assertArrayEquals(new int[] {0, 1, 1, 2}, encoded.get(1));
        var e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(corpus, 0));
        assertTrue(e.getMessage().contains("minCount must be >= 1, got 0"));
    }

    @Test
    void workshopCorpusHasTheSizeThePeerRunsReport() {
        List<List<String>> corpus = Corpora.brownAndStateOfTheUnion(TestData.realStore());
        // COURSE_DESIGN §3: gensim and word2vec.c were run on exactly this corpus: 2.82M tokens, 20,222 words.
        assertEquals(2_824_178, Corpora.tokenCount(corpus));
        assertEquals(20_222, Vocabulary.build(corpus, 5).size());
        assertEquals(List.of("the", "fulton", "county", "grand", "jury"), corpus.get(0).subList(0, 5));
        List<List<String>> slice = Corpora.slice(corpus, 1000);
        assertTrue(Corpora.tokenCount(slice) >= 1000 && Corpora.tokenCount(slice) < 1200);
    }

    @Test
    void theWorkshopCorpusKeepsItsDocumentBoundaries() {
        List<Corpora.Document> documents = Corpora.brownAndStateOfTheUnionDocuments(TestData.realStore());
        assertEquals(500, documents.stream().filter(d -> d.name().startsWith("brown/")).count());
        assertTrue(documents.stream().filter(d -> d.name().startsWith("sotu/")).count() > 200);
        assertEquals(Corpora.brownAndStateOfTheUnion(TestData.realStore()), Corpora.sentences(documents));
        assertEquals("brown/ca01", documents.get(0).name());
    }

    @Test
    void wikiTextValidComesAsArticlesInTheCoursesTokens() {
        List<Corpora.Document> articles = Corpora.wikiText2(TestData.realStore(), "valid");
        assertTrue(articles.size() > 50, articles.size() + " articles");
        long tokens = articles.stream().mapToLong(Corpora.Document::tokenCount).sum();
        assertTrue(tokens > 150_000 && tokens < 260_000, tokens + " tokens");
        assertTrue(articles.get(0).sentences().get(0).stream().allMatch(WordTokenizer::isToken));
        var e = assertThrows(IllegalArgumentException.class, () -> Corpora.wikiText2(TestData.realStore(), "train"));
        assertTrue(e.getMessage().contains("mirror has no train part"), e.getMessage());
    }
}
