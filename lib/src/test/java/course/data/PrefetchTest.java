package course.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import course.env.CoursePaths;
import course.repro.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefetchTest {

    @Test
    void everyProfileNamesOnlyRegisteredFilesAndWorkshopNeedsNoNetworkOnlyData() {
        DataRegistry registry = DataRegistry.load(CoursePaths.fromEnvironment());
        for (Profile p : Profile.values()) {
            for (String prefix : Prefetch.DATASETS.get(p)) {
                assertTrue(!registry.files(prefix).isEmpty(), p + " names " + prefix + ", which the registry lacks");
            }
        }
        List<String> workshop = Prefetch.files(registry, Profile.WORKSHOP);
        assertTrue(workshop.contains("twitter-airline-sentiment/Tweets.csv"));
        assertTrue(workshop.stream().map(registry::lookup).allMatch(DataFile::isVerifiable),
                "the workshop profile must not need files whose checksum is not recorded");
    }
}
