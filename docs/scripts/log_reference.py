#!/usr/bin/env python3
"""LoG reference numbers for docs/real-images.md: skimage.feature.blob_log on the labelled real images,
scored with the same rules as Reflex's evaluation helper (org.reflexscope.sim.evaluate.Detections).

Run once, offline, from the project root (Debian's python3-skimage 0.19):
    /usr/bin/python3 docs/scripts/log_reference.py ../shared/data/real-images
Not part of the build.
"""
import math
import sys

import numpy as np
from skimage import io
from skimage.feature import blob_log

# image, labels, object diameter in px (the same stated size per dataset as the Java test), labels complete?
CASES = [
    ("xy_8bit__mitocheck_incenp_t1.tif", "xy_8bit_labels__mitocheck_incenp_t1.tif", 40, True),
    ("xy_8bit__mitocheck_incenp_t70.tif", "xy_8bit_labels__mitocheck_incenp_t70.tif", 40, True),
    ("bbbc007/BBBC007_17P1_POS0013_D_1UL.tif", "bbbc007/BBBC007_17P1_POS0013_D_1UL_annot.tif", 16, False),
    ("bbbc007/BBBC007_20P1_POS0005_D_1UL.tif", "bbbc007/BBBC007_20P1_POS0005_D_1UL_annot.tif", 16, False),
    ("bbbc007/BBBC007_AS_09125_040701150004_A02f00d0.tif",
     "bbbc007/BBBC007_AS_09125_040701150004_A02f00d0_annot.tif", 16, False),
]


def score(labels, dets, partial):
    """dets: (x, y, score) strongest first; one match per instance; background unscored when partial."""
    ids, counts = np.unique(labels[labels > 0], return_counts=True)
    centroids = {}
    for i in ids:
        ys, xs = np.nonzero(labels == i)
        centroids[int(i)] = (xs.mean(), ys.mean())
    taken, scored, err = set(), 0, 0.0
    h, w = labels.shape
    for x, y, _ in sorted(dets, key=lambda d: -d[2]):
        px, py = int(round(x)), int(round(y))
        lab = int(labels[py, px]) if 0 <= px < w and 0 <= py < h else 0
        if lab == 0 and partial:
            continue
        scored += 1
        if lab and lab not in taken:
            taken.add(lab)
            cx, cy = centroids[lab]
            err += math.hypot(x - cx, y - cy)
    m = len(taken)
    return m / len(ids), (m / scored if scored else 1.0), (err / m if m else float("nan")), len(dets)


def main(root):
    print("| image | LoG detections | recall | precision | mean error (px) |")
    print("|---|---|---|---|---|")
    for image, label, diameter, complete in CASES:
        img = io.imread(f"{root}/{image}").astype(float)
        labels = io.imread(f"{root}/{label}").astype(int)
        lo, hi = np.percentile(img, (1, 99.8))
        norm = np.clip((img - lo) / (hi - lo), 0, 1)
        sigma = diameter / (2 * math.sqrt(2))
        blobs = blob_log(norm, min_sigma=sigma / 2, max_sigma=sigma * 1.5, num_sigma=10)
        # blob_log returns (row, col, sigma); its response is not returned, so brighter blobs first by pixel value
        dets = [(c, r, norm[int(r), int(c)]) for r, c, _ in blobs]
        rec, prec, err, n = score(labels, dets, not complete)
        print(f"| {image} | {n} | {rec:.2f} | {prec:.2f} | {err:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/real-images")
