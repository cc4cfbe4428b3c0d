#!/usr/bin/env python3
"""PyTorch's wall time for the random-labels example's computation (docs/examples/random-labels.mjs).

The same work with Debian's PyTorch 1.13: 8x8 synthetic digits (the glyphs of chainrule/data's
syntheticDigits, shifted by up to a pixel, random intensity in [0.6, 1), 3 % flipped pixels,
N(0, 0.2^2) noise; numpy's generator, so the pixels differ from chainrule's but not their
distribution), 40 per class for training and 30 per class for testing; the labels shuffled by one
permutation; the same models (MLP 64-128-128-10; LeNet-style CNN conv3x3(1->16, pad 1) + ReLU +
maxpool2, conv3x3(16->32, pad 1) + ReLU + maxpool2, Linear 128-120-84-10), each on the true and
on the shuffled labels for 45 epochs of Adam (lr 3e-3) over a shuffled DataLoader with batches of
32, and after each epoch the accuracy on the whole training set and on the test set. No figures.

Usage: /usr/bin/python3 bench/pytorch-examples/random-labels.py [--quick]
Prints the wall time with PyTorch's default threads and with torch.set_num_threads(1), and the
epoch at which each run first reaches 100 % training accuracy.
"""
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

QUICK = '--quick' in sys.argv

GLYPHS = [
    ['..####..', '.#....#.', '.#...##.', '.#..#.#.', '.#.#..#.', '.##...#.', '.#....#.', '..####..'],
    ['...##...', '..###...', '.#.##...', '...##...', '...##...', '...##...', '...##...', '.######.'],
    ['..####..', '.#....#.', '......#.', '.....#..', '...##...', '..#.....', '.#......', '.######.'],
    ['.#####..', '......#.', '......#.', '..####..', '......#.', '......#.', '......#.', '.#####..'],
    ['....##..', '...#.#..', '..#..#..', '.#...#..', '.######.', '.....#..', '.....#..', '.....#..'],
    ['.######.', '.#......', '.#......', '.#####..', '......#.', '......#.', '.#....#.', '..####..'],
    ['..####..', '.#......', '.#......', '.#####..', '.#....#.', '.#....#.', '.#....#.', '..####..'],
    ['.######.', '......#.', '.....#..', '....#...', '...#....', '...#....', '...#....', '...#....'],
    ['..####..', '.#....#.', '.#....#.', '..####..', '.#....#.', '.#....#.', '.#....#.', '..####..'],
    ['..####..', '.#....#.', '.#....#.', '.#....#.', '..#####.', '......#.', '......#.', '..####..'],
]
MASKS = np.array([[[ch == '#' for ch in row] for row in glyph] for glyph in GLYPHS])


def digits(per_class, seed):
    rng = np.random.default_rng(seed)
    inputs, labels = [], []
    for _ in range(per_class):
        for digit in range(10):
            dx, dy = rng.integers(-1, 2, size=2)
            # Shift by (dy, dx), dropping what leaves the 8x8 frame (no wrap-around).
            mask = np.pad(MASKS[digit], 1)[1 - dy:9 - dy, 1 - dx:9 - dx]
            flips = rng.random((8, 8)) < 0.03
            on = mask ^ flips
            intensity = 0.6 + 0.4 * rng.random()
            inputs.append((on * intensity + 0.2 * rng.standard_normal((8, 8))).reshape(64))
            labels.append(digit)
    return torch.tensor(np.array(inputs), dtype=torch.float32), torch.tensor(labels)


def mlp():
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))


def small_lenet():
    return nn.Sequential(
        nn.Unflatten(1, (1, 8, 8)),
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def run(report):
    torch.manual_seed(7)
    epochs = 6 if QUICK else 45
    x, y = digits(10 if QUICK else 40, 1)
    tx, ty = digits(20 if QUICK else 30, 2)
    shuffled = y[torch.randperm(len(y), generator=torch.Generator().manual_seed(3))]
    for name, make in (('MLP', mlp), ('CNN', small_lenet)):
        for kind, labels in (('true', y), ('random', shuffled)):
            model = make()
            opt = torch.optim.Adam(model.parameters(), lr=3e-3)
            loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(5))
            memorized = None
            for epoch in range(epochs):
                for xb, yb in loader:
                    opt.zero_grad()
                    loss = nn.functional.cross_entropy(model(xb), yb)
                    loss.backward()
                    opt.step()
                    loss.item()
                train_acc = accuracy(model, x, labels)
                accuracy(model, tx, ty)
                if train_acc == 1 and memorized is None:
                    memorized = epoch + 1
            if report:
                print(f'  {name}, {kind} labels: 100 % train accuracy at epoch {memorized}, test accuracy {accuracy(model, tx, ty):.3f}')


def timed(label, report):
    start = time.perf_counter()
    run(report)
    print(f'random-labels{" (quick)" if QUICK else ""}, PyTorch {torch.__version__}, {label}: {time.perf_counter() - start:.2f} s')


if __name__ == '__main__':
    timed(f'default threads ({torch.get_num_threads()})', True)
    torch.set_num_threads(1)
    timed('1 thread', False)
