package org.reflexscope.mm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelType;
import org.reflexscope.core.source.FrameSource.FillResult;
import org.reflexscope.core.source.FrameSourceException;

class MmCoreFrameSourceTest {
    private final DemoCore core = new DemoCore();

    private MmCoreFrameSource.Builder source() {
        return MmCoreFrameSource.builder().setCoreApi(core).optPollMicros(10);
    }

    /** Drains the source until end of stream, returning the image numbers seen and checking every pixel. */
    private List<Long> drain(MmCoreFrameSource s, FrameSlot slot, boolean checkPixels) throws Exception {
        List<Long> numbers = new ArrayList<>();
        while (true) {
            FillResult r = s.fill(slot, 5, TimeUnit.SECONDS);
            assertThat(r).isNotEqualTo(FillResult.TIMEOUT);
            if (r == FillResult.END_OF_STREAM) {
                return numbers;
            }
            numbers.add(slot.imageNumber());
            if (checkPixels) {
                long cameraNumber = slot.imageNumber() % 1_000_000;
                for (int i = 0; i < slot.pixelCount(); i += 97) {
                    float expected = core.expectedValue(cameraNumber, i)
                            + (slot.pixelType() == PixelType.GRAY32F ? 0.5f : 0f);
                    assertThat(slot.valueAt(i)).as("pixel %d of frame %d", i, slot.imageNumber()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void streamsEightBitFramesAsUnsignedValuesWithNothingLost() throws Exception {
        try (MmCoreFrameSource s = source().optFrameCount(20).build()) {
            assertThat(s.maxFormat().pixelType()).isEqualTo(PixelType.GRAY8);
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            List<Long> numbers = drain(s, slot, true);
            assertThat(numbers).hasSize(20).first().isEqualTo(0L);
            assertThat(numbers.get(19)).isEqualTo(19L);
            assertThat(s.framesLostUpstream()).isZero();
            assertThat(slot.width()).isEqualTo(64);
            assertThat(slot.height()).isEqualTo(48);
        }
        // frame 0 pixel 9 is 279 % 256 = 23, but frame 1 pixel 0 is 7919 % 256 = 239: stored as a negative byte
        assertThat(core.expectedValue(1, 0)).isGreaterThan(127);
    }

    @Test
    void sixteenBitPixelsAboveSignedRangeReadUnsigned() throws Exception {
        core.bytesPerPixel = 2;
        try (MmCoreFrameSource s = source().optFrameCount(10).build()) {
            assertThat(s.maxFormat().pixelType()).isEqualTo(PixelType.GRAY16);
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            assertThat(drain(s, slot, true)).hasSize(10);
            assertThat(core.expectedValue(5, 0)).isGreaterThan(32767);
        }
    }

    @Test
    void floatPixelsAreCopiedAsTheyAre() throws Exception {
        core.bytesPerPixel = 4;
        try (MmCoreFrameSource s = source().optFrameCount(5).build()) {
            assertThat(s.maxFormat().pixelType()).isEqualTo(PixelType.GRAY32F);
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            assertThat(drain(s, slot, true)).hasSize(5);
        }
    }

    @Test
    void openEndedRunsChainSequencesOnlyAfterDrainingEach() throws Exception {
        core.framesPerPoll = 3;
        try (MmCoreFrameSource s = source().optFrameCount(35).optSequenceLength(10).build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            List<Long> numbers = drain(s, slot, false);
            assertThat(numbers).hasSize(35);
            for (int i = 0; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo((long) i);
            }
            assertThat(core.sequencesStarted).isEqualTo(4);
            assertThat(core.framesClearedUnread).as("frames thrown away by starting a sequence early").isZero();
            assertThat(s.framesLostUpstream()).isZero();
        }
    }

    @Test
    void imageNumberGapsCountAsLostAndShowInTheNumbers() throws Exception {
        core.droppedNumbers.add(4L);
        core.droppedNumbers.add(5L);
        try (MmCoreFrameSource s = source().optFrameCount(12).build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            List<Long> numbers = drain(s, slot, true);
            assertThat(numbers).hasSize(10).doesNotContain(4L, 5L).contains(3L, 6L, 11L);
            assertThat(s.framesLostUpstream()).isEqualTo(2);
        }
    }

    @Test
    void numericTagsParseLikeStringTags() throws Exception {
        core.numberTagsAsStrings = false;
        try (MmCoreFrameSource s = source().optFrameCount(3).build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            s.fill(slot, 5, TimeUnit.SECONDS);
            double first = slot.cameraTimeMs();
            s.fill(slot, 5, TimeUnit.SECONDS);
            assertThat(slot.imageNumber()).isEqualTo(1);
            // the camera's 10 ms apart (unparsed, the pop times would be microseconds apart); the run clock's
            // start estimate may move by the start call's few microseconds between the two frames
            assertThat(slot.cameraTimeMs() - first).isCloseTo(10.0, within(0.1));
        }
    }

    @Test
    void bufferOverflowIsCountedAsDataLoss() throws Exception {
        core.bufferCapacity = 4;
        core.framesPerPoll = 10;
        try (MmCoreFrameSource s = source().optFrameCount(30).optSequenceLength(30).build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            List<Long> numbers = new ArrayList<>();
            // The demo camera overflows on the first poll (10 frames into 4 slots) and stops.
            while (s.fill(slot, 5, TimeUnit.SECONDS) == FillResult.FRAME && numbers.size() < 4) {
                numbers.add(slot.imageNumber());
            }
            assertThat(numbers).containsExactly(0L, 1L, 2L, 3L);
            assertThat(s.fill(slot, 5, TimeUnit.SECONDS)).as("the camera stopped on overflow: the stream ends")
                    .isEqualTo(FillResult.END_OF_STREAM);
            assertThat(s.bufferOverflows()).isEqualTo(1);
            assertThat(s.framesLostUpstream()).as("the frame the camera could not insert, not the 26 never taken")
                    .isEqualTo(1);
            assertThat(s.endedOutsideReflex()).contains("overflowed");
            assertThat(core.sequencesStarted).as("Reflex does not restart the camera").isEqualTo(1);
        }
    }

    @Test
    void metadataComesFromTheCacheAndTheFrameTags() throws Exception {
        MmCoreMicroscope scope = MmCoreMicroscope.builder().setCoreApi(core).build();
        try (MmCoreFrameSource s = source().optFrameCount(100_000).build()) {
            MmCoreMicroscope shared = MmCoreMicroscope.builder().setCoreApi(core).optStream(s).build();
            scope.moveZ(12.5);
            shared.setPreset("Objective", "20X");
            FrameSlot slot = new FrameSlot(s.maxFormat());
            long t0 = System.nanoTime();
            s.start();
            s.fill(slot, 5, TimeUnit.SECONDS);
            s.fill(slot, 5, TimeUnit.SECONDS);
            // the camera's 10 ms into its sequence, plus where the sequence started on the run clock
            assertThat(slot.cameraTimeMs()).isBetween(10.0, 10.0 + (System.nanoTime() - t0) / 1e6);
            assertThat(slot.stageZUm()).isEqualTo(12.5);
            assertThat(slot.pixelSizeUm()).isEqualTo(0.5);
            assertThat(slot.objective()).isEqualTo("20X");
            assertThat(slot.channel()).isEqualTo("DAPI");
            assertThat(slot.exposureMs()).isEqualTo(10.0);
            shared.moveZ(20);
            long moved = System.nanoTime();
            // frames taken before the move keep the Z they were taken at; the first one taken after it has the new Z
            do {
                s.fill(slot, 5, TimeUnit.SECONDS);
                if (slot.cameraNanos() < moved) {
                    assertThat(slot.stageZUm()).as("a frame taken before the move").isEqualTo(12.5);
                }
            } while (slot.cameraNanos() < moved);
            assertThat(slot.stageZUm()).as("refreshed on change by the microscope sharing the cache").isEqualTo(20.0);
        }
    }

    @Test
    void colourCamerasAreRefusedWithAnExplanation() {
        core.components = 4;
        assertThatThrownBy(() -> source().build()).isInstanceOf(FrameSourceException.class)
                .hasMessageContaining("RGB").hasMessageContaining("monochrome");
    }

    @Test
    void aPixelTypeChangeDuringTheRunStopsItWithAClearError() throws Exception {
        core.changeTypeAfter = 2;
        try (MmCoreFrameSource s = source().optFrameCount(10).build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            assertThat(s.fill(slot, 5, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
            assertThat(s.fill(slot, 5, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
            assertThatThrownBy(() -> s.fill(slot, 5, TimeUnit.SECONDS)).isInstanceOf(FrameSourceException.class)
                    .hasMessageContaining("GRAY16").hasMessageContaining("start it again");
        }
    }

    @Test
    void stopEndsTheStreamAfterDeliveredFrames() throws Exception {
        try (MmCoreFrameSource s = source().build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            assertThat(s.fill(slot, 5, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
            s.stop();
            FillResult r;
            int after = 0;
            while ((r = s.fill(slot, 5, TimeUnit.SECONDS)) == FillResult.FRAME) {
                after++;
            }
            assertThat(r).isEqualTo(FillResult.END_OF_STREAM);
            assertThat(after).isLessThanOrEqualTo(1);
            assertThat(core.running()).isFalse();
            assertThat(s.framesLostUpstream()).as("frames not taken after a stop are not lost").isZero();
        }
    }

    @Test
    void continuousModeCountsOverwrittenFramesThroughImageNumbers() throws Exception {
        core.bufferCapacity = 5;
        core.framesPerPoll = 8;
        try (MmCoreFrameSource s = source().optMode(MmCoreFrameSource.Mode.CONTINUOUS_LOSSY).build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            List<Long> numbers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                assertThat(s.fill(slot, 5, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
                numbers.add(slot.imageNumber());
            }
            s.stop();
            assertThat(numbers).isSorted();
            assertThat(s.framesLostUpstream()).isEqualTo(numbers.get(5) - 5);
            assertThat(s.framesLostUpstream()).isPositive();
        }
    }

    @Test
    void aSequenceStoppedBySomeoneElseEndsTheRunWithoutLoss() throws Exception {
        core.framesPerPoll = 1;
        try (MmCoreFrameSource s = source().build()) {
            FrameSlot slot = new FrameSlot(s.maxFormat());
            s.start();
            for (int i = 0; i < 5; i++) {
                assertThat(s.fill(slot, 5, TimeUnit.SECONDS)).isEqualTo(FillResult.FRAME);
            }
            core.stopSequenceAcquisition();   // e.g. Studio's Stop button
            List<Long> rest = drain(s, slot, false);
            assertThat(s.framesLostUpstream()).isZero();
            assertThat(s.endedOutsideReflex()).contains("stopped outside Reflex");
            assertThat(core.sequencesStarted).as("Reflex does not restart the camera").isEqualTo(1);
            assertThat(5 + rest.size()).isEqualTo(s.framesDelivered());
        }
    }

    @Test
    void closingASourceThatNeverStartedLeavesSomeoneElsesSequenceRunning() throws Exception {
        core.startContinuousSequenceAcquisition(0);   // e.g. Studio's live mode
        MmCoreFrameSource s = source().build();
        s.close();
        assertThat(core.running()).isTrue();
    }

    @Test
    void startingTwiceIsRefused() throws Exception {
        try (MmCoreFrameSource s = source().optFrameCount(3).build()) {
            s.start();
            assertThatThrownBy(s::start).isInstanceOf(FrameSourceException.class).hasMessageContaining("already");
        }
    }
}
