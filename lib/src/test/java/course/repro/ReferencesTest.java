package course.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.env.CoursePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferencesTest {

    @Test
    void expectedTimesComeFromTheFileAndReadAsALearnerPlans(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("notebooks"));
        Files.writeString(home.resolve("notebooks/references.json"),
                "{\"06_gpt\": {\"expected_seconds\": {\"tiny\": 21, \"workshop\": 236}}, \"01_word2vec\": {}}");
        References refs = References.load(home);
        assertEquals(OptionalDouble.of(236), refs.expectedSeconds("06_gpt", Profile.WORKSHOP));
        assertEquals("Expected time in profile workshop: about 4 min on a 2-core laptop (measured; references.json).",
                refs.expectedTime("06_gpt", Profile.WORKSHOP));
        assertEquals("Expected time in profile tiny: about 20 s on a 2-core laptop (measured; references.json).",
                refs.expectedTime("06_gpt", Profile.TINY));
        assertTrue(refs.expectedTime("01_word2vec", Profile.FULL).contains("not measured yet"));
        assertEquals(OptionalDouble.empty(), refs.expectedSeconds("99_missing", Profile.TINY));
    }

    @Test
    void everyCourseNotebookHasAMeasuredWorkshopTime() throws Exception {
        Path home = CoursePaths.fromEnvironment().home();
        References refs = References.load(home);
        try (var notebooks = Files.list(home.resolve("notebooks"))) {
            for (Path nb : notebooks.filter(p -> p.getFileName().toString().matches("\\d\\d_.*\\.ipynb")).toList()) {
                String stem = nb.getFileName().toString().replace(".ipynb", "");
                assertTrue(refs.expectedSeconds(stem, Profile.WORKSHOP).isPresent(), stem + " has no workshop time");
                assertTrue(refs.expectedSeconds(stem, Profile.TINY).isPresent(), stem + " has no tiny time");
            }
        }
    }
}
