package course.viz;

import java.awt.Color;
import java.util.Optional;

/**
 * One named line or point cloud: x and y of equal length, and optionally its colour (otherwise the
 * {@link Palette} picks one from the name).
 */
public record Series(String name, double[] x, double[] y, Optional<Color> colour) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series '" + name + "': x has " + x.length + " values but y has " + y.length);
        }
        x = x.clone();
        y = y.clone();
        colour = colour == null ? Optional.empty() : colour;
    }

    public Series(String name, double[] x, double[] y) {
        this(name, x, y, Optional.empty());
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
        return new Series(name, x, y, Optional.of(Palette.REFERENCE));
    }

    /** The same series in {@code c}. */
    public Series withColour(Color c) {
        return new Series(name, x, y, Optional.of(c));
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
