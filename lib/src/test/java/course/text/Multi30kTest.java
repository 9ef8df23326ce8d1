package course.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.data.DataStore;
import course.data.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class Multi30kTest {

    @Test
    void theSplitsHaveThePublishedSizesAndLineIAlwaysTranslatesLineI() {
        DataStore store = TestData.realStore();
        assertEquals(29_000, Multi30k.tokenized(store, Multi30k.Split.TRAIN).size());
        assertEquals(1_014, Multi30k.tokenized(store, Multi30k.Split.VALID).size());
        List<Multi30k.TokenPair> test = Multi30k.tokenized(store, Multi30k.Split.TEST_2016);
        List<Multi30k.RawPair> raw = Multi30k.raw(store, Multi30k.Split.TEST_2016);
        assertEquals(1_000, test.size());
        assertEquals(1_000, raw.size());
        // the same sentence in both forms: the tokenised one is the raw one lower-cased with punctuation split off
        for (int i : new int[] {0, 1, 500, 999}) {
            String joined = String.join("", test.get(i).english());
            String squeezed = raw.get(i).english().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", "");
            assertEquals(squeezed.replaceAll("[^\\p{L}\\p{N}]", ""), joined.replaceAll("[^\\p{L}\\p{N}]", ""), "line " + i);
            assertEquals(i, test.get(i).line());
        }
        Multi30k.TokenPair first = Multi30k.tokenized(store, Multi30k.Split.VALID).get(0);
        assertEquals(List.of("eine", "gruppe", "von", "männern", "lädt", "baumwolle", "auf", "einen", "lastwagen"), first.german());
        assertTrue(first.english().size() > 3 && first.english().stream().allMatch(w -> w.equals(w.toLowerCase(java.util.Locale.ROOT))));
    }
}
