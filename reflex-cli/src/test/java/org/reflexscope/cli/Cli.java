package org.reflexscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code reflex} command in this JVM, capturing its output and exit status (test support). */
final class Cli {
    final int exit;
    final String out;
    final String err;

    private Cli(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ReflexCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
