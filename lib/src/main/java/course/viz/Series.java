package course.viz;

import java.awt.Color;
import java.util.Optional;

/**
 * One named line or point cloud: x and y of equal length, optionally its colour (otherwise the
 * {@link Palette} picks one from the name), and whether it is a reference result to compare with rather than
 * part of the run being plotted. A chart's x range follows the run; a reference far beyond it is shown as a
 * labelled marker at the edge ({@link XRange}).
 */
public record Series(String name, double[] x, double[] y, Optional<Color> colour, boolean reference) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series '" + name + "': x has " + x.length + " values but y has " + y.length);
        }
        x = x.clone();
        y = y.clone();
        colour = colour == null ? Optional.empty() : colour;
    }

    public Series(String name, double[] x, double[] y) {
        this(name, x, y, Optional.empty(), false);
    }

    /** y against 1, 2, 3, ... */
    public static Series of(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return new Series(name, x, y);
    }

    /** A reference result to compare with, e.g. a published validation loss: drawn as {@link Palette#REFERENCE grey} points. */
    public static Series reference(String name, double[] x, double[] y) {
        return new Series(name, x, y, Optional.of(Palette.REFERENCE), true);
    }

    /** The same series in {@code c}. */
    public Series withColour(Color c) {
        return new Series(name, x, y, Optional.of(c), reference);
    }

    /** The same series as a reference result, {@link Palette#REFERENCE grey} unless it has a colour. */
    public Series asReference() {
        return new Series(name, x, y, Optional.of(colour.orElse(Palette.REFERENCE)), true);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    public int size() {
        return x.length;
    }
}
