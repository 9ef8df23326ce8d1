package course.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GptConfigTest {

    @Test
    void presetsMatchNanoGpt() {
        GptConfig cpu = GptConfig.shakespeareCharOnCpu(65);
        assertEquals(new GptConfig(65, 64, 4, 4, 128, 0f, false), cpu);
        // nanoGPT prints "number of parameters: 0.80M" for this model (position embedding excluded).
        assertEquals(795_904, cpu.nonEmbeddingParameterCount());
        assertEquals(804_096, cpu.parameterCount());
        // ... and "10.65M" for train_shakespeare_char.
        assertEquals(10_646_784, GptConfig.shakespeareChar(65).nonEmbeddingParameterCount());
        assertEquals(32, cpu.headSize());
        assertEquals(1000, cpu.withVocabSize(1000).vocabSize());
    }

    @Test
    void eachWithChangesOneComponentAndChecksTheResult() {
        GptConfig cpu = GptConfig.shakespeareCharOnCpu(65);
        assertEquals(new GptConfig(65, 64, 2, 4, 128, 0f, false), cpu.withLayers(2));
        assertEquals(new GptConfig(65, 64, 4, 2, 128, 0f, false), cpu.withHeads(2));
        assertEquals(new GptConfig(65, 64, 4, 4, 32, 0f, false), cpu.withEmbedding(32));
        assertEquals(new GptConfig(65, 32, 4, 4, 128, 0f, false), cpu.withBlockSize(32));
        assertEquals(new GptConfig(65, 64, 4, 4, 128, 0.1f, true), cpu.withDropout(0.1f).withBias(true));
        var e = assertThrows(IllegalArgumentException.class, () -> cpu.withEmbedding(130));
        assertTrue(e.getMessage().contains("embedding=130, heads=4"), e.getMessage());
    }

    @Test
    void badValuesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GptConfig(65, 64, 4, 3, 128, 0f, false));
        assertTrue(e.getMessage().contains("embedding=128, heads=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GptConfig(65, 64, 4, 4, 128, 1f, false));
        assertTrue(e.getMessage().contains("dropout must be in [0, 1), got 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GptConfig(0, 64, 4, 4, 128, 0f, false));
        assertTrue(e.getMessage().contains("vocabSize=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GptConfig.shakespeareCharOnCpu(65).withDropout(-0.1f));
        assertTrue(e.getMessage().contains("got -0.1"), e.getMessage());
    }
}
