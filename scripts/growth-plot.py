#!/usr/bin/env python3
"""Draws docs/img/cost-growth.svg from `notebookkit bench --growth --json FILE` (standard library only).

Two panels: seconds against images (log-log) for the one-off frozen passes and a layer4 + head epoch, one line per
input size. Usage: scripts/growth-plot.py GROWTH.json OUT.svg
"""
import json
import math
import sys

points = json.load(open(sys.argv[1]))
sizes = sorted({p["size"] for p in points})
colours = {160: "#1f77b4", 224: "#ff7f0e", 288: "#2ca02c"}
panels = [("features_seconds", "frozen backbone → pooled features (s)"), ("layer4_epoch_seconds", "layer4 + head epoch from cached layer3 (s)")]
W, H, M = 360, 260, 50
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W + 40}" height="{H + 60}" font-family="sans-serif" font-size="11">',
       '<rect width="100%" height="100%" fill="white"/>']
xs = sorted({p["images"] for p in points})
for k, (key, title) in enumerate(panels):
    ox = 20 + k * W
    ys = [p[key] for p in points if p[key] > 0]
    lo, hi = math.log10(min(ys)) - 0.1, math.log10(max(ys)) + 0.1
    def px(n):
        return ox + M + (math.log10(n) - math.log10(xs[0])) / (math.log10(xs[-1]) - math.log10(xs[0])) * (W - M - 20)
    def py(v):
        return 30 + (hi - math.log10(v)) / (hi - lo) * (H - M)
    svg.append(f'<text x="{ox + W / 2}" y="18" text-anchor="middle" font-weight="bold">{title}</text>')
    svg.append(f'<line x1="{ox + M}" y1="{H - M + 30}" x2="{ox + W - 20}" y2="{H - M + 30}" stroke="black"/>')
    svg.append(f'<line x1="{ox + M}" y1="30" x2="{ox + M}" y2="{H - M + 30}" stroke="black"/>')
    for n in xs:
        svg.append(f'<text x="{px(n)}" y="{H - M + 45}" text-anchor="middle">{n}</text>')
    svg.append(f'<text x="{ox + W / 2}" y="{H - M + 60}" text-anchor="middle">images (log scale)</text>')
    for e in range(math.floor(lo), math.ceil(hi) + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if lo <= math.log10(v) <= hi:
                svg.append(f'<text x="{ox + M - 5}" y="{py(v) + 4}" text-anchor="end">{v:g}</text>')
                svg.append(f'<line x1="{ox + M}" y1="{py(v)}" x2="{ox + W - 20}" y2="{py(v)}" stroke="#ddd"/>')
    for s in sizes:
        row = sorted((p["images"], p[key]) for p in points if p["size"] == s)
        path = " ".join(f"{'M' if i == 0 else 'L'}{px(n):.1f},{py(v):.1f}" for i, (n, v) in enumerate(row))
        svg.append(f'<path d="{path}" fill="none" stroke="{colours.get(s, "black")}" stroke-width="2"/>')
        for n, v in row:
            svg.append(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="3" fill="{colours.get(s, "black")}"/>')
for i, s in enumerate(sizes):
    svg.append(f'<rect x="{30 + i * 80}" y="{H + 40}" width="12" height="12" fill="{colours.get(s, "black")}"/>')
    svg.append(f'<text x="{46 + i * 80}" y="{H + 50}">{s} px</text>')
svg.append("</svg>")
open(sys.argv[2], "w").write("\n".join(svg))
