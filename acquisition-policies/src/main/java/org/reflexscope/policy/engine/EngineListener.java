package org.reflexscope.policy.engine;

import org.reflexscope.policy.hardware.AcquiredStack;
import org.reflexscope.policy.log.DecisionRecord;

/**
 * Receives what the policy engine does, declared once here with its payloads.
 *
 * <p><b>Thread.</b> Every method is called on the engine's decision thread ({@code reflex-decide}), in order, and
 * must return quickly (hand slow work such as saving a stack to another thread, or accept that decisions wait).
 * <b>Errors.</b> An exception thrown by a listener is logged and counted ({@link EngineCounters#listenerErrors()})
 * and never stops the engine.
 */
public interface EngineListener {

    /** Lifecycle changes, hardware failures, manual override and watchdog changes. */
    default void onEvent(EngineEvent event) {
    }

    /** Every decision, once complete (after execution if a plan ran): the same record the decision log gets. */
    default void onDecision(DecisionRecord decision) {
    }

    /** A burst or z-stack acquired by an executed plan (high-resolution trigger); the frames are immutable copies. */
    default void onStack(AcquiredStack stack) {
    }
}
