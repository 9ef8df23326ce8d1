package course.viz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Short tick labels: {@code 0.2}, {@code 1.5k}, {@code 2M}, {@code 1e-4} — as few characters as the number
 * needs, so labels on a 720-pixel chart do not run into each other.
 */
public final class NumberLabels {

    private NumberLabels() {}

    /** {@code value}, one of a row of ticks {@code step} apart: as many decimals as the step has, no more. */
    public static String onGrid(double value, double step) {
        if (Math.abs(value) < Math.abs(step) * 1e-9) {
            return "0";
        }
        double max = Math.max(Math.abs(value), Math.abs(step));
        for (Unit u : Unit.values()) {
            // 1,500 as 1.5k, but 1,002 (ticks 2 apart) stays 1,002: "1.002k" is no shorter to read
            if (max >= u.size && Math.abs(step) >= u.size / 10) {
                return plain(value / u.size, step / u.size, false) + u.suffix;
            }
        }
        return plain(value, step, true);
    }

    /** A round number on its own, e.g. a tick of a logarithmic axis: 0.05, 2, 300, 5k, 1e-5. */
    public static String round(double value) {
        if (value == 0) {
            return "0";
        }
        double a = Math.abs(value);
        if (a < 1e-3) {
            BigDecimal m = new BigDecimal(value, new MathContext(2));
            int exponent = (int) Math.floor(Math.log10(a) + 1e-9);
            BigDecimal mantissa = m.movePointLeft(exponent).stripTrailingZeros();
            return (mantissa.compareTo(BigDecimal.ONE) == 0 ? "1" : mantissa.toPlainString()) + "e" + exponent;
        }
        for (Unit u : Unit.values()) {
            if (a >= u.size) {
                return strip(new BigDecimal(value / u.size, new MathContext(3))) + u.suffix;
            }
        }
        return strip(new BigDecimal(value, new MathContext(3)));
    }

    private static String plain(double value, double step, boolean grouping) {
        int decimals = Math.max(0, BigDecimal.valueOf(Math.abs(step)).round(new MathContext(3)).stripTrailingZeros().scale());
        String s = String.format(Locale.ROOT, grouping ? "%,." + decimals + "f" : "%." + decimals + "f", value);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }

    private static String strip(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private enum Unit {
        BILLION(1e9, "G"), MILLION(1e6, "M"), THOUSAND(1e3, "k");

        final double size;
        final String suffix;

        Unit(double size, String suffix) {
            this.size = size;
            this.suffix = suffix;
        }
    }
}
