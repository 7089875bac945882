/*
 * Opens a Reflex survey's mosaic/ (an NDTiff tiled dataset) in the NDViewer of a Micro-Manager installation, as
 * pycro-manager's RemoteViewerStorageAdapter shows an Explore acquisition (the row and column axes are the mosaic's
 * place, not sliders), and saves a screenshot: how docs/images/survey-mosaic-ndviewer.png was made
 * (docs/survey.md). Not part of the build.
 *
 *   MM=../shared/micro-manager/install; CP=$(ls $MM/plugins/Micro-Manager/*.jar | tr '\n' ':')$MM/ij.jar
 *   javac -cp "$CP" -d /tmp/ndv docs/tools/OpenMosaicInNdViewer.java
 *   Xvfb :97 -screen 0 1280x1024x24 -nolisten tcp &
 *   DISPLAY=:97 java -cp "$CP:/tmp/ndv" OpenMosaicInNdViewer RUN/mosaic shot.png WAIT_MS [click X Y [W H]]
 * ("click 569 400" presses NDViewer's vertical "Hide controls" bar, where it lies on a 1280 x 1024 screen, so that
 * the canvas takes the window's width; W H then resize the window, e.g. to a square canvas for the whole mosaic.)
 */
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import mmcorej.TaggedImage;
import mmcorej.org.json.JSONObject;
import org.micromanager.ndtiffstorage.NDTiffStorage;
import org.micromanager.ndviewer.api.NDViewerAcqInterface;
import org.micromanager.ndviewer.api.NDViewerDataSource;
import org.micromanager.ndviewer.main.NDViewer;

public class OpenMosaicInNdViewer {
    /** The axes without the mosaic's row and column. */
    static HashMap<String, Object> viewerAxes(HashMap<String, Object> axes) {
        HashMap<String, Object> a = new HashMap<>(axes);
        a.remove(NDTiffStorage.ROW_AXIS);
        a.remove(NDTiffStorage.COL_AXIS);
        return a;
    }

    public static void main(String[] a) throws Exception {
        NDTiffStorage s = new NDTiffStorage(a[0]);
        JSONObject summary = s.getSummaryMetadata();
        System.out.println("tiled " + summary.optBoolean("TiledImageStorage") + " overlap "
                + summary.optInt("GridPixelOverlapX") + " x " + summary.optInt("GridPixelOverlapY") + " images "
                + s.getAxesSet().size() + " bounds " + java.util.Arrays.toString(s.getImageBounds())
                + " resolution levels " + s.getNumResLevels());
        Set<HashMap<String, Object>> keys = new HashSet<>();
        for (HashMap<String, Object> axes : s.getAxesSet()) {
            keys.add(viewerAxes(axes));
        }
        int bitDepth = summary.optInt("BitDepth", 16);
        NDViewerDataSource src = new NDViewerDataSource() {
            public boolean isFinished() { return true; }
            public int[] getBounds() { return s.getImageBounds(); }
            public TaggedImage getImageForDisplay(HashMap<String, Object> axes, int res, double x, double y, int w,
                    int h) {
                HashMap<String, Object> stored = new HashMap<>();
                for (String k : axes.keySet()) {
                    if (keys.iterator().next().containsKey(k)) {
                        stored.put(k, axes.get(k));
                    }
                }
                return s.getDisplayImage(stored, res, (int) x, (int) y, w, h);
            }
            public Set<HashMap<String, Object>> getImageKeys() { return keys; }
            public int getMaxResolutionIndex() { return s.getNumResLevels() - 1; }
            public void increaseMaxResolutionLevel(int n) { }
            public String getDiskLocation() { return s.getDiskLocation(); }
            public void close() { s.close(); }
            public int getImageBitDepth(HashMap<String, Object> axes) { return bitDepth; }
        };
        NDViewerAcqInterface acq = new NDViewerAcqInterface() {
            public boolean isFinished() { return true; }
            public void abort() { }
            public void setPaused(boolean p) { }
            public boolean isPaused() { return false; }
            public void waitForCompletion() { }
        };
        double pixelUm = summary.optDouble("PixelSize_um", 1.0);
        NDViewer v = new NDViewer(src, acq, summary, pixelUm, false);
        v.setWindowTitle("mosaic/ of a Reflex survey in NDViewer");
        for (HashMap<String, Object> axes : keys) {
            v.newImageArrived(axes);
        }
        Thread.sleep(Long.parseLong(a[2]));
        if (a.length > 5 && a[3].equals("click")) {
            Robot r = new Robot();
            r.mouseMove(Integer.parseInt(a[4]), Integer.parseInt(a[5]));
            r.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
            r.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
            r.mouseMove(1279, 1023);
            Thread.sleep(3000);
        }
        if (a.length > 7) {
            // A canvas as high as it is wide shows the whole of a square mosaic (NDViewer fills the canvas).
            for (java.awt.Window w : java.awt.Window.getWindows()) {
                if (w.isShowing()) {
                    javax.swing.SwingUtilities.invokeAndWait(() -> w.setSize(Integer.parseInt(a[6]),
                            Integer.parseInt(a[7])));
                }
            }
            Thread.sleep(4000);
        }
        System.out.println("view offset " + v.getViewOffset() + " magnification " + v.getMagnification()
                + " display size " + v.getDisplayImageSize() + " source size " + v.getFullResSourceDataSize());
        Rectangle area = new Rectangle(0, 0, 1280, 1024);
        for (java.awt.Window w : java.awt.Window.getWindows()) {
            if (w.isShowing()) {
                area = area.intersection(w.getBounds());
            }
        }
        BufferedImage shot = new Robot().createScreenCapture(area);
        ImageIO.write(shot, "png", new File(a[1]));
        System.out.println("wrote " + a[1]);
        System.exit(0);
    }
}
