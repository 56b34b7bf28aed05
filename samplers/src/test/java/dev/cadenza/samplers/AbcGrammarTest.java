package dev.cadenza.samplers;

import dev.cadenza.generate.Generator;
import dev.cadenza.generate.Sampler;
import dev.cadenza.generate.SamplingContext;
import dev.cadenza.token.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ABC grammar over a vocabulary: incremental following of generator rows, special tokens, beam search. */
class AbcGrammarTest {
    static CharNGramModelDouble ngram;

    @BeforeAll
    static void count() throws IOException {
        ngram = new CharNGramModelDouble(Files.readString(AbcSyntaxTest.irish()), 4);
    }

    static boolean[] freshMask(Vocabulary v, int[] history) {
        TokenGrammar.Cursor c = new AbcGrammar().start(v);
        for (int t : history) c.accept(t);
        boolean[] m = new boolean[v.size()];
        for (int t = 0; t < m.length; t++) m[t] = c.allows(t);
        return m;
    }

    @Test
    void theIncrementalMaskOfEachRowEqualsOneWorkedOutFromItsWholeHistory() {
        Vocabulary v = ngram.vocabulary();
        GrammarProcessor grammar = new GrammarProcessor(new AbcGrammar());
        List<String> mismatches = new ArrayList<>();
        int[] checked = {0};
        // A stage after the grammar compares what it left with a mask computed from scratch.
        LogitProcessor check = (logits, context) -> {
            boolean[] expected = freshMask(v, context.history());
            for (int t = 0; t < logits.length; t++)
                if ((logits[t] != Float.NEGATIVE_INFINITY) != expected[t])
                    mismatches.add("row " + context.row() + " step " + context.step() + " token " + v.token(t));
            checked[0]++;
        };
        Sampler sampler = Samplers.sample(grammar, check);
        List<int[]> first = Generator.of(ngram.model()).vocabulary(v).sampler(sampler).primer(v.id("X")).length(150).seed(9).generate(4);
        assertEquals(List.of(), mismatches);
        assertEquals(600, checked[0]);
        // The same sampler starts again at step 0 of a new generation: the same seed gives the same tunes.
        List<int[]> again = Generator.of(ngram.model()).vocabulary(v).sampler(sampler).primer(v.id("X")).length(150).seed(9).generate(4);
        for (int r = 0; r < 4; r++) assertArrayEquals(first.get(r), again.get(r));
        assertEquals(List.of(), mismatches);
    }

    @Test
    void aPrimerThatBreaksTheSyntaxIsReportedWithItsPosition() {
        Vocabulary v = ngram.vocabulary();
        Sampler sampler = Samplers.sample(Samplers.grammar(new AbcGrammar()));
        int[] primer = {v.id("X"), v.id(":"), v.id("Q")};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Generator.of(ngram.model()).vocabulary(v).sampler(sampler).primer(primer).length(5).generate());
        assertTrue(e.getMessage().contains("at token 2"), e.getMessage());
        assertTrue(e.getMessage().contains("'Q'"), e.getMessage());
    }

    @Test
    void theEndTokenIsAllowedExactlyWhereTheTuneMayEndAndOtherSpecialsNever() {
        List<String> tokens = new ArrayList<>(List.of(Vocabulary.START, Vocabulary.END, Vocabulary.PAD));
        for (char c : "\n :/123468ABCDEGKLMTXZabcdefgijor|".toCharArray()) tokens.add(String.valueOf(c));
        Vocabulary v = new Vocabulary(tokens, List.of(Vocabulary.START, Vocabulary.END, Vocabulary.PAD));
        TokenGrammar.Cursor c = new AbcGrammar().start(v);
        c.accept(v.id(Vocabulary.START));
        for (char ch : "X:1\nT:jig\nZ:a\nM:6/8\nL:1/8\nK:D\n".toCharArray()) {
            assertFalse(c.allows(v.id(Vocabulary.END)), "end token inside the header");
            c.accept(v.id(String.valueOf(ch)));
        }
        assertFalse(c.allows(v.id(Vocabulary.END))); // no note yet
        for (char ch : "ABc|".toCharArray()) c.accept(v.id(String.valueOf(ch)));
        assertTrue(c.allows(v.id(Vocabulary.END)));
        assertFalse(c.allows(v.id(Vocabulary.START)));
        assertFalse(c.allows(v.id(Vocabulary.PAD)));
        c.accept(v.id(Vocabulary.END));
        assertTrue(c.allows(v.id("X")));   // the next tune
        assertFalse(c.allows(v.id("A")));
    }

    @Test
    void aVocabularyWithoutTheAbcCharactersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AbcGrammar().start(Vocabulary.of(List.of("C4", "E4"))));
        assertTrue(e.getMessage().contains("abc-char"), e.getMessage());
    }

    @Test
    void beamSearchUnderTheGrammarKeepsEveryBeamValid() {
        Vocabulary v = ngram.vocabulary();
        List<BeamSearch.Hypothesis> beams = BeamSearch.of(ngram.model()).width(4).length(120).grammar(new AbcGrammar(), v).search(v.id("X"));
        assertEquals(4, beams.size());
        for (BeamSearch.Hypothesis h : beams) {
            StringBuilder text = new StringBuilder("X");
            for (int t : h.tokens()) text.append(v.token(t));
            assertEquals(-1, AbcSyntaxTest.firstRefused(new AbcSyntax(10_000, 1000), text.toString()), text.toString());
            assertTrue(text.indexOf("\nK:") > 0, "the header is complete within 120 characters: " + text);
        }
        // The beams differ, and the best has the highest normalised score.
        assertEquals(4, beams.stream().map(h -> Arrays.toString(h.tokens())).distinct().count());
    }

    @Test
    void theGrammarNeedsTheVocabularyInTheContext() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Samplers.grammar(new AbcGrammar())
                .process(new float[3], new SamplingContext(new int[] {0}, 0, 0, new dev.cadenza.model.SeededRandom(1), null)));
        assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
    }
}
