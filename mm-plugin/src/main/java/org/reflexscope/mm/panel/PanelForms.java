package org.reflexscope.mm.panel;

import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;

/**
 * The Reflex window's form pieces, shared by its sections: titled sections laid out in rows, and components that
 * carry names (for GUI tests and accessibility tools). Swing event thread only.
 */
public final class PanelForms {
    private PanelForms() {
    }

    /** A titled section whose rows {@link #row} fills. */
    public static JPanel section(String title) {
        JPanel p = new JPanel(new GridBagLayout());
        p.setBorder(BorderFactory.createTitledBorder(title));
        return p;
    }

    /** Row {@code y} of {@code p}: the cells left to right, the last taking the rest of the width. */
    public static void row(JPanel p, int y, JComponent... cells) {
        for (int x = 0; x < cells.length; x++) {
            GridBagConstraints c = constraints(x, y);
            if (x == cells.length - 1) {
                c.gridwidth = GridBagConstraints.REMAINDER;
                c.weightx = 1;
            }
            p.add(cells[x], c);
        }
    }

    /** The constraints of cell {@code (x, y)} of a section: left-aligned, small insets. */
    public static GridBagConstraints constraints(int x, int y) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = x;
        c.gridy = y;
        c.anchor = GridBagConstraints.WEST;
        c.insets = new Insets(2, 3, 2, 3);
        return c;
    }

    public static JTextField field(String name, int columns) {
        JTextField f = new JTextField(columns);
        f.setName(name);
        return f;
    }

    public static JLabel label(String name, String text) {
        JLabel l = new JLabel(text);
        l.setName(name);
        return l;
    }

    public static JCheckBox check(String name, String text) {
        JCheckBox b = new JCheckBox(text);
        b.setName(name);
        return b;
    }

    public static JButton button(String name, String text) {
        JButton b = new JButton(text);
        b.setName(name);
        return b;
    }

    /** {@code v} without a fraction when it is whole ("50", not "50.0"). */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /**
     * {@code text} as a number.
     *
     * @throws IllegalArgumentException naming {@code what} and the text when it is not a number
     */
    public static double number(String text, String what) {
        String t = text.trim();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, got \"" + t + "\".", e);
        }
    }

    /**
     * {@code text} as a number, or NaN when it is empty (a setting left unset).
     *
     * @throws IllegalArgumentException naming {@code what} and the text when it is neither empty nor a number
     */
    public static double numberOrNone(String text, String what) {
        return text.trim().isEmpty() ? Double.NaN : number(text, what);
    }

    /** {@code v} as {@link #format} writes it, or empty for an unset ({@code +∞} or NaN) value. */
    public static String formatOrNone(double v) {
        return Double.isFinite(v) ? format(v) : "";
    }

    /** A list of which several items may be chosen, showing {@code visibleRows} rows. */
    public static JList<String> multiChoice(String name, int visibleRows) {
        JList<String> l = new JList<>(new DefaultListModel<>());
        l.setName(name);
        l.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
        l.setVisibleRowCount(visibleRows);
        return l;
    }
}
