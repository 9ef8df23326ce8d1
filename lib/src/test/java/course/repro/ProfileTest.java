package course.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void parsesNamesCaseInsensitively() {
        assertEquals(Profile.TINY, Profile.parse("tiny"));
        assertEquals(Profile.FULL, Profile.parse(" FULL "));
    }

    @Test
    void defaultsToWorkshopWhenUnset() {
        assertEquals(Profile.WORKSHOP, Profile.fromEnvironment(Map.of()));
        assertEquals(Profile.TINY, Profile.fromEnvironment(Map.of("COURSE_PROFILE", "tiny")));
    }

    @Test
    void unknownProfileListsTheValidNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> Profile.fromEnvironment(Map.of("COURSE_PROFILE", "huge")));
        assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
        assertTrue(e.getMessage().contains("tiny, workshop, full"), e.getMessage());
    }

    @Test
    void picksThePresetOfTheProfile() {
        assertEquals(10, Profile.TINY.pick(10, 200, 5000));
        assertEquals(200, Profile.WORKSHOP.pick(10, 200, 5000));
        assertEquals(5000, Profile.FULL.pick(10, 200, 5000));
    }
}
