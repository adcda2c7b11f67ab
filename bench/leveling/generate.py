"""Generated leveling problems for the scale goal (10,000 and 100,000 tasks, 50 resources).

The recipe: a layered DAG of ``n`` tasks (about ``sqrt(n)/2`` layers, task ids shuffled), each
task outside the first layer with 1-3 predecessors from earlier layers (mostly the layer before);
links 80% FS, 10% SS, 5% FF, 5% SF, a quarter of them with a lag of -2..+5 days (FS lags never
below minus the predecessor's duration); durations 1-20 days; every task uses 1 or 2 of the
``resources`` resources with 1-3 units; each resource's capacity is set so that its work fits in
about twice the unlevelled length of the network, so leveling has real conflicts to resolve.
Times are days. The same ``(n, seed)`` gives the same problem.

Examples
--------
>>> p = generate(200, seed=1)
>>> len(p.tasks), len(p.resources)
(200, 50)
"""

from __future__ import annotations

import math

import numpy as np

from pmo.engine.leveling import LevelingProblem, Link, Resource, Task

KINDS = ("FS", "SS", "FF", "SF")


def generate(n: int, *, resources: int = 50, seed: int = 20260101) -> LevelingProblem:
    """A seeded problem of ``n`` tasks sharing ``resources`` resources."""
    rng = np.random.default_rng(seed)
    layers = max(2, round(math.sqrt(n) / 2))
    layer_of = np.sort(rng.integers(0, layers, n))
    layer_of[:layers] = np.arange(layers)
    layer_of.sort()
    ids = rng.permutation(n)  # task position k has key ids[k]
    dur = rng.integers(1, 21, n)
    starts = np.searchsorted(layer_of, np.arange(layers + 1))
    links: list[Link] = []
    for k in range(starts[1], n):
        layer = int(layer_of[k])
        for _ in range(int(rng.integers(1, 4))):
            src_layer = layer - 1 if rng.random() < 0.8 or layer == 1 else int(rng.integers(0, layer - 1))
            i = int(rng.integers(starts[src_layer], starts[src_layer + 1]))
            kind = KINDS[int(rng.choice(4, p=[0.8, 0.1, 0.05, 0.05]))]
            lag = int(rng.integers(-2, 6)) if rng.random() < 0.25 else 0
            if kind == "FS":
                lag = max(lag, -int(dur[i]))
            links.append(Link(int(ids[i]), int(ids[k]), kind, lag))
    uses = rng.integers(0, resources, (n, 2))
    units = rng.integers(1, 4, (n, 2))
    two = rng.random(n) < 0.5
    work = np.zeros(resources)
    tasks = []
    for k in range(n):
        demands = [(f"R{uses[k, 0] + 1}", int(units[k, 0]))]
        work[uses[k, 0]] += units[k, 0] * dur[k]
        if two[k] and uses[k, 1] != uses[k, 0]:
            demands.append((f"R{uses[k, 1] + 1}", int(units[k, 1])))
            work[uses[k, 1]] += units[k, 1] * dur[k]
        tasks.append(Task(int(ids[k]), int(dur[k]), tuple(demands)))
    length = layers * 10.5  # a rough unlevelled length
    caps = [max(3, math.ceil(w / (2 * length))) for w in work]
    order = np.argsort(ids)
    return LevelingProblem(
        tasks=tuple(tasks[k] for k in order.tolist()),
        resources=tuple(Resource(f"R{r + 1}", caps[r]) for r in range(resources)),
        links=tuple(links),
    )
