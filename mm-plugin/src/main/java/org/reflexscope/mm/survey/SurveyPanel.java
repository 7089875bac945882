package org.reflexscope.mm.survey;

import static org.reflexscope.mm.panel.PanelForms.field;
import static org.reflexscope.mm.panel.PanelForms.format;
import static org.reflexscope.mm.panel.PanelForms.formatOrNone;
import static org.reflexscope.mm.panel.PanelForms.label;
import static org.reflexscope.mm.panel.PanelForms.row;
import static org.reflexscope.mm.panel.PanelForms.section;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.DefaultListModel;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import org.reflexscope.mm.panel.PanelForms;
import org.reflexscope.policy.survey.FocusMode;
import org.reflexscope.policy.survey.VisitOrder;

/**
 * The Reflex window's Survey section: the area (Studio's position list, or rows × columns around the current
 * position with their overlap), the survey and visit objectives (presets of the objective group; empty: by
 * magnification), the number of targets to visit, the envelope's XY range, the focus per tile (off, map, scan,
 * device; the scan's range and step), what a visit acquires (its channels, chosen among the channel group's presets,
 * a z-stack's planes and step, a time-lapse's time points and interval), when targets are visited (survey first or
 * interleaved, with the batch size), the time and light budgets, the folder for run folders, Start and Stop, and the
 * progress (tiles, targets, visits, the run folder). A view over a {@link SurveyController}; it makes
 * no microscope call itself.
 *
 * <p><b>Threads.</b> Create, use and dispose on the Swing event thread. Components carry names (e.g.
 * {@code "surveyStart"}, {@code "surveyTiles"}) for GUI tests and accessibility tools.
 */
public final class SurveyPanel extends JPanel implements SurveyController.Listener {
    private static final long serialVersionUID = 1L;
    /** Widest the overview picture is shown, pixels. */
    static final int OVERVIEW_PX = 360;

    private final transient SurveyController controller;
    private final JRadioButton positionList = new JRadioButton("Studio's position list");
    private final JRadioButton grid = new JRadioButton("Grid around the current position");
    private final JTextField rows = field("surveyRows", 4);
    private final JTextField columns = field("surveyColumns", 4);
    private final JTextField overlap = field("surveyOverlap", 4);
    private final JComboBox<String> surveyObjective = objectiveChoice("surveyObjective", "lowest magnification");
    private final JComboBox<String> visitObjective = objectiveChoice("visitObjective", "highest magnification");
    /** The objectives the settings name, chosen once the objective group's presets are known. */
    private String wantedSurvey = "";
    private String wantedVisit = "";
    private final JTextField budget = field("surveyBudget", 4);
    private final JTextField xyRange = field("surveyXyRange", 6);
    private final JTextField folder = field("surveyFolder", 22);
    private final JComboBox<FocusMode> focus = lowerCaseChoice("surveyFocus", FocusMode.values());
    private final JTextField focusRange = field("surveyFocusRange", 4);
    private final JTextField focusStep = field("surveyFocusStep", 4);
    private final JList<String> channels = PanelForms.multiChoice("surveyVisitChannels", 4);
    /** The visit channels the settings name, selected once the channel group's presets are known. */
    private List<String> wantedChannels = List.of();
    private final JTextField zPlanes = field("surveyZPlanes", 4);
    private final JTextField zStep = field("surveyZStep", 4);
    private final JTextField timePoints = field("surveyTimePoints", 4);
    private final JTextField interval = field("surveyInterval", 4);
    private final JComboBox<VisitOrder> order = lowerCaseChoice("surveyOrder", VisitOrder.values());
    private final JTextField batch = field("surveyBatch", 4);
    private final JTextField timeBudget = field("surveyTimeBudget", 5);
    private final JTextField lightBudget = field("surveyLightBudget", 5);
    private final JButton start = new JButton("Start survey");
    private final JButton stop = new JButton("Stop");
    private final JLabel state = label("surveyState", "Idle");
    private final JLabel tiles = label("surveyTiles", "–");
    private final JLabel targets = label("surveyTargets", "–");
    private final JLabel visits = label("surveyVisits", "–");
    private final JTextField runFolder = field("surveyRunFolder", 40);
    private final JLabel message = label("surveyMessage", " ");
    private final JLabel overview = label("surveyOverview", "");
    /** The run folder whose overview picture is shown (or being read). */
    private String overviewOf = "";

    public SurveyPanel(SurveyController controller) {
        super(new BorderLayout(6, 6));
        this.controller = controller;
        setName("surveyPanel");
        setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        positionList.setName("surveyPositionList");
        grid.setName("surveyGrid");
        ButtonGroup g = new ButtonGroup();
        g.add(positionList);
        g.add(grid);
        start.setName("surveyStart");
        stop.setName("surveyStop");
        runFolder.setEditable(false);
        runFolder.setToolTipText("The run folder of the last survey: tiles/, mosaic/ (a grid), visits/, targets.csv, "
                + "overview.png, "
                + "plan-events.json, survey.json (as reflex survey --mm writes)");

        JPanel settings = new JPanel();
        settings.setLayout(new BoxLayout(settings, BoxLayout.Y_AXIS));
        settings.add(areaSection());
        settings.add(objectivesSection());
        settings.add(focusAndVisitSection());
        settings.add(runSection());
        JPanel west = new JPanel(new BorderLayout());
        west.add(settings, BorderLayout.NORTH);
        add(west, BorderLayout.WEST);
        add(progressSection(), BorderLayout.CENTER);
        add(message, BorderLayout.SOUTH);

        show(controller.loadSettings());
        controller.addListener(this);
        start.addActionListener(e -> onStart());
        stop.addActionListener(e -> controller.stop());
        controller.objectives().thenAccept(names -> SwingUtilities.invokeLater(() -> fillObjectives(names)));
        controller.channels().thenAccept(names -> SwingUtilities.invokeLater(() -> fillChannels(names)));
        onProgress(controller.progress());
    }

    private JComponent areaSection() {
        JPanel p = section("Area");
        positionList.setToolTipText("The XY positions of Micro-Manager's Stage Position List (Devices > Stage "
                + "Position List), in its order, one survey field each");
        row(p, 0, positionList);
        row(p, 1, grid, new JLabel("rows"), rows, new JLabel("columns"), columns);
        overlap.setToolTipText("Overlap of neighbouring grid tiles, a fraction of the field (0 to 0.9)");
        row(p, 2, new JLabel("   overlap"), overlap);
        return p;
    }

    private JComponent objectivesSection() {
        JPanel p = section("Objectives and targets");
        surveyObjective.setToolTipText("Objective of the survey tiles; empty: the lowest magnification "
                + "(largest calibrated pixel size)");
        visitObjective.setToolTipText("Objective of the visits; empty: the highest magnification");
        row(p, 0, new JLabel("Survey objective"), surveyObjective, new JLabel("visit objective"), visitObjective);
        budget.setToolTipText("Most targets visited, best first (brightest)");
        xyRange.setToolTipText("Safety envelope: no tile or visit farther than this from where the survey starts, "
                + "in X or Y (µm)");
        row(p, 1, new JLabel("Targets to visit"), budget, new JLabel("XY range ± µm"), xyRange);
        return p;
    }

    private JComponent focusAndVisitSection() {
        JPanel p = section("Focus and visits");
        focus.setToolTipText("Focus per tile: off (the starting Z), scan (a Z scan at every tile), map (a plane "
                + "through Z scans at the corners and centre) or device (the microscope's autofocus device)");
        focusRange.setToolTipText("The Z scan of scan and map: ± this range around the focus, µm");
        focusStep.setToolTipText("The Z scan's step, µm");
        row(p, 0, new JLabel("Autofocus"), focus, new JLabel("scan ± µm"), focusRange, new JLabel("step µm"),
                focusStep);
        channels.setToolTipText("Channels of each visit: presets of the channel group, acquired in the listed "
                + "order; none selected: the current channel. The channel is restored after each acquisition.");
        JScrollPane channelList = new JScrollPane(channels);
        row(p, 1, new JLabel("Visit channels"), channelList);
        zPlanes.setToolTipText("Planes of each visit's z-stack, centred on the focus");
        zStep.setToolTipText("Distance between the z-stack's planes, µm");
        row(p, 2, new JLabel("Z planes"), zPlanes, new JLabel("step µm"), zStep);
        timePoints.setToolTipText("Time points per visit: the acquisition (every channel) repeated");
        interval.setToolTipText("Time between the starts of a visit's time points, s (0: as fast as they go)");
        row(p, 3, new JLabel("Time points"), timePoints, new JLabel("every s"), interval);
        order.setToolTipText("survey first (all tiles, then the best targets) or interleaved (targets visited in "
                + "batches while the survey goes on, two objective switches per batch)");
        batch.setToolTipText("Interleaved: targets queued before the microscope switches to the visit objective");
        row(p, 4, new JLabel("Order"), order, new JLabel("batch"), batch);
        timeBudget.setToolTipText("Stop visiting before the survey would take longer than this (instrument time, "
                + "s); empty: no time budget");
        lightBudget.setToolTipText("Stop visiting before the survey would expose longer than this (ms); empty: no "
                + "light budget");
        row(p, 5, new JLabel("Time budget s"), timeBudget, new JLabel("light budget ms"), lightBudget);
        return p;
    }

    private JComponent runSection() {
        JPanel box = new JPanel();
        box.setLayout(new BoxLayout(box, BoxLayout.Y_AXIS));
        JPanel f = new JPanel(new FlowLayout(FlowLayout.LEFT));
        folder.setToolTipText("Each survey writes a run folder here; empty: ~/Reflex/surveys");
        f.add(new JLabel("Surveys folder"));
        f.add(folder);
        box.add(f);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT));
        buttons.add(start);
        buttons.add(stop);
        box.add(buttons);
        return box;
    }

    private JComponent progressSection() {
        JPanel p = section("Progress");
        row(p, 0, new JLabel("State"), state);
        row(p, 1, new JLabel("Tiles done"), tiles);
        row(p, 2, new JLabel("Targets found"), targets);
        row(p, 3, new JLabel("Visits done"), visits);
        row(p, 4, new JLabel("Run folder"), runFolder);
        overview.setToolTipText("overview.png of the last survey: the tiles at their stage positions, the targets "
                + "circled (red: visited)");
        row(p, 5, overview);
        JPanel top = new JPanel(new BorderLayout());
        top.add(p, BorderLayout.NORTH);
        return top;
    }

    private void onStart() {
        SurveySettings s;
        try {
            s = read();
        } catch (IllegalArgumentException e) {
            message.setText(e.getMessage());
            return;
        }
        message.setText("Starting…");
        controller.start(s);
    }

    /** Fills the fields from {@code s}. */
    void show(SurveySettings s) {
        positionList.setSelected(s.area() == SurveySettings.Area.POSITION_LIST);
        grid.setSelected(s.area() == SurveySettings.Area.GRID);
        rows.setText(Integer.toString(s.rows()));
        columns.setText(Integer.toString(s.columns()));
        overlap.setText(Double.toString(s.overlap()));
        wantedSurvey = s.surveyObjective();
        wantedVisit = s.visitObjective();
        choose(surveyObjective, wantedSurvey);
        choose(visitObjective, wantedVisit);
        budget.setText(Integer.toString(s.budget()));
        xyRange.setText(format(s.xyRangeUm()));
        folder.setText(s.folder());
        focus.setSelectedItem(s.focus());
        focusRange.setText(format(s.focusRangeUm()));
        focusStep.setText(format(s.focusStepUm()));
        wantedChannels = s.visitChannels();
        selectChannels(wantedChannels);
        zPlanes.setText(Integer.toString(s.zPlanes()));
        zStep.setText(format(s.zStepUm()));
        timePoints.setText(Integer.toString(s.timePoints()));
        interval.setText(format(s.intervalMs() / 1000));
        order.setSelectedItem(s.order());
        batch.setText(Integer.toString(s.batch()));
        timeBudget.setText(formatOrNone(s.timeBudgetS()));
        lightBudget.setText(formatOrNone(s.lightBudgetMs()));
    }

    /**
     * The settings in the fields.
     *
     * @throws IllegalArgumentException naming the field whose text is not a number
     */
    SurveySettings read() {
        return SurveySettings.builder()
                .optArea(positionList.isSelected() ? SurveySettings.Area.POSITION_LIST : SurveySettings.Area.GRID)
                .optGrid(whole(rows, "Rows"), whole(columns, "Columns")).optOverlap(number(overlap, "Overlap"))
                .optObjectives(selected(surveyObjective), selected(visitObjective))
                .optBudget(whole(budget, "Targets to visit")).optXyRangeUm(number(xyRange, "XY range"))
                .optFolder(folder.getText())
                .optFocus((FocusMode) focus.getSelectedItem(), number(focusRange, "Focus scan range"),
                        number(focusStep, "Focus scan step"))
                .optVisitChannels(channels.getSelectedValuesList())
                .optZStack(whole(zPlanes, "Z planes"), number(zStep, "Z step"))
                .optTimeLapse(whole(timePoints, "Time points"), number(interval, "Time-point interval") * 1000)
                .optOrder((VisitOrder) order.getSelectedItem(), whole(batch, "Batch"))
                .optBudgets(PanelForms.numberOrNone(timeBudget.getText(), "Time budget"),
                        PanelForms.numberOrNone(lightBudget.getText(), "Light budget"))
                .build();
    }

    /** Lists the channel group's presets, keeping the channels the settings name (listed too if missing). */
    private void fillChannels(List<String> names) {
        DefaultListModel<String> m = (DefaultListModel<String>) channels.getModel();
        m.clear();
        names.forEach(m::addElement);
        selectChannels(wantedChannels);
    }

    private void selectChannels(List<String> wanted) {
        DefaultListModel<String> m = (DefaultListModel<String>) channels.getModel();
        List<Integer> picked = new ArrayList<>();
        for (String c : wanted) {
            if (!m.contains(c)) {
                m.addElement(c);
            }
            picked.add(m.indexOf(c));
        }
        channels.setSelectedIndices(picked.stream().mapToInt(Integer::intValue).toArray());
    }

    private void fillObjectives(List<String> names) {
        for (JComboBox<String> c : List.of(surveyObjective, visitObjective)) {
            c.removeAllItems();
            c.addItem("");
            names.forEach(c::addItem);
        }
        choose(surveyObjective, wantedSurvey);
        choose(visitObjective, wantedVisit);
    }

    private static String selected(JComboBox<String> c) {
        Object v = c.getSelectedItem();
        return v == null ? "" : v.toString();
    }

    /** Selects {@code name}, adding it when the objective group does not list it (yet). */
    private static void choose(JComboBox<String> c, String name) {
        boolean listed = false;
        for (int i = 0; i < c.getItemCount(); i++) {
            listed |= c.getItemAt(i).equals(name);
        }
        if (!listed) {
            c.addItem(name);
        }
        c.setSelectedItem(name);
    }

    @Override
    public void onProgress(SurveyProgress p) {
        state.setText(stateText(p.state()));
        tiles.setText(p.tilesTotal() == 0 ? "–" : p.tilesDone() + " / " + p.tilesTotal());
        targets.setText(p.tilesTotal() == 0 ? "–" : Integer.toString(p.targetsFound()));
        visits.setText(p.tilesTotal() == 0 ? "–" : p.visitsDone() + " / " + p.visitsPlanned());
        if (!p.folder().isEmpty()) {
            runFolder.setText(p.folder());
        }
        message.setText(p.message().isEmpty() ? " " : p.message());
        if ((p.state() == SurveyProgress.State.DONE) && !p.folder().isEmpty() && !p.folder().equals(overviewOf)) {
            overviewOf = p.folder();
            showOverview(java.nio.file.Paths.get(p.folder(), "overview.png"));
        }
        start.setEnabled(!p.state().active());
        stop.setEnabled(p.state() == SurveyProgress.State.RUNNING);
    }

    /** Reads {@code png} off the Swing thread and shows it at most {@value #OVERVIEW_PX} pixels wide. */
    private void showOverview(java.nio.file.Path png) {
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
                if (image == null) {
                    return null;
                }
                int w = Math.min(OVERVIEW_PX, image.getWidth());
                int h = Math.max(1, image.getHeight() * w / image.getWidth());
                return new javax.swing.ImageIcon(image.getScaledInstance(w, h, java.awt.Image.SCALE_SMOOTH));
            } catch (java.io.IOException e) {
                return null;
            }
        }).thenAccept(icon -> SwingUtilities.invokeLater(() -> {
            overview.setIcon(icon);
            overview.setText(icon == null ? "No overview picture in " + png.getParent() : "");
        }));
    }

    private static String stateText(SurveyProgress.State s) {
        switch (s) {
            case RUNNING:
                return "Running";
            case STOPPING:
                return "Stopping";
            case DONE:
                return "Done";
            case STOPPED:
                return "Stopped";
            case FAILED:
                return "Failed";
            default:
                return "Idle";
        }
    }

    /** Saves the settings (when readable) and detaches from the controller. */
    public void dispose() {
        controller.removeListener(this);
        try {
            controller.saveSettings(read());
        } catch (IllegalArgumentException e) {
            message.setText("Survey settings not saved: " + e.getMessage());
        }
    }

    private static int whole(JTextField f, String what) {
        String t = f.getText().trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got \"" + t + "\".", e);
        }
    }

    private static double number(JTextField f, String what) {
        return PanelForms.number(f.getText(), what);
    }

    /** A choice of {@code values}, shown in lower case with spaces ("survey first"). */
    @SafeVarargs
    private static <E extends Enum<E>> JComboBox<E> lowerCaseChoice(String name, E... values) {
        JComboBox<E> c = new JComboBox<>(values);
        c.setName(name);
        javax.swing.ListCellRenderer<? super E> plain = c.getRenderer();
        c.setRenderer((list, value, index, selected, hasFocus) -> {
            String text = value == null ? "" : value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            @SuppressWarnings("unchecked")
            javax.swing.ListCellRenderer<Object> r = (javax.swing.ListCellRenderer<Object>) plain;
            return r.getListCellRendererComponent(list, text, index, selected, hasFocus);
        });
        return c;
    }

    /** An objective preset, or {@code ""} shown as {@code "auto (" + meaning + ")"}. */
    private static JComboBox<String> objectiveChoice(String name, String meaning) {
        JComboBox<String> c = new JComboBox<>(new String[] {""});
        c.setName(name);
        c.setPrototypeDisplayValue("auto (highest magnification)");
        javax.swing.ListCellRenderer<? super String> plain = c.getRenderer();
        c.setRenderer((list, value, index, selected, focus) -> plain.getListCellRendererComponent(list,
                value == null || value.isEmpty() ? "auto (" + meaning + ")" : value, index, selected, focus));
        return c;
    }

}
