"""Debian's torchvision 0.14 as the reference for the kit's ports of its architectures.

Run through bench/install-pytorch-reference.sh's env.sh (the isolated prefix), e.g.
    (source ~/.cache/notebookkit/pytorch-ref/env.sh && /usr/bin/python3 tests/reference/torchvision_reference.py ...)

  logits MODEL --size N --batch B --seed S --out DIR
      Builds torchvision's MODEL with seeded random weights, saves its state dict as DIR/MODEL.pth and, as
      DIR/MODEL-io.pth, a state-dict-shaped file with the input ("input"), the pre-logits ("features": the input of
      the classifier's last Linear) and the logits ("logits"). Norm layers and other constant-initialised tensors
      (BatchNorm/LayerNorm affine and statistics, ConvNeXt's layer scale, ViT's class token) get seeded random values,
      so a port that swapped or ignored them cannot pass.
  features MODEL --weights FILE --out FILE.tsv IMAGE...
      torchvision's own evaluation transform for MODEL's weights (resize, centre crop, tensor, ImageNet normalise),
      then the pre-logits of each image: one line per image, the path then the features, tab-separated.
"""
import argparse
import collections
import sys

import torch
import torchvision
from torchvision import transforms

# Evaluation transforms of the weights the kit's zoo uses: (resize, crop, interpolation).
TRANSFORMS = {
    "mobilenet_v3_large": (232, 224, "bilinear"),
    "convnext_tiny": (236, 224, "bilinear"),
    "regnet_y_800mf": (232, 224, "bilinear"),
    "efficientnet_v2_s": (384, 384, "bilinear"),
    "swin_t": (232, 224, "bicubic"),
    "vit_b_16": (256, 224, "bilinear"),
}


def last_linear(model):
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    return linears[-1]


def perturb(model, generator):
    with torch.no_grad():
        for name, tensor in list(model.state_dict().items()):
            if not tensor.is_floating_point():
                continue
            if name.endswith("running_var"):
                tensor.copy_(torch.rand(tensor.shape, generator=generator) + 0.5)
            elif name.endswith("running_mean"):
                tensor.copy_(torch.randn(tensor.shape, generator=generator) * 0.1)
            elif tensor.numel() > 0 and bool((tensor == tensor.flatten()[0]).all()):
                # Constant-initialised: ones (norm weights, layer scale ≈ 1e-6) around 1, zeros around 0.
                centre = 1.0 if abs(float(tensor.flatten()[0])) > 0.5 or name.endswith("layer_scale") else 0.0
                tensor.copy_(centre + torch.randn(tensor.shape, generator=generator) * 0.1)


def build(name, seed):
    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)(weights=None)
    perturb(model, torch.Generator().manual_seed(seed))
    return model.eval()


def pre_logits(model, x):
    captured = {}

    def hook(module, inputs, output):
        captured["x"] = inputs[0]  # returning nothing keeps the output (a returned value would replace it)

    handle = last_linear(model).register_forward_hook(hook)
    with torch.no_grad():
        logits = model(x)
    handle.remove()
    return captured["x"], logits


def logits_command(args):
    model = build(args.model, args.seed)
    torch.save(model.state_dict(), f"{args.out}/{args.model}.pth")
    x = torch.randn(args.batch, 3, args.size, args.size, generator=torch.Generator().manual_seed(args.seed + 1))
    features, logits = pre_logits(model, x)
    torch.save(collections.OrderedDict(input=x, features=features.contiguous(), logits=logits), f"{args.out}/{args.model}-io.pth")


def features_command(args):
    model = getattr(torchvision.models, args.model)(weights=None).eval()
    model.load_state_dict(torch.load(args.weights))
    resize, crop, interpolation = TRANSFORMS[args.model]
    transform = transforms.Compose([
        transforms.Resize(resize, interpolation=getattr(transforms.InterpolationMode, interpolation.upper())),
        transforms.CenterCrop(crop),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    from PIL import Image
    with open(args.out, "w") as out:
        for path in args.images:
            x = transform(Image.open(path).convert("RGB")).unsqueeze(0)
            features, _ = pre_logits(model, x)
            out.write(path + "\t" + "\t".join(repr(float(v)) for v in features[0]) + "\n")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("logits")
    p.add_argument("model")
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", required=True)
    p = sub.add_parser("features")
    p.add_argument("model")
    p.add_argument("--weights", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("images", nargs="+")
    args = parser.parse_args()
    {"logits": logits_command, "features": features_command}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
