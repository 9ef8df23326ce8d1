package course.elmo;

import java.util.List;

/**
 * The shape of the character encoder ({@link CharCnn}).
 *
 * @param charEmbedding width of each character's vector
 * @param filters       the convolutions: each a width (characters it spans) and a number of output channels
 * @param highways      how many highway layers follow the convolutions
 * @param output        width of the token vector it produces (ELMo's layer 0)
 * @param maxChars      characters per word, the begin and end marks included ({@link CharacterIds})
 */
public record CharCnnConfig(int charEmbedding, List<Filter> filters, int highways, int output, int maxChars) {

    /** One convolution: {@code width} characters wide, {@code channels} filters (features) of that width. */
    public record Filter(int width, int channels) {
        public Filter {
            if (width < 1 || channels < 1) {
                throw new IllegalArgumentException("a filter needs width >= 1 and channels >= 1, got width " + width + ", channels " + channels);
            }
        }
    }

    public CharCnnConfig {
        filters = List.copyOf(filters);
        if (charEmbedding < 1 || output < 1 || highways < 0 || filters.isEmpty()) {
            throw new IllegalArgumentException("need charEmbedding >= 1, output >= 1, highways >= 0 and at least one filter, got charEmbedding=" + charEmbedding
                    + ", output=" + output + ", highways=" + highways + ", filters=" + filters);
        }
        int widest = filters.stream().mapToInt(Filter::width).max().orElseThrow();
        if (maxChars < widest) {
            throw new IllegalArgumentException("maxChars " + maxChars + " is narrower than the widest filter (" + widest + ")");
        }
        new CharacterIds(maxChars);   // checks maxChars itself
    }

    /**
     * A CPU-sized encoder in the spirit of bilm-tf's test fixture (filters of widths 1–5, a few to 64 channels):
     * widths 1–5 with 16, 16, 32, 64, 64 channels, 2 highway layers, 16-dimensional characters, words up to 20
     * characters (longer ones are cut; see {@link CharacterIds}).
     */
    public static CharCnnConfig small(int output) {
        return new CharCnnConfig(16, List.of(new Filter(1, 16), new Filter(2, 16), new Filter(3, 32), new Filter(4, 64), new Filter(5, 64)),
                2, output, 20);
    }

    /** Total channels over all filters: the width of the pooled feature vector, before the highways. */
    public int channels() {
        return filters.stream().mapToInt(Filter::channels).sum();
    }

    public CharCnnConfig withOutput(int o) {
        return new CharCnnConfig(charEmbedding, filters, highways, o, maxChars);
    }

    public CharCnnConfig withMaxChars(int m) {
        return new CharCnnConfig(charEmbedding, filters, highways, output, m);
    }

    public CharCnnConfig withHighways(int h) {
        return new CharCnnConfig(charEmbedding, filters, h, output, maxChars);
    }
}
