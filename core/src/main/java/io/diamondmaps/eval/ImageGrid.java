package io.diamondmaps.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.diamondmaps.util.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images (N, C, H, W) with values in [−1, 1] (clipped) as a PNG grid; C = 1 grey or 3 RGB. */
public final class ImageGrid {
    private ImageGrid() {
    }

    public static void write(Path file, NDArray images, int columns, int scale) throws IOException {
        long[] s = images.getShape().getShape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new IllegalArgumentException("an image grid needs (N, 1 or 3, H, W) images, got " + images.getShape());
        }
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int rows = (n + columns - 1) / columns;
        int pad = 2;
        BufferedImage img = new BufferedImage(columns * (w * scale + pad) + pad, rows * (h * scale + pad) + pad,
                BufferedImage.TYPE_INT_RGB);
        float[] v = images.toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < n; i++) {
            int ox = pad + (i % columns) * (w * scale + pad);
            int oy = pad + (i / columns) * (h * scale + pad);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] rgb = new int[3];
                    for (int k = 0; k < 3; k++) {
                        float val = v[((i * c + (c == 1 ? 0 : k)) * h + y) * w + x];
                        rgb[k] = Math.max(0, Math.min(255, Math.round((val + 1) * 127.5f)));
                    }
                    int colour = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB(ox + x * scale + dx, oy + y * scale + dy, colour);
                        }
                    }
                }
            }
        }
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }
}
