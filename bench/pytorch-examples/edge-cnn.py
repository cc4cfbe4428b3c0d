#!/usr/bin/env python3
"""PyTorch's wall time for the edge-cnn example's computation (docs/examples/edge-cnn.mjs).

The same work with Debian's PyTorch 1.13: 12x12 edge images (none / horizontal / vertical, a
4-by-(4..6) two-band step in N(0, 0.35^2) noise; numpy's generator, so the pixels differ from
chainrule's but not their distribution), the same models (CNN: conv3x3(1->8) + ReLU + global
max pool / global avg pool / 2x2 max pool + Linear; MLP 144-32-3), the same runs (size sweep at
2, 5, 10, 20, 50, 200 per class for three models; domain shift at 50 per class for four models;
shuffled pixels at 200 per class for two; the size sweep three times, with three training sets),
150 Adam steps (lr 0.02) over a shuffled DataLoader
with batches of 32 per run, the same accuracy evaluations (validation 100 per class). No figures.

Usage: /usr/bin/python3 bench/pytorch-examples/edge-cnn.py [--quick]
Prints the wall time with PyTorch's default threads and with torch.set_num_threads(1).
"""
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

SIZE = 12
QUICK = '--quick' in sys.argv


def edge_images(per_class, seed, rows=(0, SIZE), noise=0.35):
    rng = np.random.default_rng(seed)
    n = 3 * per_class
    images = (noise * rng.standard_normal((n, SIZE, SIZE))).astype(np.float32)
    labels = np.arange(n) % 3
    for i in range(n):
        label = labels[i]
        if label == 0:
            continue
        length = rng.integers(4, 7)
        contrast = (0.5 + 0.5 * rng.random()) * (1 if rng.random() < 0.5 else -1)
        height, width = (4, length) if label == 1 else (length, 4)
        top = rng.integers(rows[0], rows[1] - height + 1)
        left = rng.integers(0, SIZE - width + 1)
        patch = np.full((height, width), -contrast, dtype=np.float32)
        if label == 1:
            patch[:2, :] = contrast
        else:
            patch[:, :2] = contrast
        images[i, top:top + height, left:left + width] += patch
    return torch.from_numpy(images).reshape(n, 1, SIZE, SIZE), torch.from_numpy(labels.astype(np.int64))


def cnn(pooling):
    if pooling == 'global max':
        head = [nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(8, 3)]
    elif pooling == 'global avg':
        head = [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3)]
    else:
        head = [nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 5 * 5, 3)]
    return nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), *head)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(SIZE * SIZE, 32), nn.ReLU(), nn.Linear(32, 3))


def train(model, x, y, steps):
    loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(1))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    done = 0
    while done < steps:
        for xb, yb in loader:
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            loss.item()
            done += 1
            if done == steps:
                break


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def run():
    torch.manual_seed(7)
    sizes = [5, 20] if QUICK else [2, 5, 10, 20, 50, 200]
    val_per_class = 30 if QUICK else 100
    shift_per_class = 20 if QUICK else 50
    steps = 40 if QUICK else 150
    seeds = 1 if QUICK else 3
    sets = [edge_images(max(sizes), 1 + 10 * r) for r in range(seeds)]
    tx, ty = sets[0]
    vx, vy = edge_images(val_per_class, 2)
    for k in sizes:
        for make in (lambda: cnn('global max'), lambda: cnn('global avg'), mlp):
            for sx, sy in sets:
                model = make()
                train(model, sx[:3 * k], sy[:3 * k], steps)
                accuracy(model, vx, vy)
                accuracy(model, sx[:3 * k], sy[:3 * k])
    top = edge_images(shift_per_class, 3, rows=(0, SIZE // 2))
    top_val = edge_images(val_per_class, 4, rows=(0, SIZE // 2))
    bottom_val = edge_images(val_per_class, 5, rows=(SIZE // 2, SIZE))
    for make in (lambda: cnn('global max'), lambda: cnn('global avg'), lambda: cnn('2x2 max'), mlp):
        model = make()
        train(model, *top, steps)
        accuracy(model, *top)
        accuracy(model, *top_val)
        accuracy(model, *bottom_val)
    perm = torch.randperm(SIZE * SIZE, generator=torch.Generator().manual_seed(11))
    shuffle = lambda x: x.reshape(-1, SIZE * SIZE)[:, perm].reshape(-1, 1, SIZE, SIZE)
    k = max(sizes)
    px, pvx = shuffle(tx[:3 * k]), shuffle(vx)
    for make in (lambda: cnn('global max'), mlp):
        model = make()
        train(model, px, ty[:3 * k], steps)
        accuracy(model, pvx, vy)
        accuracy(model, px, ty[:3 * k])


def timed(label):
    start = time.perf_counter()
    run()
    print(f'edge-cnn{" (quick)" if QUICK else ""}, PyTorch {torch.__version__}, {label}: {time.perf_counter() - start:.2f} s')


if __name__ == '__main__':
    timed(f'default threads ({torch.get_num_threads()})')
    torch.set_num_threads(1)
    timed('1 thread')
