package dev.retrykit.core.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * A small Markdown table the simulations print their figures with, so that {@code docs/simulations.md} can quote
 * the output as it is. Not thread-safe.
 */
final class SimulationTable {

    private final String title;
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    SimulationTable(String title, String... headers) {
        this.title = title;
        this.headers = headers.clone();
    }

    SimulationTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row needs " + headers.length + " cells, got " + cells.length);
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = String.valueOf(cells[i]);
        }
        rows.add(text);
        return this;
    }

    /** Prints the title and the table, columns padded to their widest cell. */
    void print() {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder(System.lineSeparator()).append("### ").append(title).append(System.lineSeparator())
                .append(System.lineSeparator());
        appendLine(out, headers, widths);
        String[] rule = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        appendLine(out, rule, widths);
        for (String[] row : rows) {
            appendLine(out, row, widths);
        }
        System.out.print(out);
        System.out.flush();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < cells.length; i++) {
            out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        out.append(System.lineSeparator());
    }

    static String fixed(double value, int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }
}
