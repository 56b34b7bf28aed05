package dev.cadenza.examples.recipes;

import dev.cadenza.formats.MusicFiles;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Score;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The piano MIDI corpus (piano-midi.de, {@code midi/piano}) or the user's MIDI files, each with its file name and the
 * split it belongs to. Held out by composer, so that a model is tested on music by a composer it never heard: Chopin
 * ({@code chpn-*}) is the test split and Mozart ({@code mz_*}) the validation split. A user's corpus without both
 * composers is split by file instead: of every five files in path order, the fourth validates and the fifth tests.
 */
final class PianoCorpus {
    static final String TEST_COMPOSER = "chpn", VALIDATION_COMPOSER = "mz";
    static final int TRAIN = 0, VALIDATION = 1, TEST = 2;

    private PianoCorpus() {}

    /** One file: its name without folder, its score and its split. */
    record File(String name, Score score, int split) {}

    /** The composer of a piano-midi.de file name: its leading letters ("chpn" for chpn-p15.mid, "mz" for mz_545_1.mid). */
    static String composer(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < lower.length() && Character.isLetter(lower.charAt(end))) end++;
        return lower.substring(0, end);
    }

    /** The files of the recipe corpus or of the user's {@code --corpus}, with their splits; at least one in each split. */
    static List<File> load(RecipeContext context, String recipe) throws IOException {
        List<String> names = new ArrayList<>();
        List<Score> scores = new ArrayList<>();
        if (context.userCorpus() != null) {
            MusicFiles.Read<Score> read = MusicFiles.midi(context.userCorpus());
            context.report(read);
            for (MusicFiles.Item<Score> item : read.items()) {
                names.add(item.source().getFileName().toString());
                scores.add(item.value());
            }
        } else {
            for (Path p : context.corpus().midiFiles("piano")) {
                names.add(p.getFileName().toString());
                scores.add(MidiReader.read(p));
            }
        }
        Set<String> composers = new TreeSet<>();
        for (String n : names) composers.add(composer(n));
        boolean byComposer = composers.contains(TEST_COMPOSER) && composers.contains(VALIDATION_COMPOSER) && composers.size() > 2;
        List<File> files = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int split;
            if (byComposer) {
                String c = composer(names.get(i));
                split = c.equals(TEST_COMPOSER) ? TEST : c.equals(VALIDATION_COMPOSER) ? VALIDATION : TRAIN;
            } else {
                split = i % 5 == 3 ? VALIDATION : i % 5 == 4 ? TEST : TRAIN;
            }
            files.add(new File(names.get(i), scores.get(i), split));
        }
        for (int s = TRAIN; s <= TEST; s++) {
            int split = s;
            if (files.stream().noneMatch(f -> f.split() == split))
                throw new IllegalArgumentException(recipe + " needs MIDI files for training, validation and test (held out by composer: "
                        + TEST_COMPOSER + "* tests, " + VALIDATION_COMPOSER + "* validates; otherwise every fourth and fifth of five files), "
                        + "found " + files.size() + " file" + (files.size() == 1 ? "" : "s"));
        }
        return files;
    }
}
