"""PyTorch's side of bench/small-cnn.mjs (random-labels' MLP and LeNet-style CNN on 8x8 images):
one Adam step on a batch of 32, one evaluation of 400 images, and the CNN's second convolution
alone at the evaluation's size, on one thread. Medians.

    /usr/bin/python3 bench/pytorch-small-cnn.py
"""
import os
import time

# One thread before torch loads: Debian's PyTorch runs its products on OpenBLAS, whose own threads
# torch.set_num_threads does not reach (an MLP evaluation took 0.70 ms with them, 0.28 ms on one).
for variable in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ.setdefault(variable, '1')

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(1)


class SmallLeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.relu = nn.ReLU()
        self.fc1 = nn.Linear(128, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        o = x.reshape(-1, 1, 8, 8)
        o = self.pool(self.relu(self.conv1(o)))
        o = self.pool(self.relu(self.conv2(o)))
        o = self.relu(self.fc1(o.flatten(1)))
        return self.fc3(self.relu(self.fc2(o)))


def ms(fn, calls, rounds=9):
    for _ in range(calls):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls * 1000)
    return sorted(times)[rounds // 2]


print(f'PyTorch {torch.__version__}, 1 thread')
for name, make in [('MLP', lambda: nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))), ('CNN', SmallLeNet)]:
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    x, y, images = torch.rand(32, 64), torch.randint(0, 10, (32,)), torch.rand(400, 64)

    def step():
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()

    def evaluate():
        with torch.no_grad():
            model(images).argmax(1)

    print(f'{name}: Adam step (batch 32) {ms(step, 100):.3f} ms, evaluation (400 images) {ms(evaluate, 20):.3f} ms')
conv2 = nn.Conv2d(16, 32, 3, padding=1)
maps = torch.rand(400, 16, 4, 4)
with torch.no_grad():
    print(f'conv 16->32 3x3 on [400, 16, 4, 4], no grad: {ms(lambda: conv2(maps), 30):.3f} ms')
