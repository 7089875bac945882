package org.reflexscope.core.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses bioimage.io-style pre/postprocessing lists ({@code name} (0.4) or {@code id} (0.5) + {@code kwargs}) into
 * {@link Normalization}s; {@code ensure_dtype: float32} is a no-op (Reflex computes in float32).
 */
final class Processing {
    private Processing() {
    }

    /** @throws IllegalArgumentException for an unsupported step or mode, naming the supported ones */
    static List<Normalization> parse(JsonNode list) {
        List<Normalization> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("pre/postprocessing must be a list of {name, kwargs}");
        }
        for (JsonNode step : list) {
            String name = step.has("name") ? step.get("name").asText() : step.path("id").asText();
            JsonNode k = step.path("kwargs");
            String mode = k.path("mode").asText("per_sample");
            switch (name) {
                case "zero_mean_unit_variance":
                    if (mode.equals("fixed")) {
                        double mean = scalar(k.path("mean"), name);
                        double std = scalar(k.path("std"), name);
                        double eps = k.path("eps").asDouble(1e-6);
                        out.add(Normalization.scaleLinear(1 / (std + eps), -mean / (std + eps)));
                    } else {
                        requirePerSample(mode, name);
                        out.add(Normalization.zeroMeanUnitVariance(k.path("eps").asDouble(1e-6)));
                    }
                    break;
                case "scale_range":
                    requirePerSample(mode, name);
                    out.add(Normalization.percentile(k.path("min_percentile").asDouble(0),
                            k.path("max_percentile").asDouble(100)));
                    break;
                case "scale_linear":
                    out.add(Normalization.scaleLinear(k.has("gain") ? scalar(k.get("gain"), name) : 1,
                            k.has("offset") ? scalar(k.get("offset"), name) : 0));
                    break;
                case "clip":
                    out.add(Normalization.clip(k.path("min").asDouble(Double.NEGATIVE_INFINITY),
                            k.path("max").asDouble(Double.POSITIVE_INFINITY)));
                    break;
                case "binarize":
                    out.add(Normalization.binarize(k.path("threshold").asDouble(0.5)));
                    break;
                case "sigmoid":
                    out.add(Normalization.sigmoid());
                    break;
                case "ensure_dtype":
                    if (!k.path("dtype").asText("float32").equals("float32")) {
                        throw new IllegalArgumentException("ensure_dtype " + k.path("dtype").asText() + " is not "
                                + "supported: Reflex computes in float32");
                    }
                    break;
                case "fixed_range":
                    out.add(Normalization.fixedRange(k.path("min").asDouble(), k.path("max").asDouble()));
                    break;
                case "min_max":
                    out.add(Normalization.minMax());
                    break;
                default:
                    throw new IllegalArgumentException("unsupported processing step '" + name + "': supported are "
                            + "zero_mean_unit_variance, scale_range, scale_linear, clip, binarize, sigmoid, "
                            + "ensure_dtype (float32), fixed_range, min_max");
            }
        }
        return out;
    }

    private static void requirePerSample(String mode, String name) {
        if (!mode.equals("per_sample")) {
            throw new IllegalArgumentException(name + " mode '" + mode + "' is not supported: Reflex normalises "
                    + "each frame (per_sample), or use mode fixed with mean/std");
        }
    }

    private static double scalar(JsonNode v, String name) {
        if (v.isArray()) {
            if (v.size() != 1) {
                throw new IllegalArgumentException(name + " has per-channel values " + v + "; Reflex feeds one "
                        + "channel, give a single value");
            }
            return v.get(0).asDouble();
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(name + " needs a number, got " + v);
        }
        return v.asDouble();
    }
}
