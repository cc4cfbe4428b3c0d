#!/usr/bin/env python3
"""PyTorch 1.13 side of docs/examples/memory.mjs: the same measurements, and their wall time.

What (the same models and sizes as the example)
    - bytes saved for backward by one training-mode forward of the small CNN
      (conv3x3 1->8 pad 1, ReLU, maxpool2, conv3x3 8->16 pad 1, ReLU, maxpool2, flatten, linear 784->10)
      on 1x28x28 images, batch 1..64; and of torchvision's ResNet-18 at 3x224x224, batch 1, 2, 4, 8
    - optimizer-state bytes after one step of SGD (lr 0.05), SGD with momentum 0.9 and Adam
      (lr 0.003): small CNN trained 30 steps on a fixed batch of 32 random images with random
      labels; ResNet-18 after one backward at batch 1, 3x64x64;
    - gradient checkpointing (torch.utils.checkpoint.checkpoint, reentrant) in a chain of 10 x
      (Linear 128->128 + tanh), batch 1024, loss = mean(h^2), for the segmentations
      none, 1 x 10, 2 x 5, 4+3+3, 5 x 2, 10 x 1.
    "Bytes saved for backward" is the sum over the DISTINCT storages of the tensors the autograd
    graph saves, seen through torch.autograd.graph.saved_tensors_hooks (a view counts its whole
    storage; parameters an op saves count too): the quantity chainrule's graphMemory reports.
    Optimizer state: the bytes of every tensor in optimizer.state (Adam's `step` is a one-element
    float32 tensor per parameter in 1.13; chainrule keeps it as a plain number).

Usage
    /usr/bin/python3 bench/pytorch-examples/memory.py            # prints the figures and wall times
    /usr/bin/python3 bench/pytorch-examples/memory.py --write    # also (re)writes the fixture
        docs/examples/data/memory-pytorch.json that the example reads for its PyTorch column
Wall time: the whole computation above, with default threads and with torch.set_num_threads(1).
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torchvision
from torch.utils.checkpoint import checkpoint

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, '..', '..', 'docs', 'examples', 'data', 'memory-pytorch.json')


def saved_bytes(fn):
    """Runs fn() with pack hooks that note each saved tensor's storage; returns (result, bytes)."""
    storages = {}

    def pack(t):
        s = t.storage()
        storages[s.data_ptr()] = s.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = fn()
    return out, sum(storages.values())


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10))


def optimizers():
    return [
        ('SGD', lambda p: torch.optim.SGD(p, lr=0.05)),
        ('SGD + momentum', lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
        ('Adam', lambda p: torch.optim.Adam(p, lr=0.003)),
    ]


def state_bytes(opt):
    return sum(v.numel() * v.element_size() for s in opt.state.values() for v in s.values() if torch.is_tensor(v))


def chain_run(layers, x, segments):
    def segment(lo, hi):
        def f(h):
            for i in range(lo, hi):
                h = torch.tanh(layers[i](h))
            return h
        return f

    def forward():
        h = x
        if segments is None:
            return segment(0, len(layers))(h).square().mean()
        lo = 0
        for n in segments:
            h = checkpoint(segment(lo, lo + n), h, use_reentrant=True)
            lo += n
        return h.square().mean()

    loss, nbytes = saved_bytes(forward)
    loss.backward()
    return nbytes


def name_of(segments):
    if segments is None:
        return 'none'
    if len(segments) == 1:
        return '1 × 10'
    if all(s == segments[0] for s in segments):
        return f'{len(segments)} × {segments[0]}'
    return '+'.join(str(s) for s in segments)


def measure():
    """The example's computation (full mode)."""
    torch.manual_seed(0)
    out = {'torch': torch.__version__, 'generator': 'bench/pytorch-examples/memory.py',
           'smallCnn': [], 'resnet18': [], 'optimizers': [], 'checkpoint': []}
    cnn = small_cnn()
    for b in [1, 2, 4, 8, 16, 32, 64]:
        _, nbytes = saved_bytes(lambda: cnn(torch.randn(b, 1, 28, 28)))
        out['smallCnn'].append({'batch': b, 'bytes': nbytes})
    resnet = torchvision.models.resnet18()
    for size, batches in [(224, [1, 2, 4, 8])]:
        for b in batches:
            _, nbytes = saved_bytes(lambda: resnet(torch.randn(b, 3, size, size)))
            out['resnet18'].append({'batch': b, 'size': size, 'bytes': nbytes})
    images = torch.randn(32, 1, 28, 28)
    labels = torch.randint(0, 10, (32,))
    loss_fn = nn.CrossEntropyLoss()
    for name, make in optimizers():
        torch.manual_seed(4)
        model = small_cnn()
        opt = make(model.parameters())
        for step in range(1, 31):
            opt.zero_grad()
            loss_fn(model(images), labels).backward()
            opt.step()
            if step == 1:
                out['optimizers'].append({'model': 'small CNN', 'optimizer': name, 'stateBytes': state_bytes(opt)})
    resnet.zero_grad()
    resnet(torch.randn(1, 3, 64, 64)).square().mean().backward()
    for name, make in optimizers():
        opt = make(resnet.parameters())
        opt.step()
        out['optimizers'].append({'model': 'ResNet-18', 'optimizer': name, 'stateBytes': state_bytes(opt)})
    torch.manual_seed(5)
    layers = [nn.Linear(128, 128) for _ in range(10)]
    for batch in [1024]:
        x = torch.randn(batch, 128, requires_grad=True)
        for segments in [None, [10], [5, 5], [4, 3, 3], [2, 2, 2, 2, 2], [1] * 10]:
            out['checkpoint'].append({'segments': name_of(segments), 'batch': batch, 'savedBytes': chain_run(layers, x, segments)})
    return out


def main():
    figures = None
    times = {}
    for threads in [None, 1]:
        if threads is not None:
            torch.set_num_threads(threads)
        start = time.perf_counter()
        figures = measure()
        times['default threads' if threads is None else '1 thread'] = time.perf_counter() - start
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    for label, seconds in times.items():
        print(f'memory (PyTorch {torch.__version__}, {label}): {seconds:.1f} s', file=sys.stderr)
    if '--write' in sys.argv:
        os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
        with open(FIXTURE, 'w', encoding='utf-8') as f:
            json.dump(figures, f, indent=1, ensure_ascii=False)
            f.write('\n')
        print(f'wrote {os.path.relpath(FIXTURE)}', file=sys.stderr)


if __name__ == '__main__':
    main()
