package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.PretrainedModel;
import dev.cadenza.checkpoint.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Shows what a checkpoint holds, and strips its training state for shipping. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = {"Looks into a .cadenza checkpoint, and lists the pretrained models. Examples:",
                "  cadenza checkpoint list                            the models of cadenza-models: cadenza generate pretrained:NAME",
                "  cadenza checkpoint info runs/x/best.cadenza        the model, tokenizer, training state and metadata",
                "  cadenza checkpoint strip runs/x/best.cadenza model.cadenza",
                "        the same model without the optimizer's state and training configuration (a third of Adam's size);",
                "        it generates and evaluates the same, but training cannot resume from it."})
public final class CheckpointCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, info or strip")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CHECKPOINT", description = "The checkpoint to read (info, strip).")
    Path in;

    @Parameters(index = "2", arity = "0..1", paramLabel = "OUT", description = "For strip: the file to write (never the input).")
    Path out;

    private static String metrics(PretrainedModel m) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(m.metrics()).forEach((k, v) -> {
            if (!k.equals("seconds")) sb.append(sb.length() == 0 ? "" : ", ").append(k).append(String.format(Locale.ROOT, " %.4g", v));
        });
        return sb.toString();
    }

    @Override
    public Integer call() throws Exception {
        if (action.equals("list")) {
            List<PretrainedModel> models = Cadenza.discover().pretrainedModels();
            if (models.isEmpty()) System.out.println("no pretrained models on the class path (they ship in dev.cadenza:cadenza-models)");
            for (PretrainedModel m : models) {
                System.out.printf(Locale.ROOT, "pretrained:%-16s %s%n", m.name(), m.description());
                System.out.printf(Locale.ROOT, "  %-27s trained with: %s; %s%n", "", m.command(), metrics(m));
                System.out.printf(Locale.ROOT, "  %-27s corpus: %s (SHA-256 %s), %s%n", "", m.corpus(), m.corpusSha256().substring(0, 12), m.licence());
            }
            return 0;
        }
        if (in == null) throw new IllegalArgumentException("checkpoint " + action + " needs the checkpoint file: cadenza checkpoint " + action + " FILE");
        Checkpoint c = Checkpoint.read(in);
        switch (action) {
            case "info" -> {
                System.out.println(in + " (" + String.format(Locale.ROOT, "%,d", Files.size(in)) + " bytes)");
                System.out.println(c.spec().summary());
                System.out.println(c.tokenizer() == null ? "tokenizer: none" : "tokenizer: " + c.tokenizer().name() + ", "
                        + c.tokenizer().vocabulary().size() + " tokens, config " + c.tokenizer().config());
                System.out.println(c.optimizer() == null ? "training state: none (weights only)"
                        : "training state: step " + c.optimizer().step() + ", " + c.optimizer().slots().size() + " optimizer tensors, "
                        + c.trainingConfig());
                for (Map.Entry<String, String> e : c.metadata().entrySet()) System.out.println("  " + e.getKey() + ": " + e.getValue());
            }
            case "strip" -> {
                if (out == null) throw new IllegalArgumentException("checkpoint strip needs the file to write: cadenza checkpoint strip IN OUT");
                if (Files.exists(out) && Files.isSameFile(in, out))
                    throw new IllegalArgumentException("checkpoint strip writes a new file; " + out + " is the input");
                c.withTraining(null, null).write(out);
                System.out.printf(Locale.ROOT, "wrote %s: %,d bytes (was %,d), weights, tokenizer and metadata kept%n", out, Files.size(out), Files.size(in));
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use list, info or strip");
        }
        return 0;
    }
}
