package io.diamondmaps.eval;

import io.diamondmaps.util.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A grid of 2-D scatter panels sharing axis ranges, written as one PNG. */
public final class ScatterPlot {
    private static final int PANEL = 420;

    private ScatterPlot() {
    }

    /** One panel: a title, the points to show (first two coordinates) and optional grey reference points. */
    public record Panel(String title, double[][] points, double[][] reference) {
    }

    public static void write(Path file, List<Panel> panels, int columns) throws IOException {
        double[] range = range(panels);
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * PANEL, rows * PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            BufferedImage panel = BitmapEncoder.getBufferedImage(chart(panels.get(i), range));
            g.drawImage(panel, (i % columns) * PANEL, (i / columns) * PANEL, null);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private static XYChart chart(Panel panel, double[] range) {
        XYChart chart = new XYChartBuilder().width(PANEL).height(PANEL).title(panel.title()).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin(range[0]).setXAxisMax(range[1]).setYAxisMin(range[2]).setYAxisMax(range[3]);
        if (panel.reference() != null) {
            XYSeries ref = chart.addSeries("reference", column(panel.reference(), 0), column(panel.reference(), 1));
            ref.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(190, 190, 190));
        }
        XYSeries s = chart.addSeries("samples", column(panel.points(), 0), column(panel.points(), 1));
        s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(31, 119, 180, 160));
        return chart;
    }

    private static double[] column(double[][] points, int j) {
        double[] c = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            c[i] = points[i][j];
        }
        return c;
    }

    /** Common axis limits over all panels: the 0.5 %–99.5 % range of every coordinate, padded by 5 %. */
    private static double[] range(List<Panel> panels) {
        double[] xs = panels.stream().flatMap(p -> java.util.Arrays.stream(p.points())).mapToDouble(pt -> pt[0])
                .sorted().toArray();
        double[] ys = panels.stream().flatMap(p -> java.util.Arrays.stream(p.points())).mapToDouble(pt -> pt[1])
                .sorted().toArray();
        double[] r = {quantile(xs, 0.005), quantile(xs, 0.995), quantile(ys, 0.005), quantile(ys, 0.995)};
        double px = 0.05 * (r[1] - r[0]) + 1e-9;
        double py = 0.05 * (r[3] - r[2]) + 1e-9;
        return new double[] {r[0] - px, r[1] + px, r[2] - py, r[3] + py};
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
