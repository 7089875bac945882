package org.reflexscope.sim.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Faults scripted by a scenario (more can be injected at run time through the microscope's fault injector):
 * camera frames dropped at given image numbers, a camera that freezes from a given image number on.
 */
public final class FaultSettings {
    private final List<Long> dropImageNumbers;
    private final long freezeAtImageNumber;

    FaultSettings() {
        dropImageNumbers = new ArrayList<>();
        freezeAtImageNumber = -1;
    }

    void validate() {
        Check.notNull("faults.dropImageNumbers", dropImageNumbers);
        for (int i = 0; i < dropImageNumbers.size(); i++) {
            Check.range("faults.dropImageNumbers[" + i + "]", Check.notNull("faults.dropImageNumbers[" + i + "]",
                    dropImageNumbers.get(i)), 0, Long.MAX_VALUE);
        }
        Check.range("faults.freezeAtImageNumber", freezeAtImageNumber, -1, Long.MAX_VALUE);
    }

    /** Image numbers the camera loses (gaps in the stream, counted as lost upstream). */
    public List<Long> dropImageNumbers() {
        return Collections.unmodifiableList(dropImageNumbers);
    }

    /** From this image number on the camera delivers nothing (fill times out); −1 = never. */
    public long freezeAtImageNumber() {
        return freezeAtImageNumber;
    }
}
