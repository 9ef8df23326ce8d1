package course.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {

    @Test
    void vocabularyIsTheSortedDistinctCharactersOfTheTrainingText() {
        CharTokenizer chars = CharTokenizer.fit("hello, world");
        assertEquals(" ,dehlorw", chars.vocabulary());
        assertEquals(9, chars.vocabularySize());
        assertEquals("char (9)", chars.name());
        assertArrayEquals(new int[] {4, 3, 5, 5, 6}, chars.encode("hello"));
        assertEquals("world, hello", chars.decode(chars.encode("world, hello")));
        assertEquals(List.of("\"h\"", "\"i\""), CharTokenizer.fit("hi").pieces("hi"));
    }

    @Test
    void aCharacterIsACodePointSoEmojiAndControlsRoundTrip() {
        String text = "🙂 猫\u0000\t\r\né👨\u200D👩 e\u0301";
        CharTokenizer chars = CharTokenizer.fit(text);
        int[] ids = chars.encode(text);
        assertEquals(text.codePointCount(0, text.length()), ids.length);
        assertEquals(text, chars.decode(ids));
        assertEquals("\"🙂\"", chars.describe(chars.id(0x1F642)));
        assertEquals("\"\\n\"", chars.describe(chars.id('\n')));
        assertEquals("", chars.decode(chars.encode("")));
    }

    @Test
    void anUnseenCharacterIsRefusedWithItsCodePoint() {
        CharTokenizer chars = CharTokenizer.fit("abc");
        var e = assertThrows(IllegalArgumentException.class, () -> chars.encode("cab é"));
        assertTrue(e.getMessage().contains("character \" \" (U+0020) is not in the vocabulary"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> chars.encode("é"));
        assertTrue(e.getMessage().contains("\"é\" (U+00E9)"), e.getMessage());
        assertTrue(e.getMessage().contains("the 3 distinct characters of its training text"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> chars.decode(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("token id 3 is outside this vocabulary of 3 characters"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CharTokenizer.fit(""));
        assertTrue(e.getMessage().contains("empty text"), e.getMessage());
    }
}
