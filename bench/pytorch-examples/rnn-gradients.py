"""The rnn-gradients example's computation (docs/examples/rnn-gradients.mjs) in PyTorch, for the
wall-time comparison: same sizes, steps and models; no figures. Prints the wall time with the
default number of threads and with torch.set_num_threads(1).

    /usr/bin/python3 bench/pytorch-examples/rnn-gradients.py [--quick]
"""
import sys
import time

import torch
from torch import nn

QUICK = '--quick' in sys.argv


def running_average_batch(steps, batch, generator):
    x = torch.rand(steps, batch, 1, generator=generator) * 2 - 1
    counts = torch.arange(1, steps + 1, dtype=torch.float32).reshape(steps, 1, 1)
    return x, torch.cumsum(x, 0) / counts


class StudentRNN(nn.Module):
    def __init__(self, hidden, activation):
        super().__init__()
        self.input_to_hidden = nn.Linear(1, hidden)
        self.hidden_to_hidden = nn.Linear(hidden, hidden, bias=False)
        self.readout = nn.Linear(hidden, 1)
        self.activation = activation
        self.hidden = hidden

    def recurrent_matrix(self):
        return self.hidden_to_hidden.weight

    def forward(self, x, stepwise=True):
        h = torch.zeros(x.shape[1], self.hidden)
        hiddens = []
        for t in range(x.shape[0]):
            pre = self.input_to_hidden(x[t]) + self.hidden_to_hidden(h)
            h = torch.tanh(pre) if self.activation == 'tanh' else torch.relu(pre) if self.activation == 'relu' else pre
            hiddens.append(h)
        return hiddens, self.readout(torch.stack(hiddens, 0))


class StepLSTM(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden)
        self.readout = nn.Linear(hidden, 1)
        self.hidden = hidden

    def recurrent_matrix(self):
        return self.lstm.weight_hh_l0

    def forward(self, x, stepwise=False):
        if not stepwise:
            output, _ = self.lstm(x)
            return [], self.readout(output)
        h = torch.zeros(x.shape[1], self.hidden)
        c = torch.zeros(1, x.shape[1], self.hidden)
        hiddens = []
        for t in range(x.shape[0]):
            _, (h_next, c) = self.lstm(x[t:t + 1], (h.unsqueeze(0), c))
            h = h_next.squeeze(0)
            hiddens.append(h)
        return hiddens, self.readout(torch.stack(hiddens, 0))


def sequence_loss(pred, y, placement):
    if placement == 'every':
        return nn.functional.mse_loss(pred, y)
    return nn.functional.mse_loss(pred[-1], y[-1])


def spectral_radius(W):
    return torch.linalg.eigvals(W.detach()).abs().max().item()


def set_spectral_radius(model, radius):
    W = model.recurrent_matrix()
    H = W.shape[1]
    with torch.no_grad():
        for g in range(W.shape[0] // H):
            block = W[g * H:(g + 1) * H]
            if radius is not None:
                block.mul_(radius / spectral_radius(block))
    return max(spectral_radius(W[g * H:(g + 1) * H]) for g in range(W.shape[0] // H))


def hidden_state_gradients(model_name, radius, placement, steps, batch, hidden, seed):
    torch.manual_seed(seed)
    model = StepLSTM(hidden) if model_name == 'lstm' else StudentRNN(hidden, model_name)
    rho = set_spectral_radius(model, radius)
    x, y = running_average_batch(steps, batch, torch.Generator().manual_seed(seed + 1))
    hiddens, pred = model(x, stepwise=True)
    for h in hiddens:
        h.retain_grad()
    sequence_loss(pred, y, placement).backward()
    grads = [h.grad for h in hiddens]
    norms = [g.norm().item() for g in grads]
    gap = 0.0
    if model_name == 'linear' and placement == 'last':
        W = model.recurrent_matrix().detach().double()
        last = grads[-1].double()
        for t in range(steps - 1):
            product = last @ torch.linalg.matrix_power(W, steps - 1 - t)
            gap = max(gap, ((grads[t].double() - product).norm() / product.norm()).item())
    return norms, rho, gap


def train(model_name, placement, steps, batch, hidden, iterations, seed):
    torch.manual_seed(seed)
    model = StepLSTM(hidden) if model_name == 'lstm' else StudentRNN(hidden, 'tanh')
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    generator = torch.Generator().manual_seed(seed + 1)
    losses = []
    for _ in range(iterations):
        x, y = running_average_batch(steps, batch, generator)
        loss = sequence_loss(model(x)[1], y, placement)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model, losses


def gradient_norms_of(model, x, y):
    hiddens, pred = model(x, stepwise=True)
    for h in hiddens:
        h.retain_grad()
    sequence_loss(pred, y, 'last').backward()
    model.zero_grad()
    return [h.grad.norm().item() for h in hiddens]


def run():
    steps, hidden = (10, 8) if QUICK else (40, 16)
    radii = [0.5, 1.0, 1.5] if QUICK else [0.5, 0.9, 1.0, 1.1, 1.5]
    gaps = []
    for model in ['linear', 'tanh', 'relu', 'lstm']:
        for radius in [None] + radii:
            _, _, gap = hidden_state_gradients(model, radius, 'last', steps, 32, hidden, 7)
            hidden_state_gradients(model, radius, 'every', steps, 32, hidden, 7)
            gaps.append(gap)
    train_steps, iterations = (8, 16) if QUICK else (30, 200)
    x, y = running_average_batch(train_steps, 256, torch.Generator().manual_seed(99))
    finals = []
    for model_name in ['tanh', 'lstm']:
        for placement in ['every', 'last']:
            untrained, _ = train(model_name, placement, train_steps, 32, hidden, 0, 11)
            trained, losses = train(model_name, placement, train_steps, 32, hidden, iterations, 11)
            with torch.no_grad():
                ((trained(x)[1] - y) ** 2).mean(dim=(1, 2))
            if placement == 'last':
                gradient_norms_of(untrained, x, y)
                gradient_norms_of(trained, x, y)
            finals.append(sum(losses[-10:]) / 10)
    return max(gaps), finals


if __name__ == '__main__':
    for threads in [torch.get_num_threads(), 1]:
        torch.set_num_threads(threads)
        start = time.perf_counter()
        gap, finals = run()
        seconds = time.perf_counter() - start
        print(f'rnn-gradients (PyTorch {torch.__version__}, {threads} thread{"s" if threads > 1 else ""}): '
              f'{seconds:.1f} s; max gap {gap:.1e}; final losses {", ".join(f"{v:.3g}" for v in finals)}')
