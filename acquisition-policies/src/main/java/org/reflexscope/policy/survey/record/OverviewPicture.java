package org.reflexscope.policy.survey.record;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.reflexscope.core.frame.Frame;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.policy.survey.SurveyTarget;

/**
 * A small overview of a survey: the tiles placed at their stage positions (nearest-neighbour, grey levels from the
 * 0.1st to the 99.9th percentile of a sample of the tiles' pixels) with every target circled (red: visited, yellow:
 * found but over the budget) and numbered. Stage x to the right, stage y down, as the camera sees them.
 */
public final class OverviewPicture {
    private OverviewPicture() {
    }

    /**
     * Writes the overview PNG, at most {@code maxSidePx} on its longer side.
     *
     * @param tiles the survey tiles with stage position and pixel size in their metadata
     */
    public static void write(Path png, List<Frame> tiles, List<SurveyTarget> targets, Set<Integer> visitedIds,
            int maxSidePx) throws IOException {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("An overview needs at least one tile");
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Frame f : tiles) {
            FrameMetadata m = f.metadata();
            double hw = f.width() * m.pixelSizeUm() / 2;
            double hh = f.height() * m.pixelSizeUm() / 2;
            minX = Math.min(minX, m.stageXUm() - hw);
            maxX = Math.max(maxX, m.stageXUm() + hw);
            minY = Math.min(minY, m.stageYUm() - hh);
            maxY = Math.max(maxY, m.stageYUm() + hh);
        }
        double umPerPx = Math.max(maxX - minX, maxY - minY) / maxSidePx;
        int w = (int) Math.ceil((maxX - minX) / umPerPx);
        int h = (int) Math.ceil((maxY - minY) / umPerPx);
        float[] range = range(tiles);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (Frame f : tiles) {
            FrameMetadata m = f.metadata();
            double px = m.pixelSizeUm();
            double x0 = m.stageXUm() - f.width() * px / 2;
            double y0 = m.stageYUm() - f.height() * px / 2;
            int ox0 = (int) Math.floor((x0 - minX) / umPerPx);
            int oy0 = (int) Math.floor((y0 - minY) / umPerPx);
            int ox1 = Math.min(w, (int) Math.ceil((x0 + f.width() * px - minX) / umPerPx));
            int oy1 = Math.min(h, (int) Math.ceil((y0 + f.height() * px - minY) / umPerPx));
            for (int oy = Math.max(0, oy0); oy < oy1; oy++) {
                int sy = (int) (((minY + (oy + 0.5) * umPerPx) - y0) / px);
                if (sy < 0 || sy >= f.height()) {
                    continue;
                }
                for (int ox = Math.max(0, ox0); ox < ox1; ox++) {
                    int sx = (int) (((minX + (ox + 0.5) * umPerPx) - x0) / px);
                    if (sx < 0 || sx >= f.width()) {
                        continue;
                    }
                    float v = (f.valueAt(sx, sy) - range[0]) / (range[1] - range[0]);
                    int g = Math.max(0, Math.min(255, Math.round(255 * v)));
                    img.setRGB(ox, oy, (g << 16) | (g << 8) | g);
                }
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1.5f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (SurveyTarget t : targets) {
            int cx = (int) Math.round((t.xUm() - minX) / umPerPx);
            int cy = (int) Math.round((t.yUm() - minY) / umPerPx);
            g.setColor(visitedIds.contains(t.id()) ? Color.RED : Color.YELLOW);
            g.drawOval(cx - 7, cy - 7, 14, 14);
            g.drawString(Integer.toString(t.id()), cx + 8, cy - 8);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    /** The 0.1st and 99.9th percentiles of every 31st pixel of the tiles (a spread of at least 1). */
    private static float[] range(List<Frame> tiles) {
        int per = tiles.get(0).width() * tiles.get(0).height() / 31 + 1;
        float[] sample = new float[tiles.size() * per];
        int n = 0;
        for (Frame f : tiles) {
            for (int i = 0; i < f.width() * f.height() && n < sample.length; i += 31) {
                sample[n++] = f.valueAt(i % f.width(), i / f.width());
            }
        }
        float[] s = Arrays.copyOf(sample, n);
        Arrays.sort(s);
        float lo = s[(int) (0.001 * (n - 1))];
        float hi = s[(int) (0.999 * (n - 1))];
        return new float[] {lo, Math.max(hi, lo + 1)};
    }
}
