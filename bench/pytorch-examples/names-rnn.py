"""The names-rnn example's computation (docs/examples/names-rnn.mjs) in PyTorch, for the wall-time
comparison: the same synthetic bigram languages (same construction; Python's seeded random numbers
instead of chainrule's Generator, so different words), the same sizes, batching by length through
TensorDataset/DataLoader, nn.RNN and nn.LSTM classifiers, Adam, epochs. No figures. Prints the wall
time with the default number of threads and with torch.set_num_threads(1).

    /usr/bin/python3 bench/pytorch-examples/names-rnn.py [--quick]
"""
import math
import random
import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

QUICK = '--quick' in sys.argv
LETTERS = 'aeioubdgklmnprst'
VOWELS = set('aeiou')
N = len(LETTERS)


def softmax_row(logits):
    top = max(logits)
    e = [math.exp(v - top) for v in logits]
    s = sum(e)
    return [v / s for v in e]


def make_languages(seed):
    rng = random.Random(seed)
    alt = lambda a, b: 1.5 if (LETTERS[a] in VOWELS) != (LETTERS[b] in VOWELS) else 0.0
    rand_logits = lambda spread: [[spread * rng.gauss(0, 1) for _ in range(N)] for _ in range(N)]
    build = lambda logits, start: (softmax_row(start), [softmax_row([v + alt(a, b) for b, v in enumerate(row)]) for a, row in enumerate(logits)])
    own = [(rand_logits(1.6), [1.6 * rng.gauss(0, 1) for _ in range(N)]) for _ in range(3)]
    languages = [build(l, s) for l, s in own]
    drift = rand_logits(0.6)
    parent_logits, parent_start = own[2]
    languages.append(build([[v + drift[a][b] for b, v in enumerate(row)] for a, row in enumerate(parent_logits)],
                           [v + 0.6 * rng.gauss(0, 1) for v in parent_start]))
    return languages


def sample_index(p, r):
    acc = 0.0
    for i, v in enumerate(p):
        acc += v
        if r < acc:
            return i
    return len(p) - 1


def sample_words(languages, per_language, seed):
    rng = random.Random(seed)
    out = []
    for label, (start, nxt) in enumerate(languages):
        for _ in range(per_language):
            length = 3 + int(rng.random() * 6)
            word = [sample_index(start, rng.random())]
            while len(word) < length:
                word.append(sample_index(nxt[word[-1]], rng.random()))
            out.append((word, label))
    return out


def log_likelihood(language, word):
    start, nxt = language
    return math.log(start[word[0]]) + sum(math.log(nxt[a][b]) for a, b in zip(word, word[1:]))


def length_loaders(data, batch_size, generator):
    by_length = {}
    for word, label in data:
        by_length.setdefault(len(word), []).append((word, label))
    return [DataLoader(TensorDataset(torch.tensor([w for w, _ in items], dtype=torch.int64), torch.tensor([l for _, l in items])),
                       batch_size=batch_size, shuffle=generator is not None, generator=generator)
            for _, items in sorted(by_length.items())], generator


def epoch_batches(source):
    loaders, generator = source
    batches = [(nn.functional.one_hot(letters.t(), N).float(), labels) for loader in loaders for letters, labels in loader]
    if generator is None:
        return batches
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


class WordClassifier(nn.Module):
    def __init__(self, kind, hidden, classes):
        super().__init__()
        self.recurrent = nn.LSTM(N, hidden) if kind == 'LSTM' else nn.RNN(N, hidden)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        _, state = self.recurrent(x)
        h = state[0] if isinstance(state, tuple) else state
        return self.head(h.squeeze(0))


def evaluate(model, batches):
    correct = total = 0
    with torch.no_grad():
        for x, y in batches:
            correct += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    return correct / total


def run():
    languages = make_languages(2026)
    train = sample_words(languages, 60 if QUICK else 1500, 1)
    test = sample_words(languages, 30 if QUICK else 250, 2)
    test_batches = epoch_batches(length_loaders(test, 256, None))
    train_eval = epoch_batches(length_loaders(train, 256, None))
    epochs, hidden = (4, 16) if QUICK else (10, 32)
    bayes = sum(max(range(4), key=lambda k: log_likelihood(languages[k], w)) == l for w, l in test) / len(test)
    results = {'Bayes': bayes}
    for kind in ['RNN', 'LSTM']:
        torch.manual_seed(3)
        model = WordClassifier(kind, hidden, 4)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
        loaders = length_loaders(train, 64, torch.Generator().manual_seed(4))
        for _ in range(epochs):
            for x, y in epoch_batches(loaders):
                loss = nn.functional.cross_entropy(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            evaluate(model, test_batches)
        evaluate(model, train_eval)
        results[kind] = evaluate(model, test_batches)
    return results


if __name__ == '__main__':
    for threads in [torch.get_num_threads(), 1]:
        torch.set_num_threads(threads)
        start = time.perf_counter()
        results = run()
        seconds = time.perf_counter() - start
        print(f'names-rnn (PyTorch {torch.__version__}, {threads} thread{"s" if threads > 1 else ""}): {seconds:.1f} s; '
              f'test accuracy {", ".join(f"{k} {v:.3f}" for k, v in results.items())}')
