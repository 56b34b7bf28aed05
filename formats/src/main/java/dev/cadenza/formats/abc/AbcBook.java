package dev.cadenza.formats.abc;

import dev.cadenza.music.Score;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tunes of one ABC tune book: those read, each with its score, and those skipped, each with the reason, so
 * that one malformed tune never hides the others.
 *
 * @param source the file name or other label the book came from
 * @param tunes the tunes read, in book order; copied
 * @param skipped the tunes not read, in book order; copied
 */
public record AbcBook(String source, List<Entry> tunes, List<Skipped> skipped) {
    /**
     * A tune that was read, with the reader's warnings about it (constructs read approximately or skipped).
     *
     * @param tune the tune's text and place
     * @param score its score
     * @param warnings the reader's warnings; copied
     */
    public record Entry(AbcTune tune, Score score, List<String> warnings) {
        /**
         * Copies the warnings.
         *
         * @param tune not null
         * @param score not null
         * @param warnings the warnings
         */
        public Entry {
            Objects.requireNonNull(tune, "tune");
            Objects.requireNonNull(score, "score");
            warnings = List.copyOf(warnings);
        }

        /**
         * A tune read without warnings.
         *
         * @param tune the tune's text and place
         * @param score its score
         */
        public Entry(AbcTune tune, Score score) {
            this(tune, score, List.of());
        }
    }

    /**
     * A tune that was not read, and why (the exception names the tune, line and column).
     *
     * @param tune the tune's text and place
     * @param reason the reader's exception
     */
    public record Skipped(AbcTune tune, AbcParseException reason) {
        /**
         * Checks that both are given.
         *
         * @param tune not null
         * @param reason not null
         */
        public Skipped {
            Objects.requireNonNull(tune, "tune");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Copies the lists.
     *
     * @param source the book's name, or null for empty
     * @param tunes the tunes read
     * @param skipped the tunes not read
     */
    public AbcBook {
        source = source == null ? "" : source;
        tunes = List.copyOf(tunes);
        skipped = List.copyOf(skipped);
    }

    /**
     * The scores of the tunes read, in book order.
     *
     * @return a new list
     */
    public List<Score> scores() {
        List<Score> scores = new ArrayList<>(tunes.size());
        for (Entry e : tunes) scores.add(e.score());
        return scores;
    }

    /**
     * Tunes in the book, read or skipped.
     *
     * @return the count
     */
    public int total() {
        return tunes.size() + skipped.size();
    }
}
