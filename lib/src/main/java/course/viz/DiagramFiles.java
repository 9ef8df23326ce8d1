package course.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * The diagrams as PNG files beside the notebooks ({@code notebooks/img/<name>.png}), so a notebook shows its picture
 * with a plain Markdown image: in JupyterLab, in the HTML export and on GitHub, where a committed notebook carries no
 * outputs. {@link Diagrams} stays the one source; {@code ./course diagrams} redraws every file, and a test fails when
 * a committed file no longer matches its drawing.
 */
public final class DiagramFiles {

    private DiagramFiles() {}

    /** Every diagram a notebook shows, by file name (without .png), in course order. */
    public static Map<String, Supplier<BufferedImage>> all() {
        Map<String, Supplier<BufferedImage>> all = new LinkedHashMap<>();
        all.put("course_map", Diagrams::courseMap);
        all.put("training_step", Diagrams::trainingStep);
        all.put("skip_gram", Diagrams::skipGram);
        all.put("bilm", Diagrams::biLm);
        all.put("lstm_cell", Diagrams::lstmCell);
        all.put("ulmfit", Diagrams::ulmfit);
        all.put("gpt", Diagrams::gpt);
        all.put("causal_attention", Diagrams::causalAttention);
        return all;
    }

    /** Writes every diagram into {@code folder} (created if needed); returns how many. */
    public static int writeAll(Path folder) {
        try {
            Files.createDirectories(folder);
            for (Map.Entry<String, Supplier<BufferedImage>> e : all().entrySet()) {
                Path tmp = folder.resolve(e.getKey() + ".png.tmp");
                ImageIO.write(e.getValue().get(), "png", tmp.toFile());
                Files.move(tmp, folder.resolve(e.getKey() + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return all().size();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the diagrams into " + folder, e);
        }
    }

    /** {@code ./course diagrams}: redraws notebooks/img/. */
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "notebooks/img");
        int n = writeAll(folder);
        System.out.println("wrote " + n + " diagrams into " + folder.toAbsolutePath());
    }
}
