package course.viz;

import java.text.DecimalFormat;

/**
 * The numbers printed in heat-map cells: counts as integers ({@code 9,081}), anything else rounded to two
 * decimals ({@code 0.42}, {@code 0.5}, {@code 0}), and none at all when the cells are too small to hold them.
 * XChart formats cell values with a {@link DecimalFormat} pattern; {@link #pattern()} is the one to give it.
 */
public final class CellValues {

    /** Smallest cell, in pixels, that holds a value such as "0.42" in the value font. */
    static final double MIN_WIDTH = 36;
    static final double MIN_HEIGHT = 16;

    private final String pattern;

    private CellValues(String pattern) {
        this.pattern = pattern;
    }

    /** The format for {@code values}: integers if every value is one, else at most two decimals. */
    public static CellValues of(double[][] values) {
        boolean integers = true;
        for (double[] row : values) {
            for (double v : row) {
                integers &= v == Math.rint(v);
            }
        }
        return new CellValues(integers ? "#,##0" : "#,##0.##");
    }

    public String pattern() {
        return pattern;
    }

    /** {@code v} as its cell shows it. */
    public String format(double v) {
        String s = new DecimalFormat(pattern).format(v);
        return s.equals("-0") ? "0" : s;
    }

    /** Whether cells of {@code cellWidth} × {@code cellHeight} pixels are big enough to print their values in. */
    public static boolean fit(double cellWidth, double cellHeight) {
        return cellWidth >= MIN_WIDTH && cellHeight >= MIN_HEIGHT;
    }
}
