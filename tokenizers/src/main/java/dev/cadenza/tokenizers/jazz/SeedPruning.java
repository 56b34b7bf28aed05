package dev.cadenza.tokenizers.jazz;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The post-processing of the deeplearning.ai jazz assignment (deepjazz's {@code qa.py} and its {@code generate_music}),
 * which the seed applies to generated values and the notes made of them. Stateless.
 */
public final class SeedPruning {
    /** The value the assignment puts before the generated ones: a sixteenth chord tone. */
    public static final GrammarValue LEADING = GrammarValue.of(NoteClass.C, GrammarValue.GRID / 4);

    private SeedPruning() {}

    /**
     * The seed's changes to generated values: {@link #LEADING} first; approach and other tones after the first value
     * become chord tones ("a common choice"); each duration is rounded down or up, at random, to a multiple of a
     * sixteenth (deepjazz's rounding up adds a sixteenth even to a multiple; a zero becomes a sixteenth, as its clean-up does).
     *
     * @param generated the values a model generated
     * @param random decides each rounding
     * @return the changed values, {@link #LEADING} first
     */
    public static List<GrammarValue> values(List<GrammarValue> generated, RandomGenerator random) {
        List<GrammarValue> out = new ArrayList<>();
        List<GrammarValue> all = new ArrayList<>();
        all.add(LEADING);
        all.addAll(generated);
        int sixteenth = GrammarValue.GRID / 4;
        for (int i = 0; i < all.size(); i++) {
            GrammarValue v = all.get(i);
            if (i > 0 && (v.kind() == NoteClass.A || v.kind() == NoteClass.X)) v = v.withKind(NoteClass.C);
            int down = v.duration() - v.duration() % sixteenth;
            int d = random.nextBoolean() ? down : down + sixteenth;
            out.add(v.withDuration(d == 0 ? sixteenth : d));
        }
        return out;
    }

    /**
     * The seed's pruning of notes: of each pair of sounds in turn (first and second, third and fourth, ...) the second
     * is removed when both are notes of the same pitch (its time stays silent), then a note starting with the sound
     * before it is removed.
     *
     * @param sounds the sounds of one measure, in onset order
     * @return the sounds kept
     */
    public static List<Sound> notes(List<Sound> sounds) {
        List<Sound> kept = new ArrayList<>(sounds);
        for (int i = 0; i + 1 < sounds.size(); i += 2) {
            Sound a = sounds.get(i), b = sounds.get(i + 1);
            if (!a.isRest() && !b.isRest() && a.pitch() == b.pitch()) kept.remove(b);
        }
        List<Sound> out = new ArrayList<>();
        for (Sound s : kept) {
            if (!out.isEmpty() && !s.isRest() && out.get(out.size() - 1).onset() == s.onset()) continue;
            out.add(s);
        }
        return out;
    }
}
