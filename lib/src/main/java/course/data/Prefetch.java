package course.data;

import course.repro.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./course fetch [--profile P]}: fills the data cache with every file a profile's notebooks read, so
 * a workshop never waits for (or fails on) a download mid-session. Checksums are verified as usual.
 */
public final class Prefetch {

    /** Registry folders each profile needs; grows as notebooks are added. */
    static final Map<Profile, List<String>> DATASETS = Map.of(
            Profile.TINY, List.of("twitter-airline-sentiment/", "tinyshakespeare/", "word2vec-analogies/", "brown/", "sotu/", "multi30k/"),
            Profile.WORKSHOP, List.of("twitter-airline-sentiment/", "tinyshakespeare/", "word2vec-analogies/", "brown/", "sotu/", "multi30k/"),
            Profile.FULL, List.of("twitter-airline-sentiment/", "tinyshakespeare/", "word2vec-analogies/", "brown/", "sotu/", "multi30k/",
                    "text8/", "wikitext-103/"));

    private Prefetch() {}

    /** The registry names of every file {@code profile} needs. */
    public static List<String> files(DataRegistry registry, Profile profile) {
        List<String> files = new ArrayList<>();
        for (String prefix : DATASETS.get(profile)) {
            registry.files(prefix).forEach(f -> files.add(f.file()));
        }
        return files;
    }

    public static void main(String[] args) {
        Profile profile = Profile.active();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--profile") && i + 1 < args.length) {
                profile = Profile.parse(args[++i]);
            } else {
                System.err.println("usage: ./course fetch [--profile tiny|workshop|full]");
                System.exit(2);
            }
        }
        DataStore store = DataStore.fromEnvironment();
        List<String> files = files(store.registry(), profile);
        System.out.println("Fetching " + files.size() + " files for the " + profile.id() + " profile into " + store.paths().cache());
        try {
            store.prefetch(files);
        } catch (DataException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        System.out.println("All " + files.size() + " files are in the cache and match their checksums.");
    }
}
