package course.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;

/**
 * The look every course diagram shares: one font family in three sizes, one dark line colour, and light tints
 * of the {@link Palette} colours for filled shapes, so a diagram's blue is the charts' blue.
 */
public final class Ink {

    public static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    public static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    public static final Color PAPER = Color.WHITE;
    public static final Color LINE = new Color(60, 60, 60);
    public static final Color FAINT = new Color(170, 170, 170);

    public static final Stroke SOLID = new BasicStroke(1.6f);
    public static final Stroke THICK = new BasicStroke(4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
    public static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private Ink() {}

    /** {@code colour} mixed with white: 0 is white, 1 the colour itself. */
    public static Color tint(Color colour, double share) {
        return new Color(mix(colour.getRed(), share), mix(colour.getGreen(), share), mix(colour.getBlue(), share));
    }

    private static int mix(int channel, double share) {
        return (int) Math.round(255 + (channel - 255) * share);
    }
}
