#!/usr/bin/env python3
"""PyTorch 1.13 side of docs/examples/dropout-toy.mjs: the same computation, and its wall time.

x = [10, 1], y = 11, nn.Dropout(p) on the input (the example repeated `batch` times, independent
masks), nn.Linear(2, 1, bias=False) from 0, loss = mean((w·x̃ − y)²), float32:
  - p = 0.5, 3000 steps each: SGD lr 0.001 at batch 1 and 1024, Adam lr 0.01 at batch 1 and 1024;
  - the sweep p = 0, 0.1, …, 0.9: SGD at batch 1024, 2000 steps, lr = 0.8 / λmax(x xᵀ + p/(1−p)·diag(x²)).
Each run records, as the example does, the expected loss at every step's w and w's path. Printed:
the average iterate over the tail of each run next to the closed form (torch.linalg.solve), and the
wall time with default threads and with torch.set_num_threads(1).

Usage: /usr/bin/python3 bench/pytorch-examples/dropout-toy.py
"""
import sys
import time

import torch
import torch.nn as nn

X = [10.0, 1.0]
Y = 11.0


def closed_form(p):
    x = torch.tensor(X, dtype=torch.float64)
    if p == 0:
        return (torch.linalg.pinv(x.unsqueeze(0)) @ torch.tensor([Y], dtype=torch.float64)).tolist()
    a = torch.outer(x, x) + torch.diag(x * x) * (p / (1 - p))
    return torch.linalg.solve(a, x * Y).tolist()


def curvature(p):
    x = torch.tensor(X, dtype=torch.float64)
    a = torch.outer(x, x) + torch.diag(x * x) * (p / (1 - p))
    return torch.linalg.eigvalsh(a).max().item()


def expected_loss(w, p):
    r = Y - (w[0] * X[0] + w[1] * X[1])
    lam = p / (1 - p)
    return r * r + lam * ((w[0] * X[0]) ** 2 + (w[1] * X[1]) ** 2)


def train(p, batch, steps, lr, optimizer, seed, average_from=0.5):
    torch.manual_seed(seed)
    dropout = nn.Dropout(p)
    model = nn.Linear(2, 1, bias=False)
    nn.init.zeros_(model.weight)
    opt = torch.optim.SGD(model.parameters(), lr=lr) if optimizer == 'sgd' else torch.optim.Adam(model.parameters(), lr=lr)
    inputs = torch.tensor([X]).expand(batch, 2)
    total = [0.0, 0.0]
    counted = 0
    expected = []
    for step in range(1, steps + 1):
        opt.zero_grad()
        loss = (model(dropout(inputs)) - Y).square().mean()
        loss.backward()
        opt.step()
        w = model.weight[0].tolist()
        loss.item()
        expected.append(expected_loss(w, p))
        if step > average_from * steps:
            total[0] += w[0]
            total[1] += w[1]
            counted += 1
    return [t / counted for t in total]


def compute(out):
    for i, (opt, batch, lr) in enumerate([('sgd', 1, 0.001), ('sgd', 1024, 0.001), ('adam', 1, 0.01), ('adam', 1024, 0.01)]):
        w = train(0.5, batch, 3000, lr, opt, 100 + i)
        out.append(f'{opt} batch {batch}, p = 0.5: w = [{w[0]:.4f}, {w[1]:.4f}]  closed form {[round(v, 4) for v in closed_form(0.5)]}')
    for i, p in enumerate([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]):
        w = train(p, 1024, 2000, 0.8 / curvature(p), 'sgd', 200 + i, 0.75)
        out.append(f'sweep p = {p}: w = [{w[0]:.4f}, {w[1]:.4f}]  closed form {[round(v, 4) for v in closed_form(p)]}')


def main():
    times = {}
    lines = []
    for threads in [None, 1]:
        if threads is not None:
            torch.set_num_threads(threads)
        lines = []
        start = time.perf_counter()
        compute(lines)
        times['default threads' if threads is None else '1 thread'] = time.perf_counter() - start
    print('\n'.join(lines))
    for label, seconds in times.items():
        print(f'dropout-toy (PyTorch {torch.__version__}, {label}): {seconds:.1f} s', file=sys.stderr)


if __name__ == '__main__':
    main()
