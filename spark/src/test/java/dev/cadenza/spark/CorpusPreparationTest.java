package dev.cadenza.spark;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.formats.midi.MidiFormatException;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.testkit.MusicFixtures;
import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.tokenizers.notechord.NoteChordTokenizer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corpus preparation in local[2]: the vocabulary from the distributed count is the one the single-machine fit builds
 * from the same files, the shards hold what the single-machine encode gives, and every unreadable file is listed with
 * the reader's message.
 */
class CorpusPreparationTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    private static Score melody(int seed) {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 16 + seed; i++) {
            notes.add(new Note(55 + (i * (seed + 3)) % 17, 80, i * 240L, 240));
            if (i % 4 == seed % 4) notes.add(new Note(48 + seed, 70, i * 240L, 480)); // a chord now and then
        }
        return Score.of("melody " + seed, 480, 120, null, List.of(Part.of("Piano", 0, notes)));
    }

    private static List<Path> sorted(Path folder, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    /** The tokens of every shard row, in (source, item) order. */
    private static List<int[]> shardTokens(String folder) throws IOException {
        List<int[]> out = new ArrayList<>();
        for (int[] ids : TokenShards.open(spark, folder).sequences().collect()) out.add(ids);
        return out;
    }

    @Test
    void midiFolderGivesTheSingleMachineVocabularyAndListsTheFilesItCannotRead(@TempDir Path dir) throws IOException {
        Path midi = Files.createDirectories(dir.resolve("midi"));
        for (int i = 0; i < 5; i++) MidiWriter.write(melody(i), midi.resolve("m" + i + ".mid"));
        Files.writeString(midi.resolve("broken.mid"), "this is not a MIDI file");
        Files.writeString(midi.resolve("notes.txt"), "a text file in the corpus folder");
        Path nested = Files.createDirectories(midi.resolve("more"));
        MidiWriter.write(melody(7), nested.resolve("deep.mid"));

        String out = dir.resolve("prepared").toString();
        CorpusPreparation.Result r = CorpusPreparation.on(spark).input(midi.toString()).output(out)
                .tokenizer("note-chord", Options.parse("timing=kept")).partitions(3).run();

        List<Path> good = new ArrayList<>(sorted(midi, ".mid"));
        good.remove(midi.resolve("broken.mid"));
        good.add(nested.resolve("deep.mid"));
        good.sort(null);
        List<Score> scores = MidiReader.readAll(good);
        NoteChordTokenizer single = NoteChordTokenizer.fit(scores, Map.of("timing", "kept"));
        assertEquals(single.vocabulary(), r.tokenizer().vocabulary(), "distributed count = single-machine fit");
        assertEquals(single.config(), r.tokenizer().config());
        assertEquals(8, r.files());
        assertEquals(6, r.items());

        List<int[]> tokens = shardTokens(out);
        assertEquals(6, tokens.size());
        for (int i = 0; i < scores.size(); i++) assertArrayEquals(single.encode(scores.get(i)), tokens.get(i), "shard of " + good.get(i));
        assertEquals(tokens.stream().mapToLong(t -> t.length).sum(), r.tokens());

        assertEquals(2, r.count(FileProblem.ERROR), r.problems().toString());
        FileProblem broken = r.problems().stream().filter(p -> p.file().endsWith("broken.mid")).findFirst().orElseThrow();
        MidiFormatException expected = assertThrows(MidiFormatException.class, () -> MidiReader.read(midi.resolve("broken.mid")));
        assertEquals("byte " + expected.offset(), broken.place());
        assertEquals(expected.problem(), broken.message());
        assertTrue(r.problems().stream().anyMatch(p -> p.file().endsWith("notes.txt") && p.message().contains(".mid")), r.problems().toString());

        String problems = Files.readString(Path.of(out, CorpusPreparation.PROBLEMS));
        assertEquals(2, problems.lines().count());
        assertTrue(problems.contains("broken.mid") && problems.contains(expected.problem().replace("\"", "\\\"")), problems);
        TokenShards shards = TokenShards.open(spark, out);
        assertEquals(r.tokenizer(), shards.tokenizerState(), "tokenizer.json holds the tokenizer");
        Row first = shards.rows().orderBy("source", "item").first();
        assertTrue(first.getString(0).endsWith("m0.mid"), first.getString(0));
        assertEquals("melody 0", first.getString(2));

        IOException again = assertThrows(IOException.class, () -> CorpusPreparation.on(spark).input(midi.toString()).output(out)
                .tokenizer("note-chord", Options.none()).run());
        assertTrue(again.getMessage().contains("exists"), again.getMessage());
    }

    @Test
    void abcBooksGiveTheAbcCharVocabularyOfTheirTunesJoinedAsForTraining(@TempDir Path dir) throws IOException {
        Path abc = Files.createDirectories(dir.resolve("abc"));
        List<String> tunes = MusicFixtures.abcTunes();
        Files.writeString(abc.resolve("a.abc"), "%abc-2.1\n" + tunes.get(0) + "\n" + tunes.get(1), StandardCharsets.UTF_8);
        Files.writeString(abc.resolve("b.abc"), tunes.get(2) + "\n\n\n" + tunes.get(3), StandardCharsets.UTF_8);
        Files.writeString(abc.resolve("empty.abc"), "% a book without tunes\n", StandardCharsets.UTF_8);

        String out = dir.resolve("prepared").toString();
        CorpusPreparation.Result r = CorpusPreparation.on(spark).input(abc.toString()).output(out)
                .tokenizer("abc-char", Options.none()).run();
        List<String> single = new ArrayList<>();
        for (Path f : sorted(abc, ".abc")) single.addAll(AbcCharTokenizer.splitTunes(Files.readString(f)));
        AbcCharTokenizer fitted = AbcCharTokenizer.fit(single, AbcCharTokenizer.Order.FREQUENCY);
        assertEquals(4, single.size());
        assertEquals(fitted.vocabulary(), r.tokenizer().vocabulary());
        List<int[]> tokens = shardTokens(out);
        for (int i = 0; i < single.size(); i++) assertArrayEquals(fitted.encode(single.get(i)), tokens.get(i));
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).file().endsWith("empty.abc") && r.problems().get(0).message().contains("no ABC tune"));
    }

    @Test
    void theRealPianoAndWildMidiFilesGiveTheSingleMachineVocabulary(@TempDir Path dir) throws IOException {
        Corpus corpus = RealCorpus.require(Corpus.MIDI_PIANO);
        Path midi = corpus.root().resolve("midi");
        CorpusPreparation.Result r = CorpusPreparation.on(spark).input(midi.toString()).output(dir.resolve("prepared").toString())
                .tokenizer("note-chord", Options.none()).run();
        List<Score> read = new ArrayList<>();
        int unreadable = 0;
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(midi)) {
            s.filter(Files::isRegularFile).sorted().forEach(all::add);
        }
        for (Path f : all) {
            try {
                read.add(MidiReader.read(f));
            } catch (IOException e) {
                unreadable++;
            }
        }
        assertEquals(all.size(), r.files());
        assertEquals(read.size(), r.items());
        assertEquals(unreadable, r.count(FileProblem.ERROR), r.problems().toString());
        assertEquals(NoteChordTokenizer.fit(read, Map.of()).vocabulary(), r.tokenizer().vocabulary());
        assertTrue(r.count(FileProblem.WARNING) > 0, "the wild files are read with repairs, and the repairs are listed");
    }
}
