package io.diamondmaps.eval;

import java.util.ArrayList;
import java.util.List;

/** A small table that renders as aligned GitHub markdown (readable in a terminal too). */
public final class MarkdownTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... headers) {
        List<String> escaped = new ArrayList<>();
        for (String h : headers) {
            escaped.add(escape(h));
        }
        this.headers = List.copyOf(escaped);
    }

    public MarkdownTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size());
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(escape(format(c)));
        }
        rows.add(r);
        return this;
    }

    /** A cell for a count that may be fractional (evaluations per sample): whole counts print without decimals. */
    public static Object count(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    /** A bare '|' would end the cell: markdown wants it escaped (as in "log p(k | x)"). */
    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    private static String format(Object c) {
        if (c instanceof Double || c instanceof Float) {
            double v = ((Number) c).doubleValue();
            if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
                return String.format(java.util.Locale.ROOT, "%.4f", v);
            }
            return String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        return String.valueOf(c);
    }

    @Override
    public String toString() {
        int[] width = new int[headers.size()];
        for (int j = 0; j < width.length; j++) {
            width[j] = Math.max(3, headers.get(j).length());
            for (List<String> r : rows) {
                width[j] = Math.max(width[j], r.get(j).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        sb.append('|');
        for (int w : width) {
            sb.append('-').append("-".repeat(w)).append("-|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int j = 0; j < width.length; j++) {
            sb.append(' ').append(String.format("%-" + width[j] + "s", cells.get(j))).append(" |");
        }
        sb.append('\n');
    }
}
