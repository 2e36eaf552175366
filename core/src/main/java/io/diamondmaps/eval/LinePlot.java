package io.diamondmaps.eval;

import io.diamondmaps.util.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** A grid of line charts (e.g. error vs compute per method), written as one PNG. */
public final class LinePlot {
    private static final int WIDTH = 620;
    private static final int HEIGHT = 460;

    private LinePlot() {
    }

    /** One chart: title, axis labels, log-x flag and named series of (x, y) points. */
    public record Chart(String title, String xLabel, String yLabel, boolean logX, Map<String, double[][]> series) {
    }

    public static void write(Path file, List<Chart> charts, int columns) throws IOException {
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * WIDTH, rows * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(render(charts.get(i))), (i % columns) * WIDTH,
                    (i / columns) * HEIGHT, null);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private static XYChart render(Chart c) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(c.title()).xAxisTitle(c.xLabel())
                .yAxisTitle(c.yLabel()).build();
        chart.getStyler().setXAxisLogarithmic(c.logX());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(9f));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (Map.Entry<String, double[][]> e : c.series().entrySet()) {
            double[][] pts = e.getValue();
            double[] xs = new double[pts.length];
            double[] ys = new double[pts.length];
            for (int i = 0; i < pts.length; i++) {
                xs[i] = pts[i][0];
                ys[i] = pts[i][1];
            }
            chart.addSeries(e.getKey(), xs, ys);
        }
        return chart;
    }
}
