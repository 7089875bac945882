/**
 * A survey's run folder: the tiles and visit stacks as NDTiff datasets written as they arrive
 * ({@link org.reflexscope.policy.survey.record.SurveyRecording}; a grid's tiles also as one stitched NDTiff tiled
 * dataset, {@code SurveyMosaic}), the target table
 * ({@link org.reflexscope.policy.survey.record.TargetTable}) and the overview picture with the targets marked
 * ({@link org.reflexscope.policy.survey.record.OverviewPicture}). Shared by {@code reflex survey} and the
 * Micro-Manager panel, so both write the same folder.
 */
package org.reflexscope.policy.survey.record;
