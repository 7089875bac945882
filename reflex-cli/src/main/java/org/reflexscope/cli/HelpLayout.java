package org.reflexscope.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help's layout: descriptions and option texts wrapped at spaces only, so {@code report.html},
 * {@code --set refocus.stepUm=0.5} and {@code runs/<name>/} are never cut at a dot or a slash (picocli's own
 * wrapping breaks lines wherever Java's line {@code BreakIterator} allows, dots included); indented footer lines
 * (the examples) are printed whole, to be copied. The synopsis is picocli's.
 */
final class HelpLayout {
    /** Where option descriptions start. */
    private static final int DESCRIPTION_COLUMN = 28;

    private HelpLayout() {
    }

    /**
     * Replaces the option {@code name} of {@code spec} by the same option with another description, or hidden
     * from the help ({@code description} null): it parses as before, only the help changes.
     */
    static void redescribe(CommandSpec spec, String name, String description) {
        OptionSpec old = spec.findOption(name);
        OptionSpec.Builder b = old.toBuilder();
        if (description == null) {
            b.hidden(true);
        } else {
            b.description(description);
        }
        spec.remove(old);
        spec.addOption(b.build());
    }

    /** Applies the layout to {@code cl} and its subcommands, {@code width} columns wide. */
    static void install(CommandLine cl, int width) {
        cl.setUsageHelpWidth(width);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> description(help, width));
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> options(help, width));
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> footer(help, width));
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> commands(help, width));
        for (CommandLine sub : cl.getSubcommands().values()) {
            install(sub, width);
        }
    }

    private static String description(Help help, int width) {
        StringBuilder b = new StringBuilder();
        for (String paragraph : help.commandSpec().usageMessage().description()) {
            for (String l : TextWrap.lines(paragraph, width, "")) {
                b.append(l).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    private static String options(Help help, int width) {
        CommandSpec spec = help.commandSpec();
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                options.add(o);
            }
        }
        if (spec.usageMessage().sortOptions()) {
            options.sort(Help.createShortOptionArityAndNameComparator());
        }
        StringBuilder b = new StringBuilder();
        String pad = " ".repeat(DESCRIPTION_COLUMN);
        for (OptionSpec o : options) {
            String names = names(help, o);
            String[] paragraphs = o.description().length == 0 ? new String[] {""} : o.description();
            String first = names.length() < DESCRIPTION_COLUMN - 1
                    ? names + " ".repeat(DESCRIPTION_COLUMN - names.length()) : null;
            if (first == null) {
                b.append(names).append(System.lineSeparator());
                first = pad;
            }
            for (String paragraph : paragraphs) {
                for (String l : TextWrap.lines(paragraph, width, first, pad + "  ")) {
                    b.append(l.replaceAll("\\s+$", "")).append(System.lineSeparator());
                }
                first = pad;
            }
        }
        return b.toString();
    }

    /** {@code "  -s, --scenario=SCENARIO"} or {@code "      --seed=N"}, as picocli writes them. */
    private static String names(Help help, OptionSpec o) {
        String shortName = "";
        List<String> longNames = new ArrayList<>();
        for (String n : o.names()) {
            if (shortName.isEmpty() && n.length() == 2 && n.charAt(0) == '-') {
                shortName = n;
            } else {
                longNames.add(n);
            }
        }
        String label = help.createDefaultParamLabelRenderer().renderParameterLabel(o, Help.Ansi.OFF,
                List.of()).toString();
        StringBuilder b = new StringBuilder("  ");
        if (!shortName.isEmpty()) {
            b.append(shortName).append(longNames.isEmpty() ? label : ", ");
        } else {
            b.append("    ");
        }
        if (!longNames.isEmpty()) {
            b.append(String.join(", ", longNames)).append(label);
        }
        return b.toString();
    }

    /** Each subcommand with the first sentence of its header or description. */
    private static String commands(Help help, int width) {
        StringBuilder b = new StringBuilder();
        int column = 2;
        for (String name : help.subcommands().keySet()) {
            column = Math.max(column, name.length() + 4);
        }
        String pad = " ".repeat(column);
        for (Map.Entry<String, Help> e : help.subcommands().entrySet()) {
            String[] header = e.getValue().commandSpec().usageMessage().header();
            String[] d = header.length > 0 ? header : e.getValue().commandSpec().usageMessage().description();
            String text = firstSentence(d.length == 0 ? "" : d[0].replace("%n", " ").trim());
            String first = "  " + e.getKey() + " ".repeat(column - 2 - e.getKey().length());
            for (String l : TextWrap.lines(text, width, first, pad + "  ")) {
                b.append(l).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    /** Up to the first {@code ". "} or {@code ": "}, without it. */
    static String firstSentence(String text) {
        int dot = text.indexOf(". ");
        int colon = text.indexOf(": ");
        int end = dot < 0 ? colon : colon < 0 ? dot : Math.min(dot, colon);
        String s = end < 0 ? text : text.substring(0, end);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Prose wrapped at spaces; indented lines (the examples) whole, to be copied. */
    private static String footer(Help help, int width) {
        StringBuilder b = new StringBuilder();
        for (String l : help.commandSpec().usageMessage().footer()) {
            for (String w : l.startsWith(" ") || l.isEmpty() ? List.of(l) : TextWrap.lines(l, width, "")) {
                b.append(w).append(System.lineSeparator());
            }
        }
        return b.toString();
    }
}
