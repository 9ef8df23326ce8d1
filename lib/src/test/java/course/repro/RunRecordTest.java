package course.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import course.env.CoursePaths;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {

    record Toy(int steps, double rate) {}

    @TempDir
    Path tmp;

    private CoursePaths paths() {
        return CoursePaths.from(Map.of("COURSE_HOME", tmp.toString()), tmp);
    }

    @Test
    void writesManifestMetricsAndPlots() throws Exception {
        RunRecord run = RunRecord.start("00_test", Profile.TINY, new Toy(3, 0.5), 42, paths());
        Path dir = tmp.resolve("runs/tiny/00_test");
        assertEquals(dir, run.dir());
        run.metric("final_loss", 0.25);
        run.metric("words", 12);
        run.plot("loss", new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB));
        String summary = run.finish();
        assertTrue(summary.contains("runs/tiny/00_test"), summary);

        JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json"))).getAsJsonObject();
        assertEquals("tiny", manifest.get("profile").getAsString());
        assertEquals(42, manifest.get("seed").getAsLong());
        assertTrue(manifest.get("finished").getAsBoolean());
        assertTrue(manifest.get("wall_time_seconds").getAsDouble() >= 0);
        assertEquals("0.35.1", manifest.get("djl_version").getAsString());
        assertEquals("2.7.1", manifest.get("pytorch_version").getAsString());
        assertEquals("cpu()", manifest.get("device").getAsString());
        assertTrue(manifest.get("jdk").getAsString().contains(System.getProperty("java.runtime.version")));
        assertEquals(3, manifest.getAsJsonObject("config").get("steps").getAsInt());

        JsonObject metrics = JsonParser.parseString(Files.readString(dir.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(0.25, metrics.get("final_loss").getAsDouble());
        assertEquals(12, metrics.get("words").getAsInt());
        assertEquals(20, ImageIO.read(dir.resolve("loss.png").toFile()).getWidth());
    }

    @Test
    void manifestExistsBeforeFinishAndSaysSo() throws Exception {
        RunRecord.start("01_partial", Profile.WORKSHOP, new Toy(1, 1), 1, paths());
        JsonObject manifest = JsonParser.parseString(Files.readString(tmp.resolve("runs/workshop/01_partial/manifest.json"))).getAsJsonObject();
        assertEquals(false, manifest.get("finished").getAsBoolean());
    }

    @Test
    void rejectsANotebookNameThatIsNotAFileStem() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunRecord.start("../evil", Profile.TINY, new Toy(1, 1), 1, paths()));
        assertTrue(e.getMessage().contains("'../evil'"), e.getMessage());
    }
}
