package org.reflexscope.mm.panel;

import static org.reflexscope.mm.panel.PanelForms.button;
import static org.reflexscope.mm.panel.PanelForms.check;
import static org.reflexscope.mm.panel.PanelForms.constraints;
import static org.reflexscope.mm.panel.PanelForms.field;
import static org.reflexscope.mm.panel.PanelForms.format;
import static org.reflexscope.mm.panel.PanelForms.label;
import static org.reflexscope.mm.panel.PanelForms.row;
import static org.reflexscope.mm.panel.PanelForms.section;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.util.List;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.filechooser.FileNameExtensionFilter;


/**
 * The Reflex panel: model, policies, safety envelope, dry run, run buttons, live status and the decision log. A
 * view over a {@link ReflexPanelController}: it reads and writes {@link RunSettings} and shows what the controller
 * reports; it makes no backend call itself, so the Swing event thread never blocks.
 *
 * <p><b>Threads.</b> Create, use and dispose on the Swing event thread. {@link #dispose()} stops the status timer
 * and saves the settings.
 *
 * <p>Components carry names (e.g. {@code "start"}, {@code "zMin"}) for GUI tests and accessibility tools.
 */
public final class ReflexPanel extends JPanel implements ReflexPanelController.Listener {
    private static final long serialVersionUID = 1L;
    /** Margin around the current Z used by "From current Z", µm. */
    static final double Z_LIMIT_MARGIN_UM = 50;
    private static final String BINNING_AUTO = "auto";

    private final transient ReflexPanelController controller;
    private final Timer statusTimer;

    private final JTextField modelPath = field("modelPath", 22);
    private final JLabel modelStatus = label("modelStatus", "Embedded default model (not checked yet)");
    private final JComboBox<String> binning = binningChoice();
    private final JTextField ringSlots = field("ringSlots", 5);
    private final JCheckBox lowLatency = check("lowLatencyWaits", "low-latency waits");
    private final JCheckBox refocus = check("refocus", "Refocus");
    private final JTextField refocusStep = field("refocusStep", 5);
    private final JCheckBox track = check("track", "Track");
    private final JTextField trackStep = field("trackStep", 5);
    private final JCheckBox trigger = check("trigger", "Trigger high-res burst");
    private final JTextField triggerMin = field("triggerMinDetections", 5);
    private final JTextField triggerFrames = field("triggerBurstFrames", 5);
    private final JTextField triggerLabel = field("triggerLabel", 7);
    private final JTextField hiResPreset = field("hiResPreset", 7);
    private final JTextField objectiveGroup = field("objectiveGroup", 7);
    private final JCheckBox adaptive = check("adaptiveRate", "Adaptive frame rate");
    private final JTextField minInterval = field("minInterval", 5);
    private final JTextField maxInterval = field("maxInterval", 5);
    private final JTextField zMin = field("zMin", 7);
    private final JTextField zMax = field("zMax", 7);
    private final JTextField maxZStep = field("maxZStep", 5);
    private final JTextField maxXyStep = field("maxXyStep", 5);
    private final JTextField minMoveInterval = field("minMoveInterval", 5);
    private final JCheckBox dryRun = check("dryRun", "Dry run (log decisions, move nothing)");
    private final JTextField runsFolder = field("runsFolder", 22);
    private final JButton start = button("start", "Start");
    private final JButton pause = button("pause", "Pause");
    private final JButton stop = button("stop", "Stop");
    private final JLabel state = label("state", "Idle");
    private final JLabel fps = label("fps", "–");
    private final JLabel latency = label("latency", "–");
    private final JLabel frames = label("frames", "–");
    private final JLabel detections = label("detections", "–");
    private final JLabel rejections = label("rejections", "–");
    private final JTextArea alarms = new JTextArea(3, 40);
    private final JLabel message = label("message", " ");
    private final DecisionTableModel decisions = new DecisionTableModel();
    private RunState shownState = RunState.IDLE;
    /** The blocked reason the message line shows, so that it clears when Micro-Manager lets go of the camera. */
    private String shownBlockedReason = "";

    /** A panel over {@code controller}, showing its saved settings; polls status every {@code pollMs}. */
    public ReflexPanel(ReflexPanelController controller, int pollMs) {
        super(new BorderLayout(6, 6));
        this.controller = controller;
        setName("reflexPanel");
        setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        alarms.setName("alarms");
        alarms.setEditable(false);
        alarms.setLineWrap(true);
        alarms.setWrapStyleWord(true);

        JPanel settings = new JPanel();
        settings.setLayout(new BoxLayout(settings, BoxLayout.Y_AXIS));
        settings.add(modelSection());
        settings.add(policySection());
        settings.add(envelopeSection());
        settings.add(runSection());
        add(settings, BorderLayout.WEST);

        JPanel right = new JPanel(new BorderLayout(6, 6));
        right.add(statusSection(), BorderLayout.NORTH);
        JTable table = new JTable(decisions);
        table.setName("decisions");
        table.setFillsViewportHeight(true);
        JScrollPane scroll = new JScrollPane(table);
        scroll.setBorder(BorderFactory.createTitledBorder("Decision log"));
        scroll.setPreferredSize(new Dimension(520, 260));
        right.add(scroll, BorderLayout.CENTER);
        add(right, BorderLayout.CENTER);
        add(message, BorderLayout.SOUTH);

        show(controller.loadSettings());
        controller.addListener(this);
        statusTimer = new Timer(pollMs, e -> controller.refresh());
        statusTimer.start();
        onStatus(RunStatus.IDLE, List.of(), controller.controls());
    }

    private JComponent modelSection() {
        JPanel p = section("Model");
        JButton browse = button("browseModel", "Browse…");
        browse.addActionListener(e -> {
            JFileChooser chooser = new JFileChooser();
            // An ONNX file (with its spec sidecar next to it) or a BioImage Model Zoo package (folder or .zip).
            chooser.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
            chooser.setFileFilter(new FileNameExtensionFilter("ONNX model (with model.onnx.yaml) or BioImage.io "
                    + "package (folder or .zip)", "onnx", "zip"));
            if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
                modelPath.setText(chooser.getSelectedFile().getPath());
            }
        });
        JButton check = button("checkModel", "Check");
        check.addActionListener(e -> {
            modelStatus.setText("Checking…");
            controller.checkModel(modelPath.getText()).thenAccept(r -> SwingUtilities.invokeLater(() -> {
                String text = (r.isUsable() ? "OK: " : "Not usable: ") + r.message();
                // A usable model in one line (details in the tooltip); why a model is unusable in full, wrapped.
                modelStatus.setText(r.isUsable() ? (text.length() > 70 ? text.substring(0, 69) + "…" : text)
                        : "<html><body style='width:420px'>" + escapeHtml(text) + "</body></html>");
                modelStatus.setToolTipText(text);
            }));
        });
        row(p, 0, new JLabel("File (empty = embedded)"), modelPath, browse, check);
        GridBagConstraints c = constraints(0, 1);
        c.gridwidth = GridBagConstraints.REMAINDER;
        c.weightx = 1;
        p.add(modelStatus, c);
        ringSlots.setToolTipText("Frames the ring buffer holds between the camera and the recorder and analyzer: a "
                + "power of two of at least 4. Memory is slots x the frame size (16 x 8 MB at 2048x2048 16-bit); "
                + "more slots ride out longer disk stalls.");
        lowLatency.setToolTipText("The recorder and the analyzer wait for frames on their own cores instead of "
                + "parked: a shorter camera-to-decision latency on a computer with a free core for each (camera, recorder, "
                + "analyzer, hardware); on one without, it slows everything.");
        row(p, 2, new JLabel("Analysis binning"), binning, new JLabel("ring slots"), ringSlots, lowLatency);
        return p;
    }

    private JComponent policySection() {
        JPanel p = section("Policies");
        row(p, 0, refocus, new JLabel("max step µm"), refocusStep);
        row(p, 1, track, new JLabel("max step µm"), trackStep);
        row(p, 2, trigger, new JLabel("min detections"), triggerMin, new JLabel("frames"), triggerFrames);
        triggerLabel.setToolTipText("The detection label that counts as an event (\"dividing\": the division "
                + "scorer's label, as reflex acquire); empty counts any detection.");
        hiResPreset.setToolTipText("The objective preset the trigger switches to; empty: the one with the smallest "
                + "pixel size, as reflex acquire.");
        objectiveGroup.setToolTipText("The configuration group that switches objectives; empty: the group whose "
                + "presets select the pixel-size calibrations.");
        row(p, 3, new JLabel("   event label"), triggerLabel, new JLabel("objective"), hiResPreset,
                new JLabel("group"), objectiveGroup);
        minInterval.setToolTipText("Frame interval during an event; empty: the camera's, as reflex acquire");
        maxInterval.setToolTipText("Frame interval while nothing happens; empty: 10 x the camera's, as reflex acquire");
        row(p, 4, adaptive, new JLabel("interval ms"), minInterval, new JLabel("to"), maxInterval);
        return p;
    }

    private JComponent envelopeSection() {
        JPanel p = section("Safety envelope");
        JButton fromZ = button("zFromCurrent", "From current Z");
        fromZ.addActionListener(e -> controller.suggestZLimits(Z_LIMIT_MARGIN_UM).thenAccept(
                z -> SwingUtilities.invokeLater(() -> {
                    zMin.setText(format(z[0]));
                    zMax.setText(format(z[1]));
                })));
        row(p, 0, new JLabel("Z limits µm"), zMin, new JLabel("to"), zMax, fromZ);
        maxXyStep.setToolTipText("Longest XY move; empty: 1.5 fields of view (at least 10 µm), as reflex acquire");
        row(p, 1, new JLabel("max Z step µm"), maxZStep, new JLabel("max XY step µm"), maxXyStep);
        row(p, 2, new JLabel("min interval between moves ms"), minMoveInterval);
        return p;
    }

    private JComponent runSection() {
        JPanel box = new JPanel();
        box.setLayout(new BoxLayout(box, BoxLayout.Y_AXIS));
        JPanel folder = new JPanel(new FlowLayout(FlowLayout.LEFT));
        runsFolder.setToolTipText("Each run writes a folder here (raw/, decisions.jsonl, recipe.json, "
                + "report.html); empty: ~/Reflex/runs.");
        folder.add(new JLabel("Runs folder"));
        folder.add(runsFolder);
        box.add(folder);
        JPanel p = new JPanel(new FlowLayout(FlowLayout.LEFT));
        box.add(p);
        p.add(dryRun);
        p.add(start);
        p.add(pause);
        p.add(stop);
        start.addActionListener(e -> {
            RunSettings s;
            try {
                s = read();
            } catch (IllegalArgumentException ex) {
                message.setText(ex.getMessage());
                return;
            }
            message.setText("Starting…");
            controller.start(s).thenRun(() -> SwingUtilities.invokeLater(() -> message.setText(" ")));
        });
        pause.addActionListener(e -> {
            if (shownState == RunState.PAUSED) {
                controller.resume();
            } else {
                controller.pause();
            }
        });
        stop.addActionListener(e -> controller.stop());
        return box;
    }

    private JComponent statusSection() {
        JPanel p = section("Status");
        row(p, 0, new JLabel("State"), state);
        row(p, 1, new JLabel("Frame rate"), fps);
        row(p, 2, new JLabel("Decision latency p50 / p99"), latency);
        row(p, 3, new JLabel("Frames published / skipped / lost"), frames);
        row(p, 4, new JLabel("Detections"), detections);
        rejections.setToolTipText("Plans the safety envelope refused, and why the latest was refused");
        row(p, 5, new JLabel("Envelope rejections"), rejections);
        GridBagConstraints c = constraints(0, 6);
        c.gridwidth = GridBagConstraints.REMAINDER;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        JScrollPane s = new JScrollPane(alarms);
        s.setBorder(BorderFactory.createTitledBorder("Alarms"));
        p.add(s, c);
        return p;
    }

    /** Fills the fields from {@code s}. */
    void show(RunSettings s) {
        modelPath.setText(s.modelPath());
        binning.setSelectedItem(s.analysisBinning() == RunSettings.AUTO_BINNING ? BINNING_AUTO
                : Integer.toString(s.analysisBinning()));
        ringSlots.setText(Integer.toString(s.ringSlots()));
        lowLatency.setSelected(s.lowLatencyWaits());
        refocus.setSelected(s.refocus());
        refocusStep.setText(format(s.refocusMaxStepUm()));
        track.setSelected(s.track());
        trackStep.setText(format(s.trackMaxStepUm()));
        trigger.setSelected(s.trigger());
        triggerMin.setText(Integer.toString(s.triggerMinDetections()));
        triggerFrames.setText(Integer.toString(s.triggerBurstFrames()));
        triggerLabel.setText(s.triggerLabel());
        hiResPreset.setText(s.hiResPreset());
        objectiveGroup.setText(s.objectiveGroup());
        runsFolder.setText(s.runsFolder());
        adaptive.setSelected(s.adaptiveRate());
        minInterval.setText(Double.isNaN(s.minIntervalMs()) ? "" : format(s.minIntervalMs()));
        maxInterval.setText(Double.isNaN(s.maxIntervalMs()) ? "" : format(s.maxIntervalMs()));
        zMin.setText(Double.isNaN(s.zMinUm()) ? "" : format(s.zMinUm()));
        zMax.setText(Double.isNaN(s.zMaxUm()) ? "" : format(s.zMaxUm()));
        maxZStep.setText(format(s.maxZStepUm()));
        maxXyStep.setText(Double.isNaN(s.maxXyStepUm()) ? "" : format(s.maxXyStepUm()));
        minMoveInterval.setText(format(s.minMoveIntervalMs()));
        dryRun.setSelected(s.dryRun());
    }

    /**
     * The settings in the fields.
     *
     * @throws IllegalArgumentException naming the field whose text is not a number
     */
    RunSettings read() {
        String bin = String.valueOf(binning.getSelectedItem()).trim();
        return RunSettings.builder().optModelPath(modelPath.getText())
                .optAnalysisBinning(bin.equals(BINNING_AUTO) ? RunSettings.AUTO_BINNING
                        : (int) number(bin, "Analysis binning"))
                .optRingSlots((int) number(ringSlots, "Ring slots")).optLowLatencyWaits(lowLatency.isSelected())
                .optRefocus(refocus.isSelected(), number(refocusStep, "Refocus step"))
                .optTrack(track.isSelected(), number(trackStep, "Tracking step"))
                .optTrigger(trigger.isSelected(), (int) number(triggerMin, "Trigger detections"),
                        (int) number(triggerFrames, "Trigger frames"))
                .optTriggerLabel(triggerLabel.getText()).optHiResPreset(hiResPreset.getText())
                .optObjectiveGroup(objectiveGroup.getText())
                .optRunsFolder(runsFolder.getText())
                .optAdaptiveRate(adaptive.isSelected(), optionalNumber(minInterval, "Minimum interval"),
                        optionalNumber(maxInterval, "Maximum interval"))
                .optZLimits(optionalNumber(zMin, "Lower Z limit"), optionalNumber(zMax, "Upper Z limit"))
                .optMaxSteps(number(maxZStep, "Max Z step"), optionalNumber(maxXyStep, "Max XY step"))
                .optMinMoveIntervalMs(number(minMoveInterval, "Min interval between moves"))
                .optDryRun(dryRun.isSelected()).build();
    }

    @Override
    public void onStatus(RunStatus s, List<DecisionRow> rows, PanelControls c) {
        shownState = s.state();
        state.setText(stateText(s));
        fps.setText(String.format(Locale.ROOT, "%.1f fps", s.framesPerSecond()));
        latency.setText(Double.isNaN(s.decisionLatencyP50Ms()) ? "–" : String.format(Locale.ROOT,
                "%.1f / %.1f ms", s.decisionLatencyP50Ms(), s.decisionLatencyP99Ms()));
        frames.setText(s.framesPublished() + " / " + s.framesSkipped() + " / " + s.framesLost());
        detections.setText(Long.toString(s.detections()));
        String last = s.lastRejection().length() > 60 ? s.lastRejection().substring(0, 59) + "…" : s.lastRejection();
        rejections.setText(s.envelopeRejections() == 0 ? "0" : s.envelopeRejections() + " (last: " + last + ")");
        rejections.setToolTipText(s.lastRejection().isEmpty() ? null : s.lastRejection());
        String alarmText = String.join("\n", s.alarms());
        if (!alarmText.equals(alarms.getText())) {
            alarms.setText(alarmText);
        }
        decisions.setRows(rows);
        start.setEnabled(c.canStart());
        start.setToolTipText(c.blockedReason().isEmpty() ? null : c.blockedReason());
        pause.setText(s.state() == RunState.PAUSED ? "Resume" : "Pause");
        pause.setEnabled(c.canPause() || c.canResume());
        stop.setEnabled(c.canStop());
        if (!c.blockedReason().isEmpty()) {
            message.setText(c.blockedReason());
        } else if (!shownBlockedReason.isEmpty() && shownBlockedReason.equals(message.getText())) {
            message.setText(" ");
        }
        shownBlockedReason = c.blockedReason();
    }

    private static String stateText(RunStatus s) {
        switch (s.state()) {
            case RUNNING:
                return s.dryRun() ? "Running (dry run)" : "Running";
            case PAUSED:
                return "Paused";
            case FAILED:
                return "Failed";
            default:
                return "Idle";
        }
    }

    @Override
    public void onMessage(String text) {
        message.setText(text);
    }

    /** Stops the status timer, saves the settings (when readable) and detaches from the controller. */
    public void dispose() {
        statusTimer.stop();
        controller.removeListener(this);
        try {
            controller.saveSettings(read());
        } catch (IllegalArgumentException e) {
            message.setText("Settings not saved: " + e.getMessage());
        }
    }

    /**
     * Analysis binning: auto (from the camera's frame size: a 2048² camera is analysed at 512², see
     * {@link RunSettings#analysisBinningFor}) or a fixed factor; editable for other factors.
     */
    private static JComboBox<String> binningChoice() {
        JComboBox<String> b = new JComboBox<>(new String[] {BINNING_AUTO, "1", "2", "4", "8"});
        b.setName("analysisBinning");
        b.setEditable(true);
        b.setToolTipText("Frames are binned by this factor before analysis. auto: the largest of 1, 2, 4, 8 that "
                + "keeps the camera's shorter side at least 512 pixels (the default models keep up with a 512x512 "
                + "analysis image on one CPU core).");
        return b;
    }

    private static double number(JTextField f, String what) {
        return number(f.getText(), what);
    }

    private static double number(String text, String what) {
        return PanelForms.number(text, what);
    }

    private static double optionalNumber(JTextField f, String what) {
        return f.getText().trim().isEmpty() ? Double.NaN : number(f, what);
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
