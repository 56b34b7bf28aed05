package dev.cadenza.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cadenza} command line: train, generate, evaluate and render music models. */
@Command(name = "cadenza", mixinStandardHelpOptions = true, version = "Cadenza 0.1.0",
        description = "Train recurrent models of symbolic music and generate new music from them.",
        subcommands = {QuickstartCommand.class, RecipesCommand.class, TrainCommand.class, GenerateCommand.class, CorpusCommand.class, CheckpointCommand.class,
                EvaluateCommand.class, RenderCommand.class, CommandLine.HelpCommand.class})
public final class CadenzaCli implements Runnable {
    private static final System.Logger LOG = System.getLogger(CadenzaCli.class.getName());

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits the JVM with its exit code (0 on success, 1 on an error, 2 on a usage error).
     *
     * @param args the command and its options, as {@code cadenza --help} lists them
     */
    public static void main(String[] args) {
        // One line per log record ("INFO: ..."), not java.util.logging's two with a date, unless the user chose a format.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null)
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with Cadenza's error handling: a user's mistake prints one clear line, not a stack trace.
     *
     * @return a new command line, not yet executed
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CadenzaCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("cadenza: " + message(e)));
            // Through the logger, as every other diagnostic: its handler decides where the trace goes.
            if (Boolean.getBoolean("cadenza.debug")) LOG.log(System.Logger.Level.ERROR, "cadenza: the stack trace of the error above", e);
            else commandLine.getErr().println("(run with -Dcadenza.debug=true for the stack trace)");
            return 1;
        });
        return cli;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
