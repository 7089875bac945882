/*
 * Opens a Reflex survey's tiles/ (an NDTiff dataset) in the NDViewer of a Micro-Manager installation and saves a
 * screenshot of the screen: how docs/images/survey-tiles-ndviewer.png was made (docs/survey.md). Not part of the
 * build. The data source adapts NDTiffStorage to NDViewer as pycro-manager's RemoteViewerStorageAdapter does.
 *
 *   MM=../shared/micro-manager/install; CP=$(ls $MM/plugins/Micro-Manager/*.jar | tr '\n' ':')$MM/ij.jar
 *   javac -cp "$CP" -d /tmp/ndv docs/tools/OpenInNdViewer.java
 *   Xvfb :96 -screen 0 1280x1024x24 -nolisten tcp &
 *   DISPLAY=:96 java -cp "$CP:/tmp/ndv" OpenInNdViewer RUN/tiles shot.png PIXEL_UM WAIT_MS [AXIS INDEX ...]
 */
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashMap;
import java.util.Set;
import javax.imageio.ImageIO;
import mmcorej.TaggedImage;
import mmcorej.org.json.JSONObject;
import org.micromanager.ndtiffstorage.NDTiffStorage;
import org.micromanager.ndviewer.api.NDViewerAcqInterface;
import org.micromanager.ndviewer.api.NDViewerDataSource;
import org.micromanager.ndviewer.main.NDViewer;

public class OpenInNdViewer {
    public static void main(String[] a) throws Exception {
        NDTiffStorage s = new NDTiffStorage(a[0]);
        System.out.println("axes " + s.getAxesSet().size() + " bounds " + java.util.Arrays.toString(s.getImageBounds())
                + " res levels " + s.getNumResLevels());
        NDViewerDataSource src = new NDViewerDataSource() {
            public boolean isFinished() { return true; }
            public int[] getBounds() { return s.getImageBounds(); }
            public TaggedImage getImageForDisplay(HashMap<String, Object> axes, int res, double x, double y, int w, int h) {
                return s.getDisplayImage(axes, res, (int) x, (int) y, w, h);
            }
            public Set<HashMap<String, Object>> getImageKeys() { return s.getAxesSet(); }
            public int getMaxResolutionIndex() { return s.getNumResLevels() - 1; }
            public void increaseMaxResolutionLevel(int n) { }
            public String getDiskLocation() { return s.getDiskLocation(); }
            public void close() { s.close(); }
            public int getImageBitDepth(HashMap<String, Object> axes) { return 16; }
        };
        NDViewerAcqInterface acq = new NDViewerAcqInterface() {
            public boolean isFinished() { return true; }
            public void abort() { }
            public void setPaused(boolean p) { }
            public boolean isPaused() { return false; }
            public void waitForCompletion() { }
        };
        JSONObject summary = s.getSummaryMetadata();
        NDViewer v = new NDViewer(src, acq, summary, Double.parseDouble(a[2]), false);
        v.setWindowTitle("tiles/ of a Reflex survey in NDViewer");
        for (HashMap<String, Object> axes : s.getAxesSet()) {
            v.newImageArrived(axes);
        }
        Thread.sleep(Long.parseLong(a[3]));
        if (a.length > 4) {
            for (int i = 4; i + 1 < a.length; i += 2) {
                v.setAxisPosition(a[i], Integer.parseInt(a[i + 1]));
            }
            Thread.sleep(3000);
        }
        BufferedImage shot = new Robot().createScreenCapture(new Rectangle(0, 0, 1280, 800));
        ImageIO.write(shot, "png", new File(a[1]));
        System.out.println("wrote " + a[1]);
        System.exit(0);
    }
}
