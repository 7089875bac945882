package org.reflexscope.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps text at spaces only, never inside a word: {@code report.html} and {@code --set refocus.stepUm=0.5} stay
 * whole (a word longer than the line gets a line of its own).
 */
final class TextWrap {
    private TextWrap() {
    }

    /** {@code text} as lines of at most {@code width} characters (words kept whole), each starting with {@code indent}. */
    static List<String> lines(String text, int width, String indent) {
        return lines(text, width, indent, indent);
    }

    /**
     * {@code text} as lines of at most {@code width} characters (words kept whole): the first starts with
     * {@code first}, the others with {@code rest}.
     */
    static List<String> lines(String text, int width, String first, String rest) {
        List<String> out = new ArrayList<>();
        String indent = first;
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.trim().split(" +")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                indent = rest;
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > indent.length() || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }
}
