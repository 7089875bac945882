package org.reflexscope.mm.panel;

import java.util.List;
import javax.swing.table.AbstractTableModel;

/** The decision log as a Swing table: one row per decision, newest last. Touch on the Swing event thread only. */
final class DecisionTableModel extends AbstractTableModel {
    private static final long serialVersionUID = 1L;
    private static final String[] COLUMNS = {"Frame", "Policy", "Action", "Envelope", "Executed", "Latency (ms)"};

    private List<DecisionRow> rows = List.of();

    void setRows(List<DecisionRow> newRows) {
        if (!newRows.equals(rows)) {
            rows = List.copyOf(newRows);
            fireTableDataChanged();
        }
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.length;
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS[column];
    }

    @Override
    public Object getValueAt(int row, int column) {
        DecisionRow r = rows.get(row);
        switch (column) {
            case 0:
                return r.frame();
            case 1:
                return r.policy();
            case 2:
                return r.action();
            case 3:
                return r.verdict();
            case 4:
                return r.executed() ? "yes" : "no";
            default:
                return String.format("%.1f", r.latencyMs());
        }
    }
}
