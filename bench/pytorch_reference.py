#!/usr/bin/env python3
"""PyTorch reference for `notebookkit bench`: the kit's workloads, mirrored, in one process.

Reads the plan JSON the harness writes (image files, sizes, counts), writes a phase result JSON with the
same field names as the kit's phase. Same architecture (torchvision ResNet, BasicBlock [2,2,2,3], random
init), same batch size, optimisers and image sizes; 2 intra-op threads; DataLoader with 2 workers, Pillow
and torchvision transforms. Run it through bench/install-pytorch-reference.sh's env.sh (isolated prefix):
    (source ~/.cache/notebookkit/pytorch-ref/env.sh && /usr/bin/python3 bench/pytorch_reference.py --plan P --out O)
"""
import argparse
import json
import os
import sys
import time


def process_age_seconds():
    """Seconds since this process started, from /proc (the kit reads the same fields)."""
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    with open("/proc/self/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()
    return uptime - int(fields[22 - 3]) / os.sysconf("SC_CLK_TCK")


def rss_megabytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS in /proc/self/status")


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--plan", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()
with open(args.plan) as f:
    plan = json.load(f)

# Cold start covers the imports, as the kit's covers runtime start-up and assembly loading.
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchvision  # noqa: E402
from PIL import Image  # noqa: E402
from torch.utils.data import DataLoader, Dataset  # noqa: E402
from torchvision import transforms  # noqa: E402
from torchvision.models.resnet import BasicBlock, ResNet  # noqa: E402

THREADS = 2
torch.set_num_threads(THREADS)
BATCH = plan["batch_size"]
SAMPLES = list(zip(plan["files"], plan["labels"]))


def eval_transform(size):
    # torchvision's classic eval transform at any size, keeping the 256/224 ratio (the kit's WithInputSize).
    return transforms.Compose([
        transforms.Resize(round(size * 256 / 224)),
        transforms.CenterCrop(size),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])


class Files(Dataset):
    def __init__(self, samples, transform, draft=None):
        self.samples, self.transform, self.draft = samples, transform, draft

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        path, label = self.samples[i]
        with Image.open(path) as im:
            if self.draft:
                im.draft("RGB", (self.draft, self.draft))  # JPEG: libjpeg's 1/2, 1/4, 1/8 decode, still >= the size asked
            return self.transform(im.convert("RGB")), label


def loader(samples, size, workers, shuffle=False, seed=0, draft=False):
    generator = torch.Generator().manual_seed(seed) if shuffle else None
    files = Files(samples, eval_transform(size), draft=round(size * 256 / 224) if draft else None)
    return DataLoader(files, batch_size=BATCH, shuffle=shuffle, num_workers=workers, generator=generator)


def new_model():
    torch.manual_seed(plan["seed"])
    return ResNet(BasicBlock, [2, 2, 2, 3], num_classes=2)


def timed(steps, step, warmup=1):
    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(steps):
        step(warmup + i)
    return time.perf_counter() - start


measurements = []


def log(line):
    print(line, file=sys.stderr, flush=True)


def record(workload, size, value, unit):
    measurements.append({"workload": workload, "size": size, "value": value, "unit": unit})


# --- cold start: process start -> first batch tensor ---
size0 = plan["sizes"][0]
_model = new_model()
_first = next(iter(loader(SAMPLES, size0, THREADS)))
record("cold_start_first_batch", size0, process_age_seconds(), "s")
log(f"cold start {measurements[-1]['value']:.2f} s")
del _model, _first


def prefix(m, x):
    """stem (conv1, bn1, relu, maxpool) then layer1..layer3."""
    return m.layer3(m.layer2(m.layer1(m.maxpool(m.relu(m.bn1(m.conv1(x)))))))


def suffix(m, a):
    """layer4, global average pooling, head."""
    return m.fc(torch.flatten(m.avgpool(m.layer4(a)), 1))


def prefix_modules(m):
    return [m.conv1, m.bn1, m.layer1, m.layer2, m.layer3]


def suffix_parameters(m):
    return list(m.layer4.parameters()) + list(m.fc.parameters())


class Trainer:
    """One optimiser over one input source: the training step the kit's Learner runs in its bench workloads."""

    def __init__(self, optimizer, inputs, forward, cache_seconds=0.0):
        self.optimizer, self.inputs, self.forward, self.cache_seconds = optimizer, inputs, forward, cache_seconds

    def step_index(self, i):
        x, y = self.inputs[i % len(self.inputs)]
        return self.step(x, y)

    def step(self, x, y):
        self.optimizer.zero_grad()
        loss = F.cross_entropy(self.forward(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()


def unfreeze(m):
    m.train()
    for p in m.parameters():
        p.requires_grad = True


def freeze_prefix(m):
    m.train()
    for mod in prefix_modules(m):
        mod.eval()
        for p in mod.parameters():
            p.requires_grad = False


def cache(batches, frozen):
    start = time.perf_counter()
    with torch.no_grad():
        cached = [(frozen(x), y) for x, y in batches]
    return cached, time.perf_counter() - start


def prepare(m, mode, batches):
    unfreeze(m)
    if mode == "full":
        return Trainer(torch.optim.SGD(m.parameters(), lr=plan["lr"], momentum=0.9), batches, m)
    freeze_prefix(m)
    if mode == "layer4_head":
        return Trainer(torch.optim.SGD(suffix_parameters(m), lr=plan["lr"], momentum=0.9), batches, lambda x: suffix(m, prefix(m, x)))
    if mode == "layer4_head_cached":
        cached, seconds = cache(batches, lambda x: prefix(m, x))
        return Trainer(torch.optim.SGD(suffix_parameters(m), lr=plan["lr"], momentum=0.9), cached, lambda a: suffix(m, a), seconds)
    for p in m.parameters():
        p.requires_grad = False
    for p in m.fc.parameters():
        p.requires_grad = True
    m.eval()
    features, seconds = cache(batches, lambda x: torch.flatten(m.avgpool(m.layer4(prefix(m, x))), 1))
    return Trainer(torch.optim.Adam(m.fc.parameters(), lr=plan["head_lr"]), features, m.fc, seconds)


for size in plan["sizes"]:
    # --- loader ---
    images = SAMPLES[:plan["loader_images"]]
    for name, workers in (("loader_1thread", 0), ("loader_all_threads", THREADS)):
        for _ in loader(images[:BATCH], size, workers):  # warm-up
            pass
        start = time.perf_counter()
        for _ in loader(images, size, workers):
            pass
        record(name, size, len(images) / (time.perf_counter() - start), "images/s")

    # --- phone-size photos (4032x3024 JPEGs the harness wrote), one thread: Pillow's default and with draft (its best) ---
    if size == plan["phone_size"] and plan.get("phone_files"):
        phone = list(zip(plan["phone_files"], plan["labels"]))
        for name, draft in (("loader_phone", False), ("loader_phone_best", True)):
            for _ in loader(phone[:BATCH], size, 0, draft=draft):  # warm-up
                pass
            start = time.perf_counter()
            for _ in loader(phone, size, 0, draft=draft):
                pass
            record(name, size, len(phone) / (time.perf_counter() - start), "images/s")

    log(f"size {size}: loader done")
    model = new_model()
    batches = list(loader(SAMPLES[:min(len(SAMPLES), BATCH * (max(plan["inference_batches"], plan["train_steps"]) + 1))], size, THREADS))

    # --- frozen feature extraction: the backbone to pooled features ---
    def extract(m, x):
        return torch.flatten(m.avgpool(m.layer4(prefix(m, x))), 1)

    def extraction(i):  # what a typical user runs: fp32, NCHW, no_grad
        with torch.no_grad():
            extract(model, batches[i % len(batches)][0])

    seconds = timed(plan["inference_batches"], extraction)
    record("extraction", size, plan["inference_batches"] * BATCH / seconds, "images/s")

    # PyTorch's best variant here: channels-last, bf16 autocast where the CPU has native bf16, inference_mode.
    flags = open("/proc/cpuinfo").read().split("flags", 1)[-1].split("\n", 1)[0].split()
    bf16 = "avx512_bf16" in flags or "amx_bf16" in flags
    best = new_model().eval().to(memory_format=torch.channels_last)
    best_batches = [x.contiguous(memory_format=torch.channels_last) for x, _ in batches]

    def extraction_best(i):
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            extract(best, best_batches[i % len(best_batches)])

    seconds = timed(plan["inference_batches"], extraction_best)
    record("extraction_best", size, plan["inference_batches"] * BATCH / seconds, "images/s")
    del best, best_batches

    # --- training ---
    for mode in ("full", "layer4_head", "layer4_head_cached", "head_cached"):
        steps = plan["head_steps"] if mode == "head_cached" else plan["train_steps"]
        trainer = prepare(model, mode, batches)
        seconds = timed(steps, trainer.step_index)
        record("train_" + mode, size, steps * BATCH / seconds, "images/s")
        if mode == "layer4_head_cached":
            record("partial_cache_build", size, sum(len(y) for _, y in batches) / trainer.cache_seconds, "images/s")
        if mode == "full":
            # --- inference: the trained, unfrozen classifier predicting, as a PyTorch user runs it (eval, fp32, no_grad) ---
            model.eval()

            def infer(i):
                with torch.no_grad():
                    model(batches[i % len(batches)][0])

            seconds = timed(plan["inference_batches"], infer)
            record("inference", size, plan["inference_batches"] * BATCH / seconds, "images/s")

    log(f"size {size}: model workloads done")

    # --- one end-to-end layer4+head epoch vs the same steps on preloaded tensors ---
    epoch_images = SAMPLES[:plan["epoch_images"]]
    trainer = prepare(model, "layer4_head", batches)
    trainer.step_index(0)
    start = time.perf_counter()
    batch_sizes = []
    for x, y in loader(epoch_images, size, THREADS, shuffle=True, seed=plan["seed"] + 1):
        trainer.step(x, y)
        batch_sizes.append(len(y))
    epoch = time.perf_counter() - start
    start = time.perf_counter()
    for b, n in enumerate(batch_sizes):
        x, y = batches[b % len(batches)]
        trainer.step(x[:n], y[:n])
    pure = time.perf_counter() - start
    record("epoch_layer4_head", size, len(epoch_images) / epoch, "images/s")
    record("epoch_seconds", size, epoch, "s")
    record("pure_step_seconds", size, pure, "s")
    record("loader_overhead", size, epoch / pure, "x")
    log(f"size {size}: epoch done")
    del model, batches, trainer

# --- RSS across a head-on-cached-features run ---
torch.manual_seed(plan["seed"])
rows = plan["rss_rows"]
features = torch.randn(rows, 512)
labels = torch.randint(0, 2, (rows,))
head = torch.nn.Linear(512, 2)
optimizer = torch.optim.Adam(head.parameters(), lr=plan["head_lr"])
for epoch in range(1, max(plan["rss_epochs"]) + 1):
    for start in range(0, rows, BATCH):
        optimizer.zero_grad()
        loss = F.cross_entropy(head(features[start:start + BATCH]), labels[start:start + BATCH])
        loss.backward()
        optimizer.step()
    if epoch in plan["rss_epochs"]:
        record(f"rss_epoch{epoch}", 0, rss_megabytes(), "MB")

result = {
    "engine": "pytorch",
    "versions": {"torch": torch.__version__, "torchvision": torchvision.__version__, "python": ".".join(map(str, sys.version_info[:3])),
                 "pillow": Image.__version__},
    "threads": torch.get_num_threads(),
    "measurements": measurements,
}
with open(args.out, "w") as f:
    json.dump(result, f, indent=2)
