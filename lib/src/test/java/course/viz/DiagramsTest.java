package course.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiagramsTest {

    static Stream<Arguments> diagrams() {
        return Stream.of(
                Arguments.of("courseMap", (Supplier<BufferedImage>) Diagrams::courseMap, 580),
                Arguments.of("trainingStep", (Supplier<BufferedImage>) Diagrams::trainingStep, 500),
                Arguments.of("skipGram", (Supplier<BufferedImage>) Diagrams::skipGram, 520),
                Arguments.of("biLm", (Supplier<BufferedImage>) Diagrams::biLm, 650),
                Arguments.of("lstmCell", (Supplier<BufferedImage>) Diagrams::lstmCell, 420),
                Arguments.of("gpt", (Supplier<BufferedImage>) Diagrams::gpt, 690),
                Arguments.of("causalAttention", (Supplier<BufferedImage>) Diagrams::causalAttention, 440));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diagrams")
    void rendersAtItsSize(String name, Supplier<BufferedImage> diagram, int height) throws IOException {
        BufferedImage image = diagram.get();
        assertEquals(Diagrams.WIDTH, image.getWidth());
        assertEquals(height, image.getHeight());
        String out = System.getProperty("course.diagrams.out");
        if (out != null) {
            ImageIO.write(image, "png", new File(out, name + ".png"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diagrams")
    void isNotBlank(String name, Supplier<BufferedImage> diagram, int height) {
        BufferedImage image = diagram.get();
        int paper = Ink.PAPER.getRGB();
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) != paper) {
                    inked++;
                }
            }
        }
        double share = inked / (double) (image.getWidth() * image.getHeight());
        assertTrue(share > 0.05, name + " has only " + share + " of its pixels drawn");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diagrams")
    void isTheSameEveryTime(String name, Supplier<BufferedImage> diagram, int height) {
        BufferedImage first = diagram.get();
        BufferedImage second = diagram.get();
        int w = first.getWidth();
        int h = first.getHeight();
        assertArrayEquals(first.getRGB(0, 0, w, h, null, 0, w), second.getRGB(0, 0, w, h, null, 0, w), name);
    }

    @Test
    void theAttentionPicturesWeightsAreASoftmaxUnderTheMask() {
        CausalMask mask = new CausalMask(6);
        double[][] w = Diagrams.exampleWeights(mask);
        for (int i = 0; i < 6; i++) {
            double sum = 0;
            for (int j = 0; j < 6; j++) {
                if (!mask.allows(i, j)) {
                    assertEquals(0, w[i][j], "query " + i + " must not see key " + j);
                }
                sum += w[i][j];
            }
            assertEquals(1, sum, 1e-12, "row " + i);
        }
        assertEquals(Math.exp(2) / (Math.exp(1) + Math.exp(2)), w[1][1], 1e-12);   // row 1: scores (1, 2)
    }

    /**
     * The PNGs committed beside the notebooks are the current drawings: at most 1 % of the pixels may differ (font
     * rasterisation can differ by a pixel between machines); a change to a diagram needs {@code ./course diagrams}.
     */
    @Test
    void theCommittedPicturesBesideTheNotebooksAreUpToDate() throws IOException {
        java.nio.file.Path folder = java.nio.file.Path.of("..", "notebooks", "img");
        for (var e : DiagramFiles.all().entrySet()) {
            java.nio.file.Path file = folder.resolve(e.getKey() + ".png");
            assertTrue(java.nio.file.Files.exists(file), file + " is missing: run ./course diagrams");
            BufferedImage committed = ImageIO.read(file.toFile());
            BufferedImage drawn = e.getValue().get();
            assertEquals(drawn.getWidth(), committed.getWidth(), e.getKey() + ": run ./course diagrams");
            assertEquals(drawn.getHeight(), committed.getHeight(), e.getKey() + ": run ./course diagrams");
            long differ = 0;
            for (int y = 0; y < drawn.getHeight(); y++) {
                for (int x = 0; x < drawn.getWidth(); x++) {
                    differ += drawn.getRGB(x, y) == committed.getRGB(x, y) ? 0 : 1;
                }
            }
            double share = differ / (double) (drawn.getWidth() * drawn.getHeight());
            assertTrue(share <= 0.01, e.getKey() + ".png differs from its drawing in " + share + " of its pixels: run ./course diagrams");
        }
    }
}
