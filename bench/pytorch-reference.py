#!/usr/bin/env python3
"""PyTorch, one thread (or --threads N): the reference figures that bench/training.mjs and bench/targets.mjs quote, measured on this machine.

What
    bench/training.mjs compares chainrule with tfjs and quotes PyTorch's one-thread figures as
    constants from the WASM issue (MLP 1.1 ms, CNN 7.4 ms, LSTM 9.6 ms, matmul ~97 GFLOPS). This
    script measures the same workloads with the system's PyTorch (Debian's python3-torch) on one
    thread, so that comparison is repeatable:

      mlp     MLP 784-256-256-10 ReLU + cross-entropy, batch 64
      cnn     1x28x28, batch 32: conv3x3(1->16, pad 1)+ReLU+maxpool2, conv3x3(16->32, pad 1)+ReLU+maxpool2,
              linear(32*7*7->10), cross-entropy
      lstm    torch.nn.LSTM seq 32, batch 16, input 32, hidden 128, loss = mean(h_T^2)
              (each: one training step = zero_grad(set_to_none=True), forward, loss, backward,
              torch.optim.SGD step with lr 0.01, loss.item())
      tanh    torch.tanh over 2^20 float32
      fma     x*y + x over 2^20 float32 (two ops: mul, then add)
      chain   per-op overhead: y <- sqrt(y*w + b) 667 times on 1-element tensors, forward + backward
              (bench/workloads.mjs's `chain`; reported also per op)
      matmul  n x n float32 for n = 64..1024, NN/NT/TN/TT; a transposed operand is `x.t()` of a
              contiguous tensor (a strided view, as in bench/kernels.mjs); GFLOPS = 2n^3 / time

    Shapes, parameter and data initialisation, learning rate and losses follow
    bench/training-models.mjs and bench/kernels.mjs. The parameters and data are even the same
    numbers: `uniform` below is the mulberry32 generator of common.mjs, vectorised, so
    each training case's loss at the initial parameters (`initialLoss` in the output) can be set
    against the `reference` loss of the JS cross-check.

How
    float32 throughout, torch.set_num_threads(1) (OPENBLAS/OMP/MKL_NUM_THREADS default to 1 before
    torch is imported), time.perf_counter. As in the JS harness: round 0 first warms each case up
    (300 ms), then R interleaved rounds (for round in range(R): for case in cases: sample for
    ~300 ms per training case, ~80 ms per kernel case). A training sample is one step; a kernel
    sample is the mean over a block of calls lasting >= 1 ms. Per case: the median over all
    samples, the fastest sample and the per-round medians.

Usage
    /usr/bin/python3 bench/pytorch-reference.py              # ~5 rounds; writes bench/results/<date>-<commit>-pytorch.json
    /usr/bin/python3 bench/pytorch-reference.py --quick      # smoke test: 1 short round, writes nothing unless --out
    /usr/bin/python3 bench/pytorch-reference.py --rounds 9 --out /tmp/pt.json
    /usr/bin/python3 bench/pytorch-reference.py --threads 2  # two threads: ...-pytorch-2threads.json (bench/targets.mjs reads both)
    /usr/bin/python3 bench/pytorch-reference.py --serve      # the training steps on request (bench/pytorch-serve.mjs)

    --serve pairs PyTorch's samples with chainrule's in time: it prepares every case and runs one
    warm-up round over them (so that the process is in the state of a full run: see serve()),
    prints `{"ready": true}` and then, for each stdin line `<case> <budget ms>` (mlp, cnn, lstm),
    warms that case up for 200 ms, samples it for the budget and prints one JSON line {id,
    medianMs, samples, load}. It computes nothing between requests, so it never overlaps a
    JavaScript measurement; on this VM, whose speed drifts by tens of percent over minutes, a
    ratio of samples taken seconds apart is steadier than one of runs taken minutes apart.
    npm run bench:pytorch

    BLAS matters: Debian's torch 1.13 is built with BLAS_INFO=generic, so matmul, linear layers and
    the LSTM run on whatever libblas.so.3 resolves to (convolutions use oneDNN). With only libblas3
    (the netlib reference BLAS) matmul reaches ~5 GFLOPS; the issue's figures (97 GFLOPS, MLP
    1.1 ms) are PyTorch on OpenBLAS: install libopenblas0-pthread, or point LD_LIBRARY_PATH at its
    .../openblas-pthread/ directory. The output records the BLAS actually loaded (`blas`).

    The output's `reference` block has the keys of training.mjs's PYTORCH_ONE_THREAD constant
    ({mlpMs, cnnMs, lstmMs, matmulGflops}; medians; matmulGflops = the best median GFLOPS over
    n >= 256 and the four combinations), so a JS reader can use it in its place.
"""

import os
import sys


def _threads_from_argv(argv):
    """--threads N (default 1), read before torch is imported: its BLAS/OpenMP runtimes read the
    *_NUM_THREADS variables once, when they load."""
    for i, a in enumerate(argv):
        if a == '--threads' and i + 1 < len(argv):
            return int(argv[i + 1])
        if a.startswith('--threads='):
            return int(a.split('=', 1)[1])
    return 1


THREADS = _threads_from_argv(sys.argv[1:])
# N threads (default one), before torch (and its OpenMP / BLAS runtimes) is loaded.
os.environ.setdefault('OPENBLAS_NUM_THREADS', str(THREADS))
os.environ.setdefault('OMP_NUM_THREADS', str(THREADS))
os.environ.setdefault('MKL_NUM_THREADS', str(THREADS))

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(THREADS)
torch.set_default_dtype(torch.float32)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

LR = 0.01  # bench/training-models.mjs
ISSUE_CONSTANTS = {'mlpMs': 1.1, 'cnnMs': 7.4, 'lstmMs': 9.6, 'matmulGflops': 97}  # bench/training.mjs
MATMUL_SIZES = [64, 128, 256, 512, 1024]
COMBOS = ['NN', 'NT', 'TN', 'TT']
ELEMENTWISE_N = 2 ** 20


# ------------------------------------------------------------------ data: training-models.mjs's generator

def uniform(length, seed, lo=-0.5, hi=0.5):
    """mulberry32 -> float32 in [lo, hi): the numbers of training-models.mjs's `uniform`, bit for bit."""
    k = np.arange(1, length + 1, dtype=np.uint64)
    s = ((np.uint64(seed & 0xFFFFFFFF) + k * np.uint64(0x6D2B79F5)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    t = s.copy()
    t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))  # Math.imul: the low 32 bits, as uint32 wraps
    t = t ^ (t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61)))
    u = (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0
    return (lo + (hi - lo) * u).astype(np.float32)


def init(length, fan_in, seed):
    """PyTorch's default range for a layer with fan_in inputs: U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    b = 1 / math.sqrt(fan_in)
    return uniform(length, seed, -b, b)


def labels(n, classes, seed):
    u = uniform(n, seed, 0, 1).astype(np.float64)
    return torch.from_numpy(np.minimum(classes - 1, np.floor(u * classes)).astype(np.int64))


def t32(array, shape):
    return torch.from_numpy(np.ascontiguousarray(array)).reshape(shape)


def load(module, params):
    """Copies PyTorch-layout data into a module's parameters by name (all of them, no others)."""
    named = dict(module.named_parameters())
    if set(named) != set(params):
        raise RuntimeError(f'parameters {sorted(named)} vs data for {sorted(params)}')
    with torch.no_grad():
        for name, data in params.items():
            named[name].copy_(t32(data, named[name].shape))


# ------------------------------------------------------------------ training cases

def trainer(model, loss_of):
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_of()
        loss.backward()
        opt.step()
        return loss.item()

    with torch.no_grad():
        initial_loss = loss_of().item()
    return step, initial_loss


def mlp_case(batch=64):
    sizes = [784, 256, 256, 10]
    x = t32(uniform(batch * 784, 11, 0, 1), (batch, 784))
    target = labels(batch, 10, 12)
    params = {}
    for layer in range(3):
        params[f'{2 * layer}.weight'] = init(sizes[layer + 1] * sizes[layer], sizes[layer], 100 + layer)
        params[f'{2 * layer}.bias'] = init(sizes[layer + 1], sizes[layer], 200 + layer)
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    load(model, params)
    step, loss0 = trainer(model, lambda: nn.functional.cross_entropy(model(x), target))
    return {
        'id': 'mlp', 'group': 'training', 'run': step, 'initialLoss': loss0,
        'title': f'MLP 784-256-256-10 ReLU + cross-entropy, batch {batch}: forward + backward + SGD step',
        'flops': 6 * batch * (784 * 256 + 256 * 256 + 256 * 10),
    }


def cnn_case(batch=32):
    x = t32(uniform(batch * 784, 21, 0, 1), (batch, 1, 28, 28))
    target = labels(batch, 10, 22)
    params = {
        '0.weight': init(16 * 9, 9, 300),
        '0.bias': init(16, 9, 301),
        '3.weight': init(32 * 16 * 9, 16 * 9, 302),
        '3.bias': init(32, 16 * 9, 303),
        '7.weight': init(10 * 1568, 1568, 304),
        '7.bias': init(10, 1568, 305),
    }
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1568, 10),
    )
    load(model, params)
    step, loss0 = trainer(model, lambda: nn.functional.cross_entropy(model(x), target))
    macs = batch * 784 * 16 * 9 + batch * 196 * 32 * 16 * 9 + batch * 1568 * 10
    return {
        'id': 'cnn', 'group': 'training', 'run': step, 'initialLoss': loss0,
        'title': f'CNN 1x28x28 conv(1->16)-pool-conv(16->32)-pool-linear, batch {batch}: forward + backward + SGD step',
        'flops': 6 * macs - 2 * batch * 784 * 16 * 9,  # no input gradient for the first layer
    }


def lstm_case(seq=32, batch=16, inp=32, hidden=128):
    H = hidden
    x = t32(uniform(seq * batch * inp, 31), (seq, batch, inp))
    params = {
        'weight_ih_l0': init(4 * H * inp, H, 400),
        'weight_hh_l0': init(4 * H * H, H, 401),
        'bias_ih_l0': init(4 * H, H, 402),
        'bias_hh_l0': init(4 * H, H, 403),
    }
    model = torch.nn.LSTM(inp, H)
    load(model, params)

    def loss_of():
        _, (h_n, _) = model(x)
        return h_n.square().mean()

    step, loss0 = trainer(model, loss_of)
    macs = seq * batch * 4 * H * (inp + H)
    return {
        'id': 'lstm', 'group': 'training', 'run': step, 'initialLoss': loss0,
        'title': f'LSTM seq {seq}, batch {batch}, input {inp}, hidden {H}, loss mean(h_T^2): forward + backward + SGD step',
        'flops': 6 * macs - 2 * seq * batch * 4 * H * inp,  # no input gradient needed
    }


# ------------------------------------------------------------------ kernel cases

def elementwise_cases(n=ELEMENTWISE_N):
    x = torch.from_numpy(uniform(n, 41, -3, 3))
    y = torch.from_numpy(uniform(n, 42, -3, 3))
    exp = int(math.log2(n))
    return [
        {'id': 'tanh', 'group': 'kernel', 'title': f'tanh(x) over 2^{exp} float32', 'elements': n,
         'run': lambda: torch.tanh(x)},
        {'id': 'fma', 'group': 'kernel', 'title': f'x*y + x over 2^{exp} float32 (two ops)', 'elements': n,
         'run': lambda: x * y + x},
    ]


CHAIN_STEPS = 667  # bench/workloads.mjs's `chain`: 3 ops a step, 2001 ops


def chain_case(steps=CHAIN_STEPS):
    """Per-op overhead (bench/workloads.mjs's `chain`): y <- sqrt(y*w + b), `steps` times from y = x,
    on one-element tensors, then backward to x, w and b (gradients set to None first)."""
    x = torch.tensor(0.5, requires_grad=True)
    w = torch.tensor(0.5, requires_grad=True)
    b = torch.tensor(1.0, requires_grad=True)

    def run():
        x.grad = None
        w.grad = None
        b.grad = None
        y = x
        for _ in range(steps):
            y = torch.sqrt(y * w + b)
        y.backward()
        return y

    return {'id': 'chain', 'group': 'overhead', 'opsPerIteration': 3 * steps, 'run': run,
            'title': f'engine overhead: {3 * steps} chained mul/add/sqrt on 1-element tensors, forward + backward'}


def matmul_cases(sizes):
    cases = []
    for n in sizes:
        ad = uniform(n * n, 51 + n, -0.5, 0.5)
        bd = uniform(n * n, 52 + n, -0.5, 0.5)
        for combo in COMBOS:
            # A transposed operand: the stored (contiguous) matrix viewed transposed, no copy.
            a = t32(ad, (n, n))
            b = t32(bd, (n, n))
            a = a.t() if combo[0] == 'T' else a
            b = b.t() if combo[1] == 'T' else b
            cases.append({
                'id': f'matmul-{n}-{combo}', 'group': 'matmul', 'n': n, 'combo': combo,
                'title': f'matmul {n}x{n} {combo}', 'flops': 2 * n ** 3,
                'run': (lambda a=a, b=b: torch.matmul(a, b)),
            })
    return cases


# ------------------------------------------------------------------ measurement (bench/training.mjs's scheme)

def ms():
    return time.perf_counter() * 1000.0


def sample(case, budget_ms, block_ms, warmup_ms):
    """One case's samples for one round: warm-up calls for warmup_ms (at least one), then samples
    until budget_ms has passed. Kernel samples average a block of calls lasting >= block_ms."""
    run = case['run']
    single = math.inf
    end = ms() + warmup_ms
    while True:
        t0 = ms()
        run()
        single = min(single, ms() - t0)
        if ms() >= end:
            break
    block = max(1, math.ceil(block_ms / max(single, 1e-3))) if case['group'] != 'training' else 1
    samples = []
    start = ms()
    while True:
        t0 = ms()
        for _ in range(block):
            run()
        samples.append((ms() - t0) / block)
        if ms() - start >= budget_ms:
            break
    return samples


def cpu_model():
    try:
        with open('/proc/cpuinfo', encoding='utf8') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def blas_libraries():
    """The BLAS/LAPACK shared objects this process has loaded (torch 1.13 from Debian is built with
    BLAS_INFO=generic: whatever libblas.so.3 resolves to, through Debian's alternatives or
    LD_LIBRARY_PATH). Matmul, linear layers and the LSTM go through it; convolutions use oneDNN."""
    found = []
    try:
        with open('/proc/self/maps', encoding='utf8') as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ''
                base = os.path.basename(path).lower()
                if any(k in base for k in ('blas', 'lapack', 'mkl', 'blis', 'dnnl')) and path not in found:
                    found.append(path)
    except OSError:
        pass
    libs = [{'path': p, 'realpath': os.path.realpath(p)} for p in found]
    real = ' '.join(x['realpath'].lower() for x in libs)
    if 'openblas' in real:
        kind = 'OpenBLAS'
    elif 'mkl' in real:
        kind = 'MKL'
    elif 'blis' in real:
        kind = 'BLIS'
    elif 'atlas' in real:
        kind = 'ATLAS'
    elif '/blas/libblas.so' in real:
        kind = 'reference (netlib) BLAS'
    else:
        kind = 'unknown'
    return {'kind': kind, 'libraries': libs}


def git_short():
    """The checked-out commit (read only), or None outside a git checkout."""
    try:
        out = subprocess.run(['git', 'rev-parse', '--short=8', 'HEAD'], cwd=ROOT, capture_output=True, text=True, timeout=10)
        if out.returncode != 0:
            return None
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--quick', action='store_true', help='smoke test: 1 short round; writes nothing unless --out')
    parser.add_argument('--rounds', type=int, default=None, help='interleaved rounds (default 5; 1 with --quick)')
    parser.add_argument('--threads', type=int, default=1, help='torch.set_num_threads (and the BLAS/OpenMP variables); default 1')
    parser.add_argument('--out', default=None, help='output JSON path (default bench/results/<UTC date>-<commit>-pytorch.json)')
    parser.add_argument('--serve', action='store_true', help='sample the training cases on request from stdin (see Usage)')
    args = parser.parse_args()
    if args.serve:
        serve()
        return

    config = {
        'rounds': args.rounds if args.rounds is not None else (1 if args.quick else 5),
        'trainingMsPerTask': 60 if args.quick else 300,
        'kernelMsPerTask': 15 if args.quick else 80,
        'warmupMs': 30 if args.quick else 300,
        'kernelBlockMs': 1,
        'matmulSizes': [64, 256] if args.quick else MATMUL_SIZES,
        'lr': LR,
        'dtype': 'float32',
    }
    if config['rounds'] < 1:
        parser.error('--rounds must be >= 1')

    process_start = time.perf_counter()
    started_at = datetime.datetime.now(datetime.timezone.utc)
    load_before = list(os.getloadavg())

    sys.stderr.write('preparing…\n')
    cases = all_cases(config['matmulSizes'])
    samples = {c['id']: [] for c in cases}
    round_medians = {c['id']: [] for c in cases}
    load_per_round = []

    timed_start = time.perf_counter()
    for rnd in range(config['rounds']):
        for c in cases:
            budget = config['trainingMsPerTask'] if c['group'] == 'training' else config['kernelMsPerTask']
            s = sample(c, budget, config['kernelBlockMs'], config['warmupMs'] if rnd == 0 else 0)
            samples[c['id']].extend(s)
            round_medians[c['id']].append(statistics.median(s))
        load_per_round.append(os.getloadavg()[0])
        sys.stderr.write(f'round {rnd + 1}/{config["rounds"]} done ({time.perf_counter() - timed_start:.0f} s, load {os.getloadavg()[0]:.2f})\n')
    timed_s = time.perf_counter() - timed_start
    load_after = list(os.getloadavg())

    results = []
    for c in cases:
        s = samples[c['id']]
        med = statistics.median(s)
        fastest = min(s)
        rounds = round_medians[c['id']]
        r = {k: v for k, v in c.items() if k != 'run'}
        r.update({
            'medianMs': med,
            'fastestMs': fastest,
            'samples': len(s),
            'roundMediansMs': rounds,
            'roundSpread': (max(rounds) - min(rounds)) / med,
        })
        if 'flops' in c:
            r['gflops'] = c['flops'] / med / 1e6
            r['fastestGflops'] = c['flops'] / fastest / 1e6
        results.append(r)
    by_id = {r['id']: r for r in results}

    big = [r for r in results if r['group'] == 'matmul' and r['n'] >= 256]
    best = max(big, key=lambda r: r['gflops']) if big else None
    reference = {
        'mlpMs': by_id['mlp']['medianMs'],
        'cnnMs': by_id['cnn']['medianMs'],
        'lstmMs': by_id['lstm']['medianMs'],
        'matmulGflops': best['gflops'] if best else None,
        'tanhMs': by_id['tanh']['medianMs'],
        'fmaMs': by_id['fma']['medianMs'],
        'chainUsPerOp': by_id['chain']['medianMs'] * 1000 / by_id['chain']['opsPerIteration'],
    }

    commit = git_short()
    suffix = '' if THREADS == 1 else f'-{THREADS}threads'
    name = f'{started_at.strftime("%Y-%m-%d")}-{commit or "nogit"}-pytorch{suffix}'
    report = {
        'name': name,
        'date': started_at.isoformat().replace('+00:00', 'Z'),
        'commit': commit,
        'machine': {
            'platform': platform.platform(),
            'arch': platform.machine(),
            'cpu': cpu_model(),
            'cores': os.cpu_count(),
            'loadAverageBefore': load_before,
            'loadAverageAfter': load_after,
            'loadAverage1mPerRound': load_per_round,
        },
        'python': platform.python_version(),
        'executable': sys.executable,
        'torch': torch.__version__,
        'numpy': np.__version__,
        'threads': torch.get_num_threads(),
        'interopThreads': torch.get_num_interop_threads(),
        'threadEnvironment': {k: os.environ.get(k) for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')},
        'mkldnn': torch.backends.mkldnn.is_available(),
        'blas': blas_libraries(),
        'ldLibraryPath': os.environ.get('LD_LIBRARY_PATH'),
        'cpuCapability': next((line.split(':', 1)[1].strip() for line in torch.__config__.show().splitlines() if 'CPU capability usage' in line), None),
        'config': {**config, 'timedRoundsSeconds': timed_s, 'totalSeconds': time.perf_counter() - process_start},
        'reference': reference,
        'referenceDefinition': (
            'medians over all samples; mlpMs/cnnMs/lstmMs: one training step; matmulGflops: the best median GFLOPS '
            f'over n >= 256 and NN/NT/TN/TT ({best["id"] if best else "none"}); same keys as bench/training.mjs PYTORCH_ONE_THREAD'
        ),
        'issueConstants': ISSUE_CONSTANTS,
        'initialLossNote': 'initialLoss: the loss at the initial parameters (the same numbers as the JS cross-check reference loss)',
        'cases': results,
    }

    print_summary(report)

    if args.quick and args.out is None:
        print('--quick: nothing written (pass --out to keep it)')
        return
    out = args.out or os.path.join(HERE, 'results', f'{name}.json')
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, 'w', encoding='utf8') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    shown = os.path.relpath(out, ROOT)
    print(f'wrote {out if shown.startswith("..") else shown}')


def all_cases(matmul_sizes):
    """Every case of a run, in the order a round samples them."""
    return [mlp_case(), cnn_case(), lstm_case(), *elementwise_cases(), chain_case(), *matmul_cases(matmul_sizes)]


# Each request's own warm-up before its samples: a process woken after idling (or after another
# process's work) ran its CNN step 15-25 % slower for a while (5.8 ms back to back, 6.6-7.3 ms
# after 300 ms away; sampled from bench/pytorch-serve.mjs).
SERVE_WARMUP_MS = 200


def serve():
    """--serve: the training cases sampled on request (one JSON line out per line in), after a
    warm-up round over every case of a full run. The round matters, not only for warmth: the
    process's allocator state follows what ran before (the matmul and elementwise cases free
    blocks of megabytes, after which glibc serves the CNN's activations from its heap instead of
    fresh pages), and PyTorch's CNN step measured 7.3-10.5 ms in a process that had run only the
    training cases against 5.6-6.4 ms in full runs."""
    every = all_cases(MATMUL_SIZES)
    for c in every:
        sample(c, 0, 1, 300 if c['group'] == 'training' else 30)
    cases = {c['id']: c for c in every if c['group'] == 'training'}
    reply({'ready': True, 'threads': torch.get_num_threads(), 'torch': torch.__version__, 'blas': blas_libraries()['kind']})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        case = cases.get(words[0])
        if case is None or len(words) != 2:
            reply({'error': f'expected "<{"|".join(cases)}> <budget ms>", got {line.strip()!r}'})
            continue
        s = sample(case, float(words[1]), 1, SERVE_WARMUP_MS)
        reply({'id': case['id'], 'medianMs': statistics.median(s), 'samples': len(s), 'load': os.getloadavg()[0]})


def reply(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()


def print_summary(report):
    m = report['machine']
    la = lambda v: ' '.join(f'{x:.2f}' for x in v)  # noqa: E731
    print(f'PyTorch {report["torch"]} (python {report["python"]}), {report["threads"]} thread(s), {report["cpuCapability"]}; '
          f'{m["cpu"]}, {m["cores"]} cores')
    blas = report['blas']
    print(f'BLAS: {blas["kind"]} ({", ".join(x["realpath"] for x in blas["libraries"] if "dnnl" not in x["realpath"]) or "none found"})')
    if blas['kind'].startswith('reference'):
        print('  note: the reference BLAS is unoptimised: matmul, linear layers and the LSTM are 5-30x slower than with OpenBLAS;')
        print('  the issue\'s figures are PyTorch on OpenBLAS (apt-get install libopenblas0-pthread, or LD_LIBRARY_PATH to its openblas-pthread/ dir)')
    print(f'load average (1/5/15 min) before {la(m["loadAverageBefore"])}, after {la(m["loadAverageAfter"])}; '
          f'1-min load per round: {la(m["loadAverage1mPerRound"])}')
    cfg = report['config']
    print(f'{cfg["rounds"]} interleaved round(s) in {cfg["timedRoundsSeconds"]:.0f} s (total {cfg["totalSeconds"]:.0f} s); '
          'medians over all samples; spread = ±half of (slowest − fastest round median) / median\n')

    rows = [('case', 'median ms', 'fastest ms', 'spread', 'samples', 'GFLOPS', 'issue', 'initial loss')]
    issue = report['issueConstants']
    issue_of = {'mlp': f'{issue["mlpMs"]} ms', 'cnn': f'{issue["cnnMs"]} ms', 'lstm': f'{issue["lstmMs"]} ms'}
    for r in report['cases']:
        if r['group'] == 'matmul':
            continue
        rows.append((r['id'], f'{r["medianMs"]:.3f}', f'{r["fastestMs"]:.3f}', f'±{r["roundSpread"] * 50:.0f}%', str(r['samples']),
                     f'{r["gflops"]:.2f}' if 'gflops' in r else '', issue_of.get(r['id'], ''),
                     f'{r["initialLoss"]:.7g}' if 'initialLoss' in r else ''))
    print_rows(rows)

    mm = [r for r in report['cases'] if r['group'] == 'matmul']
    if mm:
        print('\nf32 matmul n×n, median GFLOPS (fastest-sample GFLOPS)')
        rows = [('n', *COMBOS)]
        for n in sorted({r['n'] for r in mm}):
            cells = {r['combo']: f'{r["gflops"]:.1f} ({r["fastestGflops"]:.1f})' for r in mm if r['n'] == n}
            rows.append((str(n), *(cells.get(c, '') for c in COMBOS)))
        print_rows(rows)
    ref = report['reference']
    print(f'\nreference (for bench/training.mjs PYTORCH_ONE_THREAD; issue {issue}):')
    print('  ' + json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in ref.items()}))


def print_rows(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print('  '.join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))


if __name__ == '__main__':
    main()
