package course.viz;

/** The geometry of a grid of equal square cells, e.g. an attention mask or the rows of a matrix. */
public record CellGrid(double x, double y, int rows, int cols, double cellSize) {

    public Box cell(int row, int col) {
        return new Box(x + col * cellSize, y + row * cellSize, cellSize, cellSize);
    }

    /** The cells of one row, as one box. */
    public Box row(int row) {
        return new Box(x, y + row * cellSize, cols * cellSize, cellSize);
    }

    public Box frame() {
        return new Box(x, y, cols * cellSize, rows * cellSize);
    }
}
