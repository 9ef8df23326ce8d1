package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaletteTest {

    @Test
    void theSameNameGetsTheSameColourInEveryChart() {
        Series unigram = Series.of("unigram", new double[] {1, 2});
        List<java.awt.Color> alone = Charts.colours(List.of(unigram));
        List<java.awt.Color> withOthers = Charts.colours(List.of(Series.of("greedy", new double[] {1}), unigram));
        assertEquals(Palette.forName("unigram"), alone.get(0));
        assertEquals(alone.get(0), withOthers.get(1));
    }

    @Test
    void seriesOfOneChartNeverShareAColour() {
        List<Series> many = List.of(Series.of("greedy", new double[] {1}), Series.of("temperature 1", new double[] {1}),
                Series.of("temperature 0.7", new double[] {1}), Series.of("top-k 5, temperature 1", new double[] {1}),
                Series.of("top-p 0.9, temperature 1", new double[] {1}));
        assertEquals(many.size(), Charts.colours(many).stream().distinct().count());
    }

    @Test
    void roleColoursWinOverNames() {
        Series ref = Series.reference("nanoGPT baby GPT, validation", new double[] {2000}, new double[] {1.8857});
        assertEquals(Palette.GREY, Charts.colours(List.of(ref)).get(0));
        assertNotEquals(Palette.GREY, Palette.forName("nanoGPT baby GPT, validation"));
    }
}
