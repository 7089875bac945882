package org.reflexscope.core.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.reflexscope.core.detect.BlobMeasurer;
import org.reflexscope.core.detect.Candidates;
import org.reflexscope.core.detect.ComponentDecoder;
import org.reflexscope.core.detect.Detection;
import org.reflexscope.core.detect.EventScorer;
import org.reflexscope.core.detect.PeakDecoder;
import org.reflexscope.core.events.DivisionTrendEventScorer;
import org.reflexscope.core.focus.FocusMeasure;
import org.reflexscope.core.frame.FrameFormat;
import org.reflexscope.core.frame.FrameMetadata;
import org.reflexscope.core.frame.FrameSlot;
import org.reflexscope.core.frame.PixelCalibration;
import org.reflexscope.core.inference.Device;
import org.reflexscope.core.inference.InferenceRuntime;
import org.reflexscope.core.inference.ModelCatalog;
import org.reflexscope.core.inference.ModelLoadException;
import org.reflexscope.core.inference.ModelRunException;
import org.reflexscope.core.inference.ModelRunner;
import org.reflexscope.core.inference.ModelSource;
import org.reflexscope.core.inference.Normalization;
import org.reflexscope.core.inference.OutputKind;

/**
 * The per-frame analysis: crop + bin → denoise → normalise → detect → measure, plus a focus score and per-frame
 * scores, producing an {@link AnalysisResult} with the duration of each step.
 *
 * <pre>{@code
 * try (AnalysisChain chain = AnalysisChain.builder().optBinning(4).optDevice(Device.AUTO).build()) {
 *     AnalysisResult r = chain.analyze(slot);
 * }
 * }</pre>
 *
 * <p><b>Steps</b> (names in {@link AnalysisResult#stepNanos()}): {@code bin} (ROI crop, binning by block mean,
 * unsigned → float, in camera units), {@code denoise} (default: {@link ModelCatalog#denoiser()}), {@code detect}
 * (the chain's {@link Normalization} then the detector; default {@link ModelCatalog#detector()}), {@code measure}
 * (centroid, size, intensity, elongation; pixel coordinates mapped back to the original frame and to stage µm),
 * {@code focus} (on the binned image before denoising; default {@link FocusMeasure#normalizedVariance()}),
 * {@code score} (a {@link OutputKind#FRAME_SCORE} classifier model if given, else the {@link EventScorer}; default
 * {@link DivisionTrendEventScorer#defaults()} stored as {@link AnalysisResult#EVENT_SCORE}). Each model step can be
 * switched off ({@code null}) or replaced. When neither the denoiser nor the detector is replaced, both run as one
 * fused session ({@link ModelCatalog#denoiseDetector()}: detection on the denoiser's variance-stabilised image at
 * half resolution, no normalisation; {@code denoise} then times the fused session and {@code detect} the decoding);
 * {@link Builder#optFusedDefaultModels(boolean) optFusedDefaultModels(false)} runs the standalone models.
 *
 * <p><b>Threads and ownership.</b> {@link #analyze}, {@link #ingest} and {@link #analyzeIngested} are called from
 * one thread (the pipeline's analyzer thread); buffers are preallocated at the first frame of a size and reused. In
 * the pipeline the chain reads the ring slot in place ({@link IngestingFrameAnalyzer}): only the binned image is
 * copied out of the ring. The chain owns its models and closes them.
 *
 * <p><b>Failures.</b> {@link #analyze} throws {@link ModelRunException} when a model fails or produces NaN/Inf, and
 * {@link IllegalArgumentException} for an ROI outside the frame; the pipeline isolates both.
 *
 * <p><b>Why one class.</b> It is one {@link IngestingFrameAnalyzer}: the steps run in a fixed order on one thread
 * over buffers preallocated per frame size, and every detection is mapped back through the same ROI, binning and
 * calibration. The steps' algorithms are their own classes ({@link FrameBinner}, {@code DenoiseDetectStep}, the
 * decoders, the measurer, {@link FocusMeasure}, {@link EventScorer}); what stays here is their order, the shared
 * buffers and, in over a quarter of the file, the builder documenting each option and its default.
 */
public final class AnalysisChain implements IngestingFrameAnalyzer {
    /**
     * Default noise multiple of the fused default model's adaptive threshold: its half-resolution local maxima are
     * fewer and less spread than the standalone detector's; 5.5 recovers most of the dim-spot recall that 6 loses
     * there without the false detections that 5 adds (four seeds, docs/inference.md).
     */
    static final double FUSED_NOISE_SIGMAS = 5.5;
    /**
     * Median of the fused default detector's local-maximum responses on white noise of σ 1 (VST units): with
     * {@link #UNIT_NOISE_MAXIMA_SD} the noise model of its adaptive threshold, scaled by each frame's measured pixel
     * noise ({@link PixelNoise}). Measured on Poisson frames of 20, 100 and 1000 counts, bins 1 and 2;
     * {@code FusedThresholdTest} checks it.
     */
    static final double UNIT_NOISE_MAXIMA_MEDIAN = 0.3285;
    /** Robust standard deviation (1.4826 MAD) of the same local maxima. */
    static final double UNIT_NOISE_MAXIMA_SD = 0.1236;
    /** Default noise multiple of the standalone detector's adaptive threshold. */
    static final double STANDALONE_NOISE_SIGMAS = 6;
    /**
     * Object diameter, in analysed pixels, that the default detector's scales fit best (blob σ 1.3–3.2 analysed
     * pixels): {@link #binningForObjectDiameter} bins objects to about this size.
     */
    public static final double TARGET_OBJECT_DIAMETER_PX = 7;
    /** Default cap on detections per frame; more are counted in {@link #detectionsDropped()}, never silently lost. */
    public static final int DEFAULT_MAX_DETECTIONS = 10_000;
    /** Frames (after warm-up) whose flat blocks estimate the camera's gain and read noise; then they are held. */
    public static final int ESTIMATE_FRAMES = 4;
    /** Weaker detections closer than this fraction of the object diameter to a stronger one are the same object. */
    static final double SAME_OBJECT_FRACTION = 0.4;

    private final Settings settings;
    private final FrameBinner binner;
    // What the last ingest() took from its slot (the binned pixels are in the binner).
    private long inSequence;
    private FrameMetadata inMetadata;
    private int inWidth;
    private int inHeight;
    private long inCameraNanos;
    private long inPublishedNanos;
    private long inBinNanos;
    private double inSaturated;
    private final ModelRunner denoiser;
    private final ModelRunner detector;
    private final DenoiseDetectStep fused;
    private final OutputKind detectorKind;
    private final double threshold;
    private final double noiseSigmas;
    private final String detectorLabel;
    private final ModelRunner classifier;
    private final String classifierScore;
    private final PeakDecoder peaks;
    private final PeakDecoder fusedPeaks = new PeakDecoder(ModelCatalog.denoiseDetectorBlobSigmas());
    private final ComponentDecoder components = new ComponentDecoder(2);
    private final ComponentDecoder probabilityComponents = new ComponentDecoder(2, true);
    private final BlobMeasurer measurer;
    /** While {@link #warmUp} runs: the event scorer is left out. */
    private boolean warming;
    private final Candidates candidates;
    private final int[] scratch = new int[Normalization.HISTOGRAM_BINS];
    private float[] detectInput = new float[0];
    private int[] order = new int[0];
    private int[] orderScratch = new int[0];
    /**
     * The camera model in use: as built, then with the gain and read noise estimated from the first frames (written
     * by the analyzer thread, read by whoever reports it: volatile, the model is immutable).
     */
    private volatile CameraModel camera;
    private double lastOffset = Double.NaN;
    private final NoiseLevelFunction frameLevels = new NoiseLevelFunction();
    private final NoiseLevelFunction pairLevels = new NoiseLevelFunction();
    private float[] previous = new float[0];
    private int previousWidth;
    private int previousHeight;
    private final boolean estimateGain;
    private final boolean estimateReadNoise;
    private int framesEstimated;
    private NoiseLevelFunction.Fit noiseFit;
    /** Whether a noise level function has been fitted on this run's frames (until then the defaults are stated). */
    private boolean noiseFitted;
    private long detectionsDropped;
    private double calibratedPixelSize = Double.NaN;
    private PixelCalibration frameCalibration;
    private boolean closed;

    private AnalysisChain(Settings s, ModelRunner denoiser, ModelRunner detector, DenoiseDetectStep fused,
            ModelRunner classifier, CameraModel camera) {
        this.settings = s;
        this.camera = camera;
        this.estimateGain = fused != null && camera.isGainToEstimate();
        this.estimateReadNoise = fused != null && camera.isReadNoiseToEstimate();
        this.binner = new FrameBinner(s.binning);
        this.denoiser = denoiser;
        this.detector = detector;
        this.fused = fused;
        this.detectorKind = fused != null ? OutputKind.BLOB_RESPONSE
                : detector == null ? null : detector.model().spec().outputKind();
        this.threshold = s.threshold != null ? s.threshold
                : fused != null ? fused.model().spec().threshold()
                : detector == null ? 0 : detector.model().spec().threshold();
        this.noiseSigmas = s.noiseSigmas != null ? s.noiseSigmas
                : fused != null ? FUSED_NOISE_SIGMAS : STANDALONE_NOISE_SIGMAS;
        this.detectorLabel = fused != null ? fused.model().spec().label()
                : detector == null ? "" : detector.model().spec().label();
        this.classifier = classifier;
        this.classifierScore = classifier == null ? "" : classifier.model().spec().scoreName();
        this.peaks = new PeakDecoder(ModelCatalog.detectorBlobSigmas());
        this.candidates = new Candidates(s.maxDetections);
        this.measurer = new BlobMeasurer(s.eventScorer != null && s.eventScorer.usesFlux());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Analyses {@code frames} synthetic frames of {@code format} (a seeded field of Gaussian spots on an offset and
     * background, with Poisson-like noise) and discards the results, so that the first real frames do not pay for
     * the JIT compilation of the hot paths (measured in docs/benchmarks/inference.md). The event scorer is not
     * called, so no object history is left behind. Call before a run, on the analysis thread or before it starts.
     *
     * @throws ModelRunException if a model fails on the synthetic frames (it would on real ones too)
     */
    @Override
    public void warmUp(FrameFormat format, int frames) throws ModelRunException {
        if (frames <= 0) {
            return;
        }
        FrameSlot slot = WarmUpFrame.of(format);
        warming = true;
        try {
            for (int i = 0; i < frames; i++) {
                ingest(slot);
                analyzeIngested();
            }
        } finally {
            warming = false;
        }
    }

    /**
     * Analyses one synthetic frame of {@code format} (as {@link #warmUp}) and refuses the format if the chain fails on
     * it: a frame too small for the models after this chain's ROI and binning, say.
     *
     * @throws IllegalArgumentException with the chain's reason, e.g. the smallest analysis image the models take
     */
    @Override
    public void checkFormat(FrameFormat format) {
        try {
            warmUp(format, 1);
        } catch (ModelRunException e) {
            throw new IllegalArgumentException("Frames of " + format.width() + "x" + format.height() + " cannot be "
                    + "analysed: " + e.getMessage(), e);
        }
    }

    /**
     * Phase one (see {@link IngestingFrameAnalyzer}): takes the frame's sequence, metadata, size and timestamps, and
     * crops and bins its pixels into this chain's own image. Reads the slot only; in the pipeline the slot is the
     * ring's own, read in place (no frame copy) and validated afterwards.
     */
    @Override
    public void ingest(FrameSlot slot) {
        long t0 = System.nanoTime();
        inSequence = slot.sequence();
        inMetadata = slot.metadata();
        inWidth = slot.width();
        inHeight = slot.height();
        inCameraNanos = slot.cameraNanos();
        inPublishedNanos = slot.publishedNanos();
        binner.bin(slot, settings.roiX, settings.roiY, settings.roiWidth, settings.roiHeight);
        inSaturated = SaturationMeter.fraction(slot);
        inBinNanos = System.nanoTime() - t0;
    }

    /** Both phases on a slot no one writes meanwhile (offline analysis, tests, benchmarks). */
    @Override
    public AnalysisResult analyze(FrameSlot slot) throws ModelRunException {
        ingest(slot);
        return analyzeIngested();
    }

    /** Phase two: denoise, detect, measure, focus and score on what the last {@link #ingest} took. */
    @Override
    public AnalysisResult analyzeIngested() throws ModelRunException {
        AnalysisResult.Builder r = AnalysisResult.builder(inSequence, inMetadata).optFrameSize(inWidth, inHeight);
        EventScorer scorer = warming ? null : settings.eventScorer;
        float[] raw = binner.image();
        int w = binner.width();
        int h = binner.height();
        int n = w * h;
        long t1 = System.nanoTime();
        r.optStepNanos("bin", inBinNanos);
        r.optScore(AnalysisResult.SATURATION_SCORE, inSaturated);
        if (scorer != null) {
            scorer.beginFrame(inMetadata);
        }

        float[] image = raw;
        List<Detection> detections = List.of();
        if (fused != null) {
            double offset = camera.offset();
            if (camera.isOffsetPerFrame()) {
                offset = CameraModel.estimateOffset(raw, n, scratch);
                fused.setOffset(offset);
                if (!warming) {
                    lastOffset = offset;
                }
            }
            if (!warming && framesEstimated < ESTIMATE_FRAMES && (estimateGain || estimateReadNoise)) {
                estimateNoise(raw, w, h, offset);
            }
            fused.run(raw, w, h);
            image = fused.denoised();
            long t2 = System.nanoTime();
            r.optStepNanos("denoise", t2 - t1);
            double frameThreshold = fusedThreshold(fused.noiseSigma());
            fusedPeaks.decode(fused.nms(), fused.scale(), fused.gridWidth(), fused.gridHeight(), 2,
                    frameThreshold, 0, candidates);
            r.optScore(AnalysisResult.DETECTION_THRESHOLD_SCORE, frameThreshold);
            r.optScore(AnalysisResult.STRUCTURE_SCORE, fused.structure());
            countDropped();
            fused.refineSeeds(candidates);
            long t3 = System.nanoTime();
            r.optStepNanos("detect", t3 - t2);
            measurer.measure(image, w, h, candidates);
            detections = toDetections();
            t1 = System.nanoTime();
            r.optStepNanos("measure", t1 - t3);
        } else if (denoiser != null) {
            denoiser.run(raw, w, h);
            if (denoiser.outputLength(0) != n) {
                throw new ModelRunException("Denoiser '" + denoiser.model().name() + "' returned "
                        + denoiser.outputLength(0) + " values for a " + w + "x" + h + " image: a denoiser must "
                        + "return an image of its input's size");
            }
            image = denoiser.output(0);
            long t2 = System.nanoTime();
            r.optStepNanos("denoise", t2 - t1);
            t1 = t2;
        }

        if (detector != null) {
            if (detectInput.length < n) {
                detectInput = new float[n];
            }
            System.arraycopy(image, 0, detectInput, 0, n);
            settings.normalization.apply(detectInput, 0, n, scratch);
            detector.run(detectInput, w, h);
            decode(image, w, h);
            countDropped();
            long t2 = System.nanoTime();
            r.optStepNanos("detect", t2 - t1);
            t1 = t2;
            if (detectorKind == OutputKind.BLOB_RESPONSE) {
                measurer.measure(image, w, h, candidates);
            }
            detections = toDetections();
            long t3 = System.nanoTime();
            r.optStepNanos("measure", t3 - t1);
            t1 = t3;
        }

        if (settings.focus != null) {
            r.optFocus(settings.focus.measure(raw, w, h), settings.focus.name());
            long t2 = System.nanoTime();
            r.optStepNanos("focus", t2 - t1);
            t1 = t2;
        }

        if (classifier != null) {
            if (detectInput.length < n) {
                detectInput = new float[n];
            }
            System.arraycopy(image, 0, detectInput, 0, n);
            settings.normalization.apply(detectInput, 0, n, scratch);
            classifier.run(detectInput, w, h);
            r.optScore(classifierScore, classifier.output(0)[classifier.outputLength(0) - 1]);
        } else if (scorer != null) {
            r.optScore(AnalysisResult.EVENT_SCORE, scorer.score(detections));
        }
        if (classifier != null || scorer != null) {
            long t2 = System.nanoTime();
            r.optStepNanos("score", t2 - t1);
        }
        r.addDetections(detections);
        return r.optTimestamps(inCameraNanos, inPublishedNanos, System.nanoTime()).build();
    }

    /**
     * Fits the noise level function ({@link NoiseLevelFunction}) and applies the gain and read noise it gives (the
     * binned image's slope is the camera gain over binning²): on the first frame from its flat blocks, from the
     * second on from the differences of consecutive frames (photon transfer; the single-frame fit if that one fails).
     * After {@link #ESTIMATE_FRAMES} frames the values are held; while no line could be fitted, the defaults are
     * stated with the reason (so a run shorter than that states what it used).
     */
    private void estimateNoise(float[] raw, int w, int h, double offset) {
        framesEstimated++;
        boolean big = w >= NoiseLevelFunction.BLOCK && h >= NoiseLevelFunction.BLOCK;
        if (big && framesEstimated == 1) {
            frameLevels.add(raw, w, h);
        } else if (big && w == previousWidth && h == previousHeight) {
            pairLevels.addPair(previous, raw, w, h);
        }
        if (framesEstimated < ESTIMATE_FRAMES) {
            if (previous.length < w * h) {
                previous = new float[w * h];
            }
            System.arraycopy(raw, 0, previous, 0, w * h);
            previousWidth = w;
            previousHeight = h;
        } else {
            previous = new float[0];
        }
        NoiseLevelFunction.Fit fit = pairLevels.blocks() > 0 ? pairLevels.fit() : null;
        boolean pairs = fit != null && fit.ok();
        if (!pairs) {
            NoiseLevelFunction.Fit single = frameLevels.fit();
            fit = fit == null || single.ok() ? single : fit;
        }
        noiseFit = fit;
        int b = binner.factor();
        String how = String.format(Locale.ROOT, pairs ? "photon transfer over %d blocks of %dx%d in %d levels of %d "
                + "consecutive frame pair(s)%s" : "noise level function over %d flat %dx%d blocks in %d levels of %d "
                + "frame(s)%s", fit.blocks(), NoiseLevelFunction.BLOCK, NoiseLevelFunction.BLOCK, fit.levels(),
                fit.images(), b > 1 ? " binned " + b + "x" + b : "");
        CameraModel next = camera;
        if (fit.ok()) {
            double gain = estimateGain ? fit.cameraGain(b) : camera.gain();
            if (estimateGain) {
                next = next.withGain(gain, CameraModel.Source.ESTIMATED, how);
            }
            if (estimateReadNoise) {
                double darkVariance = Math.max(0, fit.slope() * offset + fit.intercept()) * b * b;
                next = next.withReadNoise(Math.sqrt(darkVariance) / gain, CameraModel.Source.ESTIMATED, how
                        + (camera.isOffsetPerFrame() ? String.format(Locale.ROOT, ", at the frame's estimated offset "
                        + "%.1f (with the shot noise of the background the field shares)", offset)
                        : String.format(Locale.ROOT, ", at the offset %.1f", offset)));
            }
            fused.setNoise(next.gain(), next.readNoise());
            noiseFitted = true;
        } else if (framesEstimated >= ESTIMATE_FRAMES || !noiseFitted) {
            String why = "not estimated from " + framesEstimated + " frame(s)"
                    + (framesEstimated < ESTIMATE_FRAMES ? " so far" : "") + ": " + fit.failure();
            if (estimateGain) {
                next = next.withGain(CameraModel.DEFAULT_GAIN, CameraModel.Source.DEFAULT, why);
            }
            if (estimateReadNoise) {
                next = next.withReadNoise(CameraModel.DEFAULT_READ_NOISE, CameraModel.Source.DEFAULT, why);
            }
        }
        camera = next;
    }

    /**
     * The fused detector's threshold for a frame whose pixel noise is {@code sigma} (VST units): the absolute
     * threshold, or {@link #UNIT_NOISE_MAXIMA_MEDIAN} + k · {@link #UNIT_NOISE_MAXIMA_SD} noise σ if higher (k =
     * the noise sigmas), what the detector's local maxima on pure noise of that σ reach.
     */
    private double fusedThreshold(double sigma) {
        if (noiseSigmas <= 0 || !(sigma > 0)) {
            return threshold;
        }
        return Math.max(threshold, sigma * (UNIT_NOISE_MAXIMA_MEDIAN + noiseSigmas * UNIT_NOISE_MAXIMA_SD));
    }

    private void countDropped() {
        if (!warming) {
            detectionsDropped += candidates.dropped();
        }
    }

    private void decode(float[] image, int w, int h) {
        switch (detectorKind) {
            case BLOB_RESPONSE:
                if (detector.outputCount() < 2) {
                    throw new IllegalStateException("A blob-response detector needs outputs (nms, scale), '"
                            + detector.model().name() + "' has " + detector.outputCount());
                }
                peaks.decode(detector.output(0), detector.output(1), w, h, threshold, noiseSigmas,
                        candidates);
                break;
            case PROBABILITY_MAP:
                probabilityComponents.decode(detector.output(0), image, w, h, false, threshold, candidates);
                break;
            case LABEL_MASK:
                components.decode(detector.output(0), image, w, h, true, threshold, candidates);
                break;
            default:
                throw new IllegalStateException("Detector kind " + detectorKind + " cannot produce detections");
        }
    }

    private List<Detection> toDetections() {
        int count = candidates.size();
        if (order.length < count) {
            order = new int[candidates.capacity()];
            orderScratch = new int[candidates.capacity()];
        }
        sortByScore(count);
        PixelCalibration cal = calibration(inMetadata.pixelSizeUm());
        double cxFrame = (inWidth - 1) / 2.0;
        double cyFrame = (inHeight - 1) / 2.0;
        double stageX = inMetadata.stageXUm();
        double stageY = inMetadata.stageYUm();
        int f = binner.factor();
        double sameObject = SAME_OBJECT_FRACTION * settings.objectDiameterPx;
        List<Detection> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int i = order[k];
            double x = binner.toFrameX(candidates.x(i));
            double y = binner.toFrameY(candidates.y(i));
            if (sameObject > 0 && nearAny(out, x, y, sameObject)) {
                continue;
            }
            double size = Double.isNaN(candidates.area(i)) ? 2 * Math.sqrt(2) * candidates.sigma(i) * f
                    : 2 * Math.sqrt(candidates.area(i) / Math.PI) * f;
            Detection.Builder d = Detection.builder(x, y).optId(out.size()).optSizePx(size)
                    .optScore(candidates.score(i))
                    .optIntensity(candidates.intensity(i)).optElongation(candidates.elongation(i))
                    .optFlux(candidates.flux(i) * f * f)
                    .optLabel(detectorLabel);
            if (cal != null && Double.isFinite(stageX) && Double.isFinite(stageY)) {
                double dx = x - cxFrame;
                double dy = y - cyFrame;
                d.optStage(stageX + cal.dxUm(dx, dy), stageY + cal.dyUm(dx, dy));
            }
            Detection det = d.build();
            if (settings.eventScorer != null && !warming) {
                String label = settings.eventScorer.label(det, detectorLabel);
                if (!label.equals(detectorLabel)) {
                    det = det.toBuilder().optLabel(label).build();
                }
            }
            out.add(det);
        }
        return out;
    }

    /** Whether a detection of {@code kept} (the stronger ones) lies within {@code radius} frame pixels of (x, y). */
    private static boolean nearAny(List<Detection> kept, double x, double y, double radius) {
        double r2 = radius * radius;
        for (int j = 0; j < kept.size(); j++) {
            Detection d = kept.get(j);
            double dx = d.xPx() - x;
            double dy = d.yPx() - y;
            if (dx * dx + dy * dy < r2) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sorts candidate indices {@code 0..count-1} into {@link #order} by descending score, stably (equal scores keep
     * index order; NaN first, as {@link Double#compare}): insertion-sorted runs of 16 merged bottom-up, on primitive
     * arrays (no boxed indices, no comparator object).
     */
    private void sortByScore(int count) {
        int[] a = order;
        int[] b = orderScratch;
        for (int i = 0; i < count; i++) {
            a[i] = i;
        }
        final int run = 16;
        for (int lo = 0; lo < count; lo += run) {
            int hi = Math.min(count, lo + run);
            for (int i = lo + 1; i < hi; i++) {
                int key = a[i];
                double ks = candidates.score(key);
                int j = i - 1;
                while (j >= lo && Double.compare(ks, candidates.score(a[j])) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = key;
            }
        }
        for (int width = run; width < count; width *= 2) {
            for (int lo = 0; lo < count; lo += 2 * width) {
                int mid = Math.min(count, lo + width);
                int hi = Math.min(count, lo + 2 * width);
                int l = lo;
                int r = mid;
                for (int k = lo; k < hi; k++) {
                    if (l < mid && (r >= hi
                            || Double.compare(candidates.score(a[r]), candidates.score(a[l])) <= 0)) {
                        b[k] = a[l++];
                    } else {
                        b[k] = a[r++];
                    }
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        if (a != order) {
            System.arraycopy(a, 0, order, 0, count);
        }
    }

    private PixelCalibration calibration(double px) {
        if (settings.calibration != null) {
            return settings.calibration;
        }
        if (!(px > 0)) {
            return null;
        }
        if (px != calibratedPixelSize) {
            frameCalibration = PixelCalibration.ofPixelSize(px);
            calibratedPixelSize = px;
        }
        return frameCalibration;
    }

    /**
     * The camera model the chain uses; with an estimated offset, the offset of the last analysed frame (warm-up
     * frames aside), {@code NaN} before the first.
     */
    public CameraModel camera() {
        return camera.isOffsetPerFrame() ? camera.withOffset(lastOffset) : camera;
    }

    /**
     * The last fit of the noise level function on the first analysed frames (gain and read noise to estimate, default
     * chain), {@code null} if none was made.
     */
    public NoiseLevelFunction.Fit noiseFit() {
        return noiseFit;
    }

    /**
     * The detection threshold of the last analysed frame (the blob detectors' response units: VST units for the
     * default chain), {@code NaN} before the first or with a detector that has none.
     */
    public double lastDetectionThreshold() {
        return fused != null ? fusedPeaks.lastThreshold()
                : detectorKind == OutputKind.BLOB_RESPONSE ? peaks.lastThreshold() : Double.NaN;
    }

    /**
     * The pixel noise σ of the last analysed frame in the default chain's variance-stabilised units (about 1 when
     * the camera model's gain and read noise are right; {@code NaN} before the first frame or without the default
     * denoiser + detector).
     */
    public double lastNoiseSigma() {
        return fused != null ? fused.noiseSigma() : Double.NaN;
    }

    /** The analysis binning factor. */
    public int binning() {
        return binner.factor();
    }

    /**
     * Detections left out over all analysed frames because a frame held more than {@link Builder#optMaxDetections
     * the cap} (the weakest ones): non-zero means the cap is too low for the field, and callers should say so.
     */
    public long detectionsDropped() {
        return detectionsDropped;
    }

    /**
     * The analysis binning that brings objects of {@code diameterPx} frame pixels to about {@link
     * #TARGET_OBJECT_DIAMETER_PX} analysed pixels: {@code max(1, round(diameterPx / 7))}, at most 64; 1 when the
     * diameter is not a positive number.
     */
    public static int binningForObjectDiameter(double diameterPx) {
        if (!(diameterPx > 0) || Double.isInfinite(diameterPx)) {
            return 1;
        }
        return (int) Math.max(1, Math.min(64, Math.round(diameterPx / TARGET_OBJECT_DIAMETER_PX)));
    }

    /** A short description of the chain's steps and models (for logs and run folders). */
    public String describe() {
        return "AnalysisChain{roi=" + (settings.roiWidth <= 0 ? "full" : settings.roiX + "," + settings.roiY + ","
                + settings.roiWidth + "x" + settings.roiHeight) + ", binning=" + settings.binning
                + (settings.objectDiameterPx > 0 ? ", object diameter=" + settings.objectDiameterPx + " px" : "")
                + ", " + camera() + ", denoiser="
                + (fused != null ? "fused with the detector" : denoiser == null ? "off"
                : denoiser.model().name() + " on " + denoiser.model().device())
                + ", normalization=" + (fused != null ? "none (VST units)" : settings.normalization.toString())
                + ", detector=" + (fused != null ? fused.model().name() + " on " + fused.model().device()
                + " (threshold " + threshold + ", noise sigmas " + noiseSigmas + ")"
                : detector == null ? "off" : detector.model().name() + " (" + detectorKind + ", threshold "
                + threshold + (detectorKind == OutputKind.BLOB_RESPONSE ? ", noise sigmas " + noiseSigmas : "")
                + ")") + ", focus=" + (settings.focus == null ? "off" : settings.focus.name())
                + ", score=" + (classifier != null ? classifier.model().name()
                : settings.eventScorer == null ? "off" : settings.eventScorer.getClass().getSimpleName()) + '}';
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (denoiser != null) {
            denoiser.close();
        }
        if (detector != null) {
            detector.close();
        }
        if (fused != null) {
            fused.close();
        }
        if (classifier != null) {
            classifier.close();
        }
    }

    private static final class Settings {
        int roiX;
        int roiY;
        int roiWidth;
        int roiHeight;
        int binning = 1;
        Normalization normalization = Normalization.percentile(1, 99.8);
        FocusMeasure focus = FocusMeasure.normalizedVariance();
        EventScorer eventScorer = DivisionTrendEventScorer.defaults();
        PixelCalibration calibration;
        Double threshold;
        int maxDetections = DEFAULT_MAX_DETECTIONS;
        Double noiseSigmas;
        double objectDiameterPx;

        Settings copy() {
            Settings c = new Settings();
            c.roiX = roiX;
            c.roiY = roiY;
            c.roiWidth = roiWidth;
            c.roiHeight = roiHeight;
            c.binning = binning;
            c.normalization = normalization;
            c.focus = focus;
            c.eventScorer = eventScorer == null ? null : eventScorer.fresh();
            c.calibration = calibration;
            c.threshold = threshold;
            c.maxDetections = maxDetections;
            c.noiseSigmas = noiseSigmas;
            c.objectDiameterPx = objectDiameterPx;
            return c;
        }
    }

    /**
     * Builder of {@link AnalysisChain}; every setting is optional. Defaults: whole frame, binning 1, device auto,
     * 1 ONNX Runtime thread per model, embedded denoiser and detector, a camera measured from the frames (offset on
     * each frame, gain and read noise on the first {@value #ESTIMATE_FRAMES}: {@link CameraModel#measured()}), no
     * object size, at most {@value #DEFAULT_MAX_DETECTIONS}
     * detections per frame, percentile (1–99.8) normalisation, normalised-variance focus, and the
     * {@link DivisionTrendEventScorer#defaults()} event scorer.
     */
    public static final class Builder {
        private final Settings s = new Settings();
        private Device device = Device.AUTO;
        private int threads = 1;
        private InferenceRuntime runtime;
        private ModelSource denoiser = ModelCatalog.denoiser();
        private ModelSource detector = ModelCatalog.detector();
        private ModelSource classifier;
        private CameraModel camera = CameraModel.measured();
        private boolean cameraSet;
        private boolean binningSet;
        private boolean defaultDenoiser = true;
        private boolean defaultDetector = true;
        private boolean fuse = true;

        private Builder() {
        }

        /** Analyses only {@code [x, x+width) × [y, y+height)} of each frame (clipped to the frame). */
        public Builder optRoi(int x, int y, int width, int height) {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("ROI size must be positive, got " + width + "x" + height);
            }
            s.roiX = x;
            s.roiY = y;
            s.roiWidth = width;
            s.roiHeight = height;
            return this;
        }

        /** Averages {@code factor × factor} blocks before analysis (4: a 2048² frame is analysed at 512²). */
        public Builder optBinning(int factor) {
            if (factor < 1) {
                throw new IllegalArgumentException("Binning must be >= 1, got " + factor);
            }
            s.binning = factor;
            binningSet = true;
            return this;
        }

        /**
         * The diameter of the objects to find, in frame pixels (the caller converts µm through the pixel
         * calibration): sets the binning to {@link #binningForObjectDiameter} unless {@link #optBinning} is given,
         * and keeps one detection per object (weaker ones within {@value #SAME_OBJECT_FRACTION} diameters of a
         * stronger one are dropped as parts of it).
         */
        public Builder optObjectDiameterPx(double diameterPx) {
            if (!(diameterPx > 0) || Double.isInfinite(diameterPx)) {
                throw new IllegalArgumentException("Object diameter must be a positive number of pixels, got "
                        + diameterPx);
            }
            s.objectDiameterPx = diameterPx;
            if (!binningSet) {
                s.binning = binningForObjectDiameter(diameterPx);
            }
            return this;
        }

        public Builder optDevice(Device v) {
            device = Objects.requireNonNull(v, "device");
            return this;
        }

        /**
         * ONNX Runtime intra-op threads per model (default 1; 0 = ONNX Runtime's default, one per core). One thread
         * leaves the other cores to the recorder and acquisition threads (docs/benchmarks/inference.md).
         */
        public Builder optThreads(int v) {
            threads = v;
            return this;
        }

        /** Loads models with this runtime (its device wins over {@link #optDevice}); the chain does not close it. */
        public Builder optRuntime(InferenceRuntime v) {
            runtime = Objects.requireNonNull(v, "runtime");
            return this;
        }

        /**
         * The camera's noise model for the default denoiser: gain (counts per electron), offset (counts), read
         * noise (rms electrons), all stated by the user. Without a camera model the default chain measures them
         * ({@link CameraModel#measured()}).
         *
         * @throws IllegalArgumentException if gain is not &gt; 0, read noise &lt; 0 or the offset is not finite
         */
        public Builder optCameraNoise(double gainValue, double offsetValue, double readNoiseValue) {
            return optCameraModel(CameraModel.given(gainValue, offsetValue, readNoiseValue));
        }

        /**
         * The camera's noise model (see {@link CameraModel}). The default (fused) chain measures an offset
         * {@linkplain CameraModel#isOffsetPerFrame estimated per frame} on each frame, and a gain or read noise
         * {@linkplain CameraModel#isGainToEstimate to estimate} on the first {@value #ESTIMATE_FRAMES} analysed frames
         * ({@link NoiseLevelFunction}), then holds them; the standalone denoiser ({@code
         * optFusedDefaultModels(false)}) takes offset 0 and the defaults for what is not stated.
         */
        public Builder optCameraModel(CameraModel v) {
            camera = Objects.requireNonNull(v, "camera");
            cameraSet = true;
            return this;
        }

        /** The denoiser (an {@link OutputKind#DENOISED_IMAGE} model), or {@code null} to switch denoising off. */
        public Builder optDenoiser(ModelSource v) {
            denoiser = v;
            cameraSet = false;
            defaultDenoiser = false;
            return this;
        }

        /** The detector (blob response, probability map or label mask), or {@code null} to switch it off. */
        public Builder optDetector(ModelSource v) {
            detector = v;
            defaultDetector = false;
            return this;
        }

        /** A per-frame classifier ({@link OutputKind#FRAME_SCORE}) that replaces the event scorer; {@code null}: none. */
        public Builder optClassifier(ModelSource v) {
            classifier = v;
            return this;
        }

        /** Places a model by its spec's output kind: denoiser, detector or classifier. */
        public Builder optModel(ModelSource v) {
            switch (v.spec().outputKind()) {
                case DENOISED_IMAGE:
                    return optDenoiser(v);
                case FRAME_SCORE:
                    return optClassifier(v);
                default:
                    return optDetector(v);
            }
        }

        /**
         * Whether the default denoiser and detector run as one fused model ({@link ModelCatalog#denoiseDetector()},
         * default {@code true}; only when neither was replaced). The fused detector works on the denoiser's
         * variance-stabilised image, so the {@link #optNormalization normalisation} does not apply to it and its
         * threshold is in VST units; {@code false} runs the two standalone models (normalised detector input).
         */
        public Builder optFusedDefaultModels(boolean v) {
            fuse = v;
            return this;
        }

        /** Normalisation of the detector's (and classifier's) input. */
        public Builder optNormalization(Normalization v) {
            s.normalization = Objects.requireNonNull(v, "normalization");
            return this;
        }

        /** Detection threshold, overriding the detector spec's. */
        public Builder optDetectionThreshold(double v) {
            s.threshold = v;
            return this;
        }

        /**
         * Noise-adaptive threshold of the default blob detectors, as well as the absolute threshold; 0 switches
         * adaptation off. With the fused default model (default k 5.5) peaks must exceed what the detector's local
         * maxima on pure noise reach, {@code median + k} robust standard deviations, for the pixel noise measured on
         * each frame ({@link PixelNoise}): a field full of objects keeps its threshold. The standalone detector
         * (default 6) takes the median and spread of the frame's own local maxima, which assumes most are noise.
         */
        public Builder optNoiseSigmas(double k) {
            if (!(k >= 0)) {
                throw new IllegalArgumentException("Noise sigmas must be >= 0, got " + k);
            }
            s.noiseSigmas = k;
            return this;
        }

        /**
         * At most this many detections per frame, the highest-scoring kept (default {@value #DEFAULT_MAX_DETECTIONS});
         * those left out are counted ({@link AnalysisChain#detectionsDropped()}).
         */
        public Builder optMaxDetections(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("Max detections must be >= 1, got " + v);
            }
            s.maxDetections = v;
            return this;
        }

        /** The focus measure, or {@code null} to switch focus off. */
        public Builder optFocusMeasure(FocusMeasure v) {
            s.focus = v;
            return this;
        }

        /** The event scorer, or {@code null} for no event score and no "dividing" labels. */
        public Builder optEventScorer(EventScorer v) {
            s.eventScorer = v;
            return this;
        }

        /** Pixel → stage calibration; without it the frame's pixel size (square, axis-aligned) is used. */
        public Builder optCalibration(PixelCalibration v) {
            s.calibration = v;
            return this;
        }

        private double offsetOrZero() {
            return camera.isOffsetPerFrame() ? 0 : camera.offset();
        }

        /** The camera model of a chain on the standalone models: fixed at build, nothing estimated from the frames. */
        private CameraModel standaloneCamera() {
            String why = "the standalone denoiser takes a fixed camera model";
            CameraModel c = camera;
            if (c.isOffsetPerFrame()) {
                c = c.withOffset(0, CameraModel.Source.DEFAULT, why);
            }
            if (c.isGainToEstimate()) {
                c = c.withGain(CameraModel.DEFAULT_GAIN, CameraModel.Source.DEFAULT, why);
            }
            if (c.isReadNoiseToEstimate()) {
                c = c.withReadNoise(CameraModel.DEFAULT_READ_NOISE, CameraModel.Source.DEFAULT, why);
            }
            return c;
        }

        /**
         * Loads the models and builds the chain.
         *
         * @throws ModelLoadException if a model does not load or does not pass its checks
         */
        public AnalysisChain build() throws ModelLoadException {
            if (detector != null && detector.spec().outputKind() != OutputKind.BLOB_RESPONSE
                    && detector.spec().outputKind() != OutputKind.PROBABILITY_MAP
                    && detector.spec().outputKind() != OutputKind.LABEL_MASK) {
                throw new ModelLoadException("Model '" + detector.name() + "' is a " + detector.spec().outputKind()
                        + " model, not a detector: use optModel to place it by kind");
            }
            if (denoiser != null && denoiser.spec().outputKind() != OutputKind.DENOISED_IMAGE) {
                throw new ModelLoadException("Model '" + denoiser.name() + "' is a " + denoiser.spec().outputKind()
                        + " model, not a denoiser");
            }
            ModelSource den = denoiser;
            if (cameraSet) {
                den = ModelCatalog.denoiser(camera.gain(), offsetOrZero(), camera.readNoise());
            }
            boolean fusedModels = fuse && defaultDenoiser && defaultDetector;
            InferenceRuntime rt = runtime != null ? runtime : new InferenceRuntime(device, threads);
            ModelRunner d = null;
            ModelRunner t = null;
            ModelRunner c = null;
            DenoiseDetectStep f = null;
            try {
                if (fusedModels) {
                    f = new DenoiseDetectStep(rt.load(ModelCatalog.denoiseDetector()), camera.gain(), offsetOrZero(),
                            camera.readNoise());
                } else {
                    d = den == null ? null : new ModelRunner(rt.load(den));
                    t = detector == null ? null : new ModelRunner(rt.load(detector));
                }
                c = classifier == null ? null : new ModelRunner(rt.load(classifier));
                return new AnalysisChain(s.copy(), d, t, f, c, fusedModels ? camera : standaloneCamera());
            } catch (ModelLoadException | RuntimeException e) {
                for (ModelRunner m : new ModelRunner[] {d, t, c}) {
                    if (m != null) {
                        m.close();
                    }
                }
                if (f != null) {
                    f.close();
                }
                throw e;
            }
        }
    }
}
