package org.reflexscope.policy.survey;

/** A survey cannot start or go on: a tile or visit the safety envelope refuses, or bad survey settings. */
public final class SurveyException extends Exception {
    private static final long serialVersionUID = 1L;

    public SurveyException(String message) {
        super(message);
    }

    public SurveyException(String message, Throwable cause) {
        super(message, cause);
    }
}
