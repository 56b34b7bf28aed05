package dev.cadenza.examples.evaluation;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Generated pieces beside the training corpus, metric by metric: means over pieces, as JSON and as Markdown.
 *
 * @param generatedPieces the number of generated pieces
 * @param corpusPieces the number of corpus pieces
 * @param metrics by metric name, in report order, {generated mean, corpus mean} (NaN where a side has no value)
 * @param longestCopiedNgram the longest token n-gram any generated piece copies from the corpus
 * @param longestGeneratedPiece the longest generated piece's token count
 */
public record EvaluationReport(int generatedPieces, int corpusPieces, Map<String, double[]> metrics, int longestCopiedNgram,
                               int longestGeneratedPiece) {

    private static final Map<String, ToDoubleFunction<PieceMetrics>> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("notes", PieceMetrics::notes);
        METRICS.put("pitch range (semitones)", PieceMetrics::pitchRange);
        METRICS.put("lowest pitch", PieceMetrics::lowest);
        METRICS.put("highest pitch", PieceMetrics::highest);
        METRICS.put("distinct pitches", PieceMetrics::distinctPitches);
        METRICS.put("distinct pitch classes", PieceMetrics::distinctPitchClasses);
        METRICS.put("pitch-class entropy (bits)", PieceMetrics::pitchClassEntropy);
        METRICS.put("scale consistency", PieceMetrics::scaleConsistency);
        METRICS.put("polyphony (notes per onset)", PieceMetrics::polyphony);
        METRICS.put("empty-beat rate", PieceMetrics::emptyBeatRate);
        METRICS.put("longest repeated-token run", PieceMetrics::longestRepeat);
        METRICS.put("chord tones on strong beats", PieceMetrics::chordTonesOnStrongBeats);
        METRICS.put("notes in key", PieceMetrics::notesInKey);
    }

    /**
     * The report of the generated pieces' metrics against the corpus's; a metric neither side has (chord metrics
     * without chords) is left out.
     *
     * @param generated the generated pieces' metrics
     * @param corpus the corpus pieces' metrics
     * @param longestCopiedNgram the longest token n-gram any generated piece copies from the corpus
     * @param longestGeneratedPiece the longest generated piece's token count
     * @return the report
     */
    public static EvaluationReport compare(List<PieceMetrics> generated, List<PieceMetrics> corpus, int longestCopiedNgram,
                                           int longestGeneratedPiece) {
        Map<String, double[]> m = new LinkedHashMap<>();
        METRICS.forEach((name, f) -> {
            double[] means = {mean(generated, f), mean(corpus, f)};
            if (!Double.isNaN(means[0]) || !Double.isNaN(means[1])) m.put(name, means); // chord metrics only where there are chords
        });
        return new EvaluationReport(generated.size(), corpus.size(), m, longestCopiedNgram, longestGeneratedPiece);
    }

    private static double mean(List<PieceMetrics> list, ToDoubleFunction<PieceMetrics> f) {
        return list.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /**
     * The report as pretty-printed JSON, with null where a side has no value.
     *
     * @return the JSON text
     * @throws IOException when the JSON writer fails
     */
    public String toJson() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generatedPieces", generatedPieces);
        root.put("corpusPieces", corpusPieces);
        Map<String, Object> metricMap = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            Map<String, Object> pair = new LinkedHashMap<>(); // null where a side has no value (no chords there)
            pair.put("generated", Double.isNaN(v[0]) ? null : v[0]);
            pair.put("corpus", Double.isNaN(v[1]) ? null : v[1]);
            metricMap.put(k, pair);
        });
        root.put("metrics", metricMap);
        root.put("longestCopiedNgram", longestCopiedNgram);
        root.put("longestGeneratedPiece", longestGeneratedPiece);
        return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
    }

    /**
     * The report as a Markdown page: a table of the means and the longest copied n-gram.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# Generated music against the training corpus\n\n");
        sb.append(String.format("%d generated pieces, %d corpus pieces; means over pieces.%n%n", generatedPieces, corpusPieces));
        sb.append("| metric | generated | corpus |\n|---|---:|---:|\n");
        metrics.forEach((k, v) -> sb.append(String.format("| %s | %.3f | %.3f |%n", k, v[0], v[1])));
        sb.append(String.format("%nLongest token n-gram copied from the corpus: **%d** tokens (of the longest generated piece's %d).%n",
                longestCopiedNgram, longestGeneratedPiece));
        return sb.toString();
    }
}
