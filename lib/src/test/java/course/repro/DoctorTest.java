package course.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorTest {

    @Test
    void reportsTheEngineAndDeviceOfThisMachine() {
        List<Doctor.Check> checks = Doctor.run();
        Doctor.Check engine = checks.stream().filter(c -> c.name().equals("engine")).findFirst().orElseThrow();
        assertEquals("PyTorch 2.7.1", engine.found());
        assertEquals(Doctor.Status.OK, engine.status());
        assertTrue(checks.stream().anyMatch(c -> c.name().equals("device") && c.found().startsWith("cpu")));
        assertEquals(checks.size(), Doctor.report().rowCount());
    }
}
