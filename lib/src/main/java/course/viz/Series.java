package course.viz;

/** One named line or point cloud: x and y of equal length. */
public record Series(String name, double[] x, double[] y) {

    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series '" + name + "': x has " + x.length + " values but y has " + y.length);
        }
        x = x.clone();
        y = y.clone();
    }

    /** y against 1, 2, 3, ... */
    public static Series of(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return new Series(name, x, y);
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
