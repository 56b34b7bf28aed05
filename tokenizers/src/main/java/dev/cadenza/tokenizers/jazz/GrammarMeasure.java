package dev.cadenza.tokenizers.jazz;

import java.util.List;

/**
 * One four-beat measure of a melody over its chords: its sounds tile the measure (rests fill the gaps), its chords come
 * from the accompaniment.
 *
 * @param index the measure's number in the score, from 0 (measure i covers quarter notes 4i to 4i + 4)
 * @param sounds the melody's notes and rests in onset order, from the measure's start to its end
 * @param chords the chords of the measure in onset order, at least one
 */
public record GrammarMeasure(int index, List<Sound> sounds, List<MeasureChord> chords) {
    /**
     * Copies the lists and checks that there is a chord.
     *
     * @param index the measure's number, from 0
     * @param sounds the melody's notes and rests
     * @param chords the chords, at least one
     * @throws IllegalArgumentException when there is no chord
     */
    public GrammarMeasure {
        sounds = List.copyOf(sounds);
        chords = List.copyOf(chords);
        if (chords.isEmpty()) throw new IllegalArgumentException("measure " + index + ": no chord");
    }

    /**
     * The measure's grammar values.
     *
     * @return one value per sound, in order
     */
    public List<GrammarValue> values() {
        return JazzGrammar.encode(sounds, chords);
    }
}
