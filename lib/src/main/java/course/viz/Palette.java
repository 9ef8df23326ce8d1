package course.viz;

import java.awt.Color;
import java.util.Collection;
import java.util.List;

/**
 * The course's one set of series colours. Training curves are always {@link #TRAIN blue}, validation curves
 * {@link #VALIDATION orange} and reference results (a paper's or nanoGPT's number) {@link #REFERENCE grey}, in
 * the live plot and the final one alike, so the prose can name them. Any other series gets a colour from its
 * name: the same name, the same colour, in every chart.
 */
public final class Palette {

    public static final Color BLUE = new Color(31, 119, 180);
    public static final Color ORANGE = new Color(255, 127, 14);
    public static final Color GREEN = new Color(44, 160, 44);
    public static final Color RED = new Color(214, 39, 40);
    public static final Color PURPLE = new Color(148, 103, 189);
    public static final Color BROWN = new Color(140, 86, 75);
    public static final Color PINK = new Color(227, 119, 194);
    public static final Color OLIVE = new Color(188, 189, 34);
    public static final Color TEAL = new Color(23, 190, 207);
    public static final Color GREY = new Color(127, 127, 127);

    public static final Color TRAIN = BLUE;
    public static final Color VALIDATION = ORANGE;
    public static final Color REFERENCE = GREY;

    /** The colours handed out by name; grey is kept for references. */
    static final List<Color> BY_NAME = List.of(BLUE, ORANGE, GREEN, RED, PURPLE, BROWN, PINK, OLIVE, TEAL);

    private Palette() {}

    /** The colour a series called {@code name} gets when it sets none, whatever else is in the chart. */
    public static Color forName(String name) {
        return BY_NAME.get(Math.floorMod(name.hashCode(), BY_NAME.size()));
    }

    /**
     * {@link #forName}'s colour unless another series of the same chart already has it, then the next free one,
     * so two lines of one chart never share a colour while there are colours left.
     */
    static Color forName(String name, Collection<Color> taken) {
        int start = BY_NAME.indexOf(forName(name));
        for (int i = 0; i < BY_NAME.size(); i++) {
            Color c = BY_NAME.get((start + i) % BY_NAME.size());
            if (!taken.contains(c)) {
                return c;
            }
        }
        return forName(name);
    }
}
