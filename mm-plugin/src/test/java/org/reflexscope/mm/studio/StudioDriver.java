package org.reflexscope.mm.studio;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JToggleButton;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * A test driver that runs <em>inside</em> Studio's JVM as a Java agent ({@code -javaagent:driver.jar=ARGS}), for
 * {@link StudioGuiTest}: it drives Studio's real Swing UI as a user would, by the texts and component names a user
 * sees — the startup dialog's OK button, Plugins › Acquisition Tools › Reflex smart acquisition, then the panel's
 * fields and buttons — and writes what it did to {@code out/driver.log}, a screenshot of the panel mid-run to
 * {@code out/reflex-panel.png}, and {@code OK} or {@code FAILED: why} to {@code out/result}. Its last step quits
 * Studio (File › Exit) while a run is running.
 *
 * <p>It uses only JDK classes (the agent is on Studio's class path; the plugin's classes are not, and the driver
 * never touches them: it clicks buttons and types into text fields). ARGS: {@code out=DIR,runs=DIR,frames=N}.
 */
public final class StudioDriver {
    static final String RESULT = "result";
    static final String SCREENSHOT = "reflex-panel.png";
    static final String LOG = "driver.log";
    static final String SURVEY_SCREENSHOT = "survey-panel.png";
    /** The survey mode's visit channels (presets of the demo's Channel group), at 2 time points 0.2 s apart. */
    static final List<String> VISIT_CHANNELS = List.of("FITC", "Rhodamine");
    /** The positions the survey mode put in Studio's position list, {@code x,y} per line (µm). */
    static final String POSITIONS = "positions.csv";
    /** The survey mode's stopped grid: large enough that Stop comes before its end. */
    static final int STOPPED_GRID = 8;
    /** The objective the survey mode starts at: neither the survey's (10X) nor the visits' (40X). */
    static final String START_OBJECTIVE = "20X";

    private final Path out;
    private final Path runs;
    private final long frames;
    private final boolean survey;

    private StudioDriver(Map<String, String> args) {
        out = Paths.get(args.get("out"));
        runs = Paths.get(args.get("runs"));
        frames = Long.parseLong(args.getOrDefault("frames", "0"));
        survey = "survey".equals(args.get("mode"));
    }

    /** Agent entry point: starts the driver on its own daemon thread and returns, so that Studio starts. */
    public static void premain(String agentArgs) {
        Map<String, String> args = new HashMap<>();
        for (String kv : agentArgs.split(",")) {
            int eq = kv.indexOf('=');
            args.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        StudioDriver d = new StudioDriver(args);
        Thread t = new Thread(d::runAndReport, "reflex-studio-driver");
        t.setDaemon(true);
        t.start();
    }

    private void runAndReport() {
        try {
            drive();
        } catch (Throwable e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            log("failed: " + w);
            report("FAILED: " + e.getMessage());
        }
    }

    /** Writes the result file whole (a rename), so that Studio exiting right after cannot leave it half written. */
    private void report(String result) {
        try {
            Path tmp = out.resolve(RESULT + ".tmp");
            Files.writeString(tmp, result + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, out.resolve(RESULT), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    private void drive() throws Exception {
        log("waiting for Studio's startup dialog");
        AbstractButton ok = waitFor("the startup dialog's OK button", 90, () -> {
            for (Window w : showingWindows()) {
                if (w instanceof JDialog && String.valueOf(((JDialog) w).getTitle()).contains("Startup")) {
                    return find(w, AbstractButton.class, b -> "OK".equals(b.getText()));
                }
            }
            return null;
        });
        click(ok);
        log("pressed OK: Studio loads the demo configuration");
        JMenuItem item = waitFor("Plugins > Acquisition Tools > Reflex smart acquisition", 120, () -> {
            for (Window w : showingWindows()) {
                if (w instanceof JFrame && ((JFrame) w).getJMenuBar() != null) {
                    JMenu plugins = menu(((JFrame) w).getJMenuBar(), "Plugins");
                    JMenu tools = plugins == null ? null : submenu(plugins, "Acquisition Tools");
                    JMenuItem reflex = tools == null ? null : item(tools, "Reflex smart acquisition");
                    if (reflex != null) {
                        return reflex;
                    }
                }
            }
            return null;
        });
        click(item);
        log("chose Plugins > Acquisition Tools > Reflex smart acquisition");
        Window reflex = waitFor("the Reflex window to open", 60, () -> {
            for (Window w : showingWindows()) {
                if ("reflexWindow".equals(w.getName())) {
                    return w;
                }
            }
            return null;
        });
        log("the Reflex window is open");
        if (survey) {
            driveSurvey(reflex);
            return;
        }

        text(reflex, "modelPath", "");
        text(reflex, "runsFolder", runs.toString());
        log("pressing Check (the embedded model)");
        click(named(reflex, "checkModel", AbstractButton.class));
        String check = waitFor("the model check", 120, () -> {
            String t = named(reflex, "modelStatus", JLabel.class).getToolTipText();
            return t != null && (t.startsWith("OK") || t.startsWith("Not usable")) ? t : null;
        });
        log("Check: " + check);
        if (!check.startsWith("OK")) {
            throw new IllegalStateException("Check said: " + check);
        }

        // refocus, tracking and the trigger (on any detection: the DemoCamera shows no dividing cells), Z limits
        // around the current focus
        select(reflex, "refocus", true);
        select(reflex, "track", true);
        select(reflex, "trigger", true);
        text(reflex, "triggerLabel", "");
        text(reflex, "triggerMinDetections", "2");
        text(reflex, "triggerBurstFrames", "3");
        text(reflex, "zMin", "");
        click(named(reflex, "zFromCurrent", AbstractButton.class));
        waitFor("the Z limits from the current Z", 30,
                () -> named(reflex, "zMin", JTextComponent.class).getText().isEmpty() ? null : Boolean.TRUE);

        run(reflex, true);
        run(reflex, false);
        exitStudioDuringARun(reflex);
    }

    /**
     * Survey mode ({@code mode=survey}): switches Studio's objective to {@value #START_OBJECTIVE}, puts a 3 × 3 grid
     * of positions around the stage's position into Studio's Stage Position List (through Studio's own API, as its
     * Tile Creator does), then in the Survey tab surveys that list with 2 visits into the {@code runs} folder, takes
     * a screenshot of the section, and surveys an
     * {@value #STOPPED_GRID} × {@value #STOPPED_GRID} grid that it stops after 3 tiles. Studio keeps running: the
     * test ends it.
     */
    private void driveSurvey(Window reflex) throws Exception {
        javax.swing.JTabbedPane tabs = named(reflex, "reflexTabs", javax.swing.JTabbedPane.class);
        onEdt(() -> {
            tabs.setSelectedIndex(tabs.indexOfTab("Survey"));
            return null;
        });
        log("chose the Survey tab");
        String objectives = waitFor("the objective group's presets in the visit objective's choices", 30, () -> {
            javax.swing.JComboBox<?> c = named(reflex, "visitObjective", javax.swing.JComboBox.class);
            List<String> items = new ArrayList<>();
            for (int i = 0; i < c.getItemCount(); i++) {
                items.add(String.valueOf(c.getItemAt(i)));
            }
            return items.contains("40X") ? items.toString() : null;
        });
        log("visit objective choices: " + objectives);
        setStudioObjective(START_OBJECTIVE);
        setStudioPositionList(3, 3, 460);
        select(reflex, "surveyPositionList", true);
        text(reflex, "surveyBudget", "2");
        text(reflex, "surveyFolder", runs.toString());
        chooseVisitChannels(reflex, VISIT_CHANNELS);
        text(reflex, "surveyTimePoints", "2");
        text(reflex, "surveyInterval", "0.2");
        survey(reflex, "Done");
        screenshot(reflex, SURVEY_SCREENSHOT);

        select(reflex, "surveyGrid", true);
        text(reflex, "surveyRows", Integer.toString(STOPPED_GRID));
        text(reflex, "surveyColumns", Integer.toString(STOPPED_GRID));
        text(reflex, "surveyBudget", "0");
        survey(reflex, null);
        waitFor("3 tiles of the grid", 60, () -> tilesDone(reflex) >= 3 ? Boolean.TRUE : null);
        click(named(reflex, "surveyStop", AbstractButton.class));
        log("pressed Stop at " + label(reflex, "surveyTiles") + " tiles");
        String state = waitFor("the survey to stop", 60, () -> {
            String t = label(reflex, "surveyState");
            return t.equals("Stopped") || t.equals("Done") || t.equals("Failed") ? t : null;
        });
        log("stopped survey: " + state + ", tiles " + label(reflex, "surveyTiles") + "; "
                + label(reflex, "surveyMessage"));
        if (!state.equals("Stopped")) {
            throw new IllegalStateException("The grid survey ended " + state + ", not Stopped: "
                    + label(reflex, "surveyMessage"));
        }
        report("OK");
    }

    /**
     * Presses Start survey and, with {@code end} given, waits for that state. A click on a freshly shown tab may
     * be lost under Xvfb without a window manager: Start is pressed again (at most three times) while the section
     * still shows no survey after 30 s.
     */
    private void survey(Window reflex, String end) throws Exception {
        String before = onEdt(() -> named(reflex, "surveyRunFolder", JTextComponent.class).getText());
        for (int attempt = 1; ; attempt++) {
            waitFor("Start survey to be enabled", 30, () -> named(reflex, "surveyStart", AbstractButton.class)
                    .isEnabled() ? Boolean.TRUE : null);
            click(named(reflex, "surveyStart", AbstractButton.class));
            log("pressed Start survey (attempt " + attempt + ")");
            try {
                waitFor("the survey to start", 30, () -> !named(reflex, "surveyRunFolder", JTextComponent.class)
                        .getText().equals(before) || label(reflex, "surveyState").equals("Failed") ? Boolean.TRUE
                        : null);
                break;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        if (label(reflex, "surveyState").equals("Failed")) {
            throw new IllegalStateException("The survey failed: " + label(reflex, "surveyMessage"));
        }
        if (end == null) {
            return;
        }
        String state = waitFor("the survey to end", 120, () -> {
            String t = label(reflex, "surveyState");
            return t.equals("Done") || t.equals("Stopped") || t.equals("Failed") ? t : null;
        });
        log("survey " + state + ": tiles " + label(reflex, "surveyTiles") + ", targets "
                + label(reflex, "surveyTargets") + ", visits " + label(reflex, "surveyVisits") + "; "
                + label(reflex, "surveyMessage") + "; folder "
                + onEdt(() -> named(reflex, "surveyRunFolder", JTextComponent.class).getText()));
        if (!state.equals(end)) {
            throw new IllegalStateException("The survey ended " + state + ": " + label(reflex, "surveyMessage"));
        }
        if (end.equals("Done")) {
            waitFor("the overview picture", 30, () -> named(reflex, "surveyOverview", JLabel.class).getIcon() != null
                    ? Boolean.TRUE : null);
            log("the overview picture is shown");
        }
    }

    private int tilesDone(Window reflex) {
        String t = label(reflex, "surveyTiles");
        int slash = t.indexOf('/');
        return slash < 0 ? 0 : Integer.parseInt(t.substring(0, slash).trim());
    }

    /** Switches the objective through Studio's core, as a user does in Studio's main window. */
    private void setStudioObjective(String preset) throws Exception {
        Object core = Class.forName("org.micromanager.internal.MMStudio").getMethod("core").invoke(
                Class.forName("org.micromanager.internal.MMStudio").getMethod("getInstance").invoke(null));
        core.getClass().getMethod("setConfig", String.class, String.class).invoke(core, "Objective", preset);
        core.getClass().getMethod("waitForConfig", String.class, String.class).invoke(core, "Objective", preset);
        log("set the objective to " + preset + " in Studio");
    }

    /**
     * Sets Studio's Stage Position List to rows × columns positions {@code stepUm} apart around the XY stage's
     * position, on its XY stage and focus drive, through Studio's API (reflection: the driver is compiled without
     * Studio), and writes them to {@link #POSITIONS}.
     */
    private void setStudioPositionList(int rows, int columns, double stepUm) throws Exception {
        Class<?> mmStudio = Class.forName("org.micromanager.internal.MMStudio");
        Object studio = mmStudio.getMethod("getInstance").invoke(null);
        Object core = mmStudio.getMethod("core").invoke(studio);
        String xyStage = (String) core.getClass().getMethod("getXYStageDevice").invoke(core);
        String focus = (String) core.getClass().getMethod("getFocusDevice").invoke(core);
        double x0 = (Double) core.getClass().getMethod("getXPosition").invoke(core);
        double y0 = (Double) core.getClass().getMethod("getYPosition").invoke(core);
        double z0 = (Double) core.getClass().getMethod("getPosition").invoke(core);
        Class<?> listType = Class.forName("org.micromanager.PositionList");
        Class<?> positionType = Class.forName("org.micromanager.MultiStagePosition");
        Object list = listType.getConstructor().newInstance();
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < columns; k++) {
                int c = r % 2 == 0 ? k : columns - 1 - k;
                double x = x0 + (c - (columns - 1) / 2.0) * stepUm;
                double y = y0 + (r - (rows - 1) / 2.0) * stepUm;
                Object p = positionType.getConstructor(String.class, double.class, double.class, String.class,
                        double.class).newInstance(xyStage, x, y, focus, z0);
                positionType.getMethod("setLabel", String.class).invoke(p, String.format("1-Pos_%03d_%03d", c, r));
                positionType.getMethod("setGridCoordinates", int.class, int.class).invoke(p, r, c);
                listType.getMethod("addPosition", positionType).invoke(list, p);
                csv.append(x).append(',').append(y).append('\n');
            }
        }
        Object manager = mmStudio.getMethod("positions").invoke(studio);
        Class.forName("org.micromanager.PositionListManager").getMethod("setPositionList", listType)
                .invoke(manager, list);
        Files.writeString(out.resolve(POSITIONS), csv.toString(), StandardCharsets.UTF_8);
        log("set Studio's position list: " + rows + " x " + columns + " positions " + stepUm + " µm apart around ("
                + x0 + ", " + y0 + ")");
    }

    /**
     * A third (dry) run, still running after {@link #frames}/2 frames when the user quits Studio (File › Exit): the
     * result is reported first, as Studio's JVM exits once the shutdown ends.
     */
    private void exitStudioDuringARun(Window reflex) throws Exception {
        select(reflex, "dryRun", true);
        waitFor("Start to be enabled", 30, () -> named(reflex, "start", AbstractButton.class).isEnabled()
                ? Boolean.TRUE : null);
        click(named(reflex, "start", AbstractButton.class));
        waitFor("the last run to run", 60, () -> named(reflex, "state", JLabel.class).getText().startsWith("Running")
                ? Boolean.TRUE : null);
        waitFor("the last run: " + frames / 2 + " frames", 120, () -> published(reflex) >= frames / 2 ? Boolean.TRUE
                : null);
        JMenuItem exit = onEdt(() -> {
            for (Window w : showingWindows()) {
                if (w instanceof JFrame && ((JFrame) w).getJMenuBar() != null) {
                    JMenu file = menu(((JFrame) w).getJMenuBar(), "File");
                    if (file == null) {
                        continue;
                    }
                    // Studio fills its File menu when the menu opens: open it, as a user's click does
                    file.setSelected(true);
                    JMenuItem item = item(file, "Exit");
                    file.setSelected(false);
                    if (item != null) {
                        return item;
                    }
                }
            }
            return null;
        });
        if (exit == null) {
            throw new IllegalStateException("No File > Exit in Studio's menu bar");
        }
        log("the last run: " + label(reflex, "frames") + " frames published/skipped/lost; choosing File > Exit");
        report("OK");
        click(exit);
    }

    /** One run: start, at least {@link #frames} frames, a screenshot of a live run halfway, stop. */
    private void run(Window reflex, boolean dry) throws Exception {
        String kind = dry ? "dry run" : "live run";
        select(reflex, "dryRun", dry);
        waitFor("Start to be enabled", 30, () -> named(reflex, "start", AbstractButton.class).isEnabled()
                ? Boolean.TRUE : null);
        click(named(reflex, "start", AbstractButton.class));
        log(kind + ": pressed Start");
        waitFor(kind + " to run", 60, () -> named(reflex, "state", JLabel.class).getText().startsWith("Running")
                ? Boolean.TRUE : null);
        if (!dry) {
            waitFor(kind + ": " + frames / 2 + " frames", 120, () -> published(reflex) >= frames / 2 ? Boolean.TRUE
                    : null);
            screenshot(reflex, SCREENSHOT);
        }
        waitFor(kind + ": " + frames + " frames", 120, () -> published(reflex) >= frames ? Boolean.TRUE : null);
        log(kind + ": " + label(reflex, "frames") + " frames published/skipped/lost, "
                + label(reflex, "rejections") + " envelope rejections, latency " + label(reflex, "latency"));
        click(named(reflex, "stop", AbstractButton.class));
        waitFor(kind + " to stop", 90, () -> named(reflex, "state", JLabel.class).getText().equals("Idle")
                && named(reflex, "start", AbstractButton.class).isEnabled() ? Boolean.TRUE : null);
        log(kind + ": stopped; message: " + label(reflex, "message"));
    }

    private long published(Window reflex) {
        String t = named(reflex, "frames", JLabel.class).getText();
        int slash = t.indexOf('/');
        return slash < 0 ? 0 : Long.parseLong(t.substring(0, slash).trim());
    }

    private void screenshot(Window w, String file) throws Exception {
        // the part of the window on the screen (CI's virtual screen may be narrower than the window)
        Rectangle r = onEdt(() -> w.getBounds().intersection(w.getGraphicsConfiguration().getBounds()));
        BufferedImage image = new Robot().createScreenCapture(r);
        ImageIO.write(image, "png", out.resolve(file).toFile());
        log("screenshot " + file + ": " + r.width + " x " + r.height);
    }

    private String label(Window w, String name) {
        return named(w, name, JLabel.class).getText();
    }

    /** Waits for the visit channel list to list {@code channels} (read on the survey worker), then selects them. */
    private void chooseVisitChannels(Window reflex, List<String> channels) throws Exception {
        javax.swing.JList<?> list = named(reflex, "surveyVisitChannels", javax.swing.JList.class);
        String listed = waitFor("the channel group's presets in the visit channels", 30, () -> {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < list.getModel().getSize(); i++) {
                items.add(String.valueOf(list.getModel().getElementAt(i)));
            }
            return items.containsAll(channels) ? items.toString() : null;
        });
        onEdt(() -> {
            int[] picked = new int[channels.size()];
            for (int i = 0; i < picked.length; i++) {
                for (int k = 0; k < list.getModel().getSize(); k++) {
                    if (channels.get(i).equals(list.getModel().getElementAt(k))) {
                        picked[i] = k;
                    }
                }
            }
            list.setSelectedIndices(picked);
            return null;
        });
        log("visit channels " + channels + " of " + listed);
    }

    private void text(Window w, String name, String value) throws Exception {
        JTextComponent f = named(w, name, JTextComponent.class);
        onEdt(() -> {
            f.setText(value);
            return null;
        });
    }

    private void select(Window w, String name, boolean on) throws Exception {
        JToggleButton b = named(w, name, JToggleButton.class);
        if (onEdt(b::isSelected) != on) {
            click(b);
            waitFor(name + " to be " + (on ? "selected" : "cleared"), 10,
                    () -> b.isSelected() == on ? Boolean.TRUE : null);
        }
    }

    /** Clicks {@code b} as a user would: its listeners run on the Swing thread; this does not wait for them. */
    private static void click(AbstractButton b) {
        SwingUtilities.invokeLater(b::doClick);
    }

    private static <T extends Component> T named(Container root, String name, Class<T> type) {
        T c = find(root, type, x -> name.equals(x.getName()));
        if (c == null) {
            throw new IllegalStateException("No " + type.getSimpleName() + " named " + name + " in the Reflex window");
        }
        return c;
    }

    private static JMenu menu(JMenuBar bar, String text) {
        for (int i = 0; i < bar.getMenuCount(); i++) {
            JMenu m = bar.getMenu(i);
            if (m != null && text.equals(m.getText())) {
                return m;
            }
        }
        return null;
    }

    private static JMenu submenu(JMenu menu, String text) {
        JMenuItem i = item(menu, text);
        return i instanceof JMenu ? (JMenu) i : null;
    }

    private static JMenuItem item(JMenu menu, String text) {
        for (Component c : menu.getMenuComponents()) {
            if (c instanceof JMenuItem && text.equals(((JMenuItem) c).getText())) {
                return (JMenuItem) c;
            }
        }
        return null;
    }

    private static List<Window> showingWindows() {
        List<Window> out = new ArrayList<>();
        for (Window w : Window.getWindows()) {
            if (w.isShowing()) {
                out.add(w);
            }
        }
        return out;
    }

    private static <T extends Component> T find(Component c, Class<T> type, Predicate<T> p) {
        if (type.isInstance(c) && p.test(type.cast(c))) {
            return type.cast(c);
        }
        Component[] children = c instanceof JMenu ? ((JMenu) c).getMenuComponents()
                : c instanceof Container ? ((Container) c).getComponents() : new Component[0];
        for (Component child : children) {
            T found = find(child, type, p);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Polls {@code probe} on the Swing thread every 200 ms until it returns non-null, or fails after a timeout. */
    private <T> T waitFor(String what, int timeoutS, Supplier<T> probe) throws Exception {
        long end = System.nanoTime() + timeoutS * 1_000_000_000L;
        while (true) {
            T v = onEdt(probe::get);
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Timed out after " + timeoutS + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static <T> T onEdt(java.util.concurrent.Callable<T> c) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> error = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(c.call());
            } catch (Exception e) {
                error.set(e);
            }
        });
        if (error.get() != null) {
            throw error.get();
        }
        return result.get();
    }

    private void log(String line) {
        try {
            Files.writeString(out.resolve(LOG), LocalTime.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            e.printStackTrace();
        }
    }
}
