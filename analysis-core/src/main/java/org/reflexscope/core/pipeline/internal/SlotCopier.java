package org.reflexscope.core.pipeline.internal;

import org.reflexscope.core.frame.FrameSlot;

/** Copies a frame (pixels, metadata, timestamps) from one slot into another without allocating. */
public final class SlotCopier {
    private SlotCopier() {
    }

    /**
     * Copies {@code src} into {@code dst}, which must have the same capacity.
     *
     * @return {@code false} if {@code src} holds a size that cannot be a frame (a torn read of a slot being
     *     rewritten); {@code dst} is then partly written
     */
    public static boolean copy(FrameSlot src, FrameSlot dst) {
        int w = src.width();
        int h = src.height();
        if (w <= 0 || h <= 0 || (long) w * h > dst.capacity().pixelCount()) {
            return false;
        }
        dst.setSize(w, h);
        System.arraycopy(src.pixelArray(), 0, dst.pixelArray(), 0, w * h);
        dst.setSequence(src.sequence());
        dst.setCameraNanos(src.cameraNanos());
        dst.setPublishedNanos(src.publishedNanos());
        dst.setImageNumber(src.imageNumber());
        dst.setCameraTimeMs(src.cameraTimeMs());
        dst.setExposureMs(src.exposureMs());
        dst.setStage(src.stageXUm(), src.stageYUm(), src.stageZUm());
        dst.setPixelSizeUm(src.pixelSizeUm());
        dst.setBinning(src.binning());
        dst.setRoiOffset(src.roiX(), src.roiY());
        String channel = src.channel();
        String objective = src.objective();
        if (channel == null || objective == null) {
            return false;
        }
        dst.setChannel(channel);
        dst.setObjective(objective);
        dst.tags().clear();
        if (!src.tags().isEmpty()) {
            dst.tags().putAll(src.tags());
        }
        return true;
    }
}
