package org.reflexscope.mm.studio;

import java.util.Iterator;
import java.util.ServiceLoader;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;
import org.micromanager.MenuPlugin;
import org.micromanager.Studio;
import org.reflexscope.mm.core.MmCoreSession;
import org.reflexscope.mm.panel.ReflexBackendFactory;
import org.reflexscope.mm.survey.SurveyController;
import org.reflexscope.mm.studio.log.StudioLog;
import org.scijava.plugin.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reflex's entry in Micro-Manager's Plugins menu. Studio instantiates it (no-argument constructor), calls
 * {@link #setContext}, then {@link #onPluginSelected()} on the Swing event thread each time the user picks it:
 * the window opens (or comes to the front), and nothing else happens on that thread.
 */
@Plugin(type = MenuPlugin.class)
public final class ReflexMenuPlugin implements MenuPlugin {
    static final String NAME = "Reflex smart acquisition";
    private static final Logger LOG = LoggerFactory.getLogger(ReflexMenuPlugin.class);

    private Studio studio;
    private ReflexWindow window;

    public ReflexMenuPlugin() {
        // Studio's plugin loader needs a public no-argument constructor.
    }

    @Override
    public void setContext(Studio context) {
        this.studio = context;
        StudioLog.attach(context.logs());
    }

    @Override
    public String getSubMenu() {
        return "Acquisition Tools";
    }

    /**
     * Opens the window. Studio loads the plugin with its own class loader while the Swing thread's context class
     * loader is the application's, which cannot see the services this jar brings (DJL's engines, the backend):
     * the plugin's loader is the context loader while the window is built, and on every thread the panel starts.
     */
    @Override
    public void onPluginSelected() {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(ReflexMenuPlugin.class.getClassLoader());
        try {
            open();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("The Reflex window could not open: {}", e.toString(), e);
            JOptionPane.showMessageDialog(null, "The Reflex window could not open: " + e
                    + ". Details are in Micro-Manager's CoreLog.", NAME, JOptionPane.ERROR_MESSAGE);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private void open() {
        if (window != null && !window.isClosed()) {
            window.show();
            return;
        }
        ReflexBackendFactory factory = findFactory();
        if (factory == null) {
            JOptionPane.showMessageDialog(null, "This Reflex jar has no acquisition backend (no "
                    + ReflexBackendFactory.class.getName() + " service). Install the complete reflex-mm-plugin jar "
                    + "in Micro-Manager's mmplugins folder.", NAME, JOptionPane.ERROR_MESSAGE);
            return;
        }
        MmCoreSession session = MmCoreSession.attach(studio.core());
        StudioSettingsStore store = new StudioSettingsStore(studio.profile().getSettings(ReflexMenuPlugin.class));
        window = new ReflexWindow(factory.create(session), store, studio.events(),
                blocked -> new SurveyController(session, new StudioPositionList(studio.positions()::getPositionList),
                        store, SurveyController.defaultFolder(), blocked, SwingUtilities::invokeLater));
        window.show();
    }

    private static ReflexBackendFactory findFactory() {
        Iterator<ReflexBackendFactory> it = ServiceLoader.load(ReflexBackendFactory.class,
                ReflexMenuPlugin.class.getClassLoader()).iterator();
        return it.hasNext() ? it.next() : null;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getHelpText() {
        return "Real-time denoising and detection on the camera stream, driving refocus, tracking, high-resolution "
                + "bursts and adaptive frame rate through a safety envelope.";
    }

    @Override
    public String getVersion() {
        String v = ReflexMenuPlugin.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }

    @Override
    public String getCopyright() {
        return "The Reflex authors";
    }
}
