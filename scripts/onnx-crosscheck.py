#!/usr/bin/python3
"""Checks an exported NotebookKit model outside .NET: ONNX's checker, then OpenCV's dnn as a second runtime.

usage: onnx-crosscheck.py MODEL.onnx EXPECTED.tsv [TOLERANCE]
EXPECTED.tsv is `notebookkit predict --format tsv` output (path, class, probability). OpenCV decodes and resizes each
photo its own way (bicubic, shorter side, centre crop, from the file's metadata) and must give the same class and a
probability within TOLERANCE (default 0.05). Debian: apt-get install python3-onnx python3-opencv.
"""
import json
import sys

import cv2
import numpy as np
import onnx


def main(model_path, expected_path, tolerance=0.05):
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    labels, size, resize = json.loads(meta["labels"]), int(meta["input_size"]), int(meta["resize_shorter_side"])
    print(f"onnx.checker: {model_path} is valid (opset {model.opset_import[0].version}, onnx {onnx.__version__})")

    net = cv2.dnn.readNetFromONNX(model_path)
    worst, failures = 0.0, 0
    rows = [line.rstrip("\n").split("\t") for line in open(expected_path) if line.strip()]
    for path, expected_class, expected_p in rows:
        image = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        h, w = image.shape[:2]
        scale = resize / min(w, h)
        nw, nh = max(resize, round(w * scale)), max(resize, round(h * scale))
        image = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_LINEAR if meta["interpolation"] == "bilinear" else cv2.INTER_CUBIC)
        top, left = (nh - size) // 2, (nw - size) // 2
        crop = image[top:top + size, left:left + size].astype(np.float32)
        net.setInput(crop.transpose(2, 0, 1)[np.newaxis].copy())
        probabilities = net.forward().reshape(-1)
        best = int(np.argmax(probabilities))
        diff = abs(float(probabilities[best]) - float(expected_p))
        agree = labels[best] == expected_class and diff <= tolerance
        worst = max(worst, diff)
        failures += not agree
        print(f"{'ok  ' if agree else 'FAIL'} {path}\topencv {labels[best]} {probabilities[best]:.4f}\tkit {expected_class} {float(expected_p):.4f}")
    print(f"OpenCV {cv2.__version__} dnn vs predict: {len(rows) - failures}/{len(rows)} agree, max |dp| = {worst:.4f} (tolerance {tolerance})")
    return 1 if failures or not rows else 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], *(float(a) for a in sys.argv[3:])))
