#!/usr/bin/env python3
"""Write src/stats/reference/scipy-reference.json: scipy's answers for every function of src/stats.

Run with Debian's interpreter so the apt-installed scipy is the one used:

    /usr/bin/python3 scripts/make-stats-reference.py

Needs numpy and scipy (python3-numpy, python3-scipy; the committed file was made with scipy 1.10.1,
numpy 1.24.2). Inputs come from a seeded numpy Generator and are rounded to a few decimals (which also
creates ties), so the file is deterministic and re-running the script produces it byte for byte.
Floats are written with Python's shortest round-trip repr. Everything the TypeScript tests need is in the
file (inputs and outputs); it stays below 300 KB.

Where scipy has no function (Hodges-Lehmann interval, PSI, bootstrap) the value is computed here with
numpy from the definition the TypeScript code documents; the bootstrap replays core's mulberry32 PRNG so
the resamples are the same on both sides.
"""

from __future__ import annotations

import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance
from scipy.special._ufuncs import _kolmogc as kolmogc  # scipy.special.kolmogorov's complement, not exported

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "stats", "reference", "scipy-reference.json")
RNG = np.random.default_rng(20240611)


def f(x) -> float:
    """A plain float for JSON (numpy scalars included); infinities and NaN are not expected."""
    v = float(x)
    assert math.isfinite(v), v
    return v


def sample(n: int, loc: float = 0.0, scale: float = 1.0, decimals: int = 3) -> list[float]:
    """Normal values rounded to `decimals` places (fewer places, more ties)."""
    return [f(v) for v in np.round(RNG.normal(loc, scale, n), decimals)]


def ints(n: int, low: int, high: int) -> list[float]:
    return [f(v) for v in RNG.integers(low, high + 1, n)]


# --- special functions --------------------------------------------------------------------------------


def special_functions() -> dict:
    log_gamma_x = [1e-8, 1e-3, 0.1, 0.5, 0.9, 1, 1.0001, 1.5, 1.9999, 2, 2.5, 3, 4.5, 7.3, 9.99, 10, 10.01,
                   33.3, 100, 171.5, 1000, 1e5, 1e10, -0.5, -1.5, -2.7, -10.3]
    gamma = []
    for a in [0.1, 0.5, 1, 1.5, 2.5, 5, 10, 30, 100, 1000, 1e4]:
        for r in [1e-3, 0.1, 0.5, 0.9, 1, 1.1, 2, 5, 20]:
            x = a * r
            gamma.append([a, x, f(special.gammainc(a, x)), f(special.gammaincc(a, x))])
        gamma.append([a, a + 1, f(special.gammainc(a, a + 1)), f(special.gammaincc(a, a + 1))])
    chi = [[x, k, f(stats.chi2.cdf(x, k)), f(stats.chi2.sf(x, k))] for x, k in [
        (0.001, 1), (0.5, 1), (3.841458820694124, 1), (10, 2), (200, 3), (7.8, 3), (50, 10), (1000, 1),
        (1370, 3), (1400, 10), (50, 1000), (1000, 1000), (1100, 1000), (2500, 1000), (0.1, 20), (30, 0.5)]]
    zs = sorted({*np.round(np.linspace(-38, 38, 39), 6).tolist(), 0.0, 1e-10, -1e-10, 0.5, -0.5, 1.96, -1.96, 8.0,
                 -8.0, 30.0, 37.5, -37.5})
    normal = [[f(z), f(stats.norm.cdf(z)), f(stats.norm.sf(z))] for z in zs]
    ppf_p = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.99,
             0.999999, 1 - 1e-10]
    isf_q = [1e-300, 1e-50, 1e-10, 0.01, 0.5, 0.9]
    kolmogorov_x = [0.03, 0.041, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.82, 0.83, 1, 1.2, 1.36, 1.5, 2, 3, 3.5, 5, 10, 18]
    smirnov = [[n, x, f(special.smirnov(n, x))]
               for n in [1, 2, 5, 10, 50, 100, 1000, 10000, 100000, 2000000]
               for x in [1e-6, 0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 0.9, 0.999]]
    kstwo = [[n, x, f(stats.kstwo.sf(x, n)), f(stats.kstwo.cdf(x, n))]
             for n in [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 200, 500, 1000, 5000, 20000, 100000, 100001, 400000]
             for x in [0.001, 0.003, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.6, 0.8,
                       0.95, 0.99]]
    return {
        "logGamma": [[x, f(special.gammaln(x))] for x in log_gamma_x],
        "gamma": gamma,
        "chiSquare": chi,
        "normal": normal,
        "normalPpf": [[p, f(stats.norm.ppf(p))] for p in ppf_p],
        "normalIsf": [[q, f(stats.norm.isf(q))] for q in isf_q],
        "kolmogorov": [[x, f(special.kolmogorov(x)), f(kolmogc(x))] for x in kolmogorov_x],
        "smirnov": smirnov,
        "kstwo": kstwo,
    }


# --- two-sample tests ---------------------------------------------------------------------------------


def ks_case(a, b, method):
    """One ks_2samp call and the method scipy really used (it warns when it falls back to 'asymp')."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = stats.ks_2samp(a, b, method=method)
    used = method
    if method == "auto":
        used = "exact" if max(len(a), len(b)) <= 10000 else "asymp"
    if any("Switching to" in str(w.message) or "not possible" in str(w.message) for w in caught):
        used = "asymp"
    return {"a": a, "b": b, "method": method, "statistic": f(r.statistic), "pValue": f(r.pvalue), "used": used}


def ks_cases() -> list:
    pairs = [([1.0, 2, 3, 4], [5.0, 6, 7, 8])]
    for n1, n2, shift, dec in [(5, 7, 0, 2), (8, 8, 0.5, 2), (10, 15, 1, 1), (20, 20, 0, 3), (25, 40, 0.3, 1),
                               (50, 60, 0.5, 2), (100, 100, 0.2, 1), (120, 80, 0.4, 2), (300, 500, 0.1, 2),
                               (3, 1, 0, 2), (1, 1, 1, 2), (60, 45, 2, 2)]:
        pairs.append((sample(n1, 0, 1, dec), sample(n2, shift, 1, dec)))
    pairs.append((ints(40, 0, 5), ints(70, 1, 6)))
    # n1 = n2 = 1 is left out of 'asymp': round(1·1/2) = 0 and scipy answers NaN (we answer with n = 1).
    cases = [ks_case(a, b, m) for a, b in pairs for m in ("exact", "asymp", "auto") if len(a) + len(b) > 2 or m != "asymp"]
    # Complete separation: the p-values reach down to about 1e-300.
    cases.append(ks_case([f(i) for i in range(500)], [f(1000 + i) for i in range(500)], "exact"))
    cases.append(ks_case([f(i) for i in range(400)], [f(1000 + i) for i in range(300)], "exact"))
    cases.append(ks_case([f(i) for i in range(400)], [f(1000 + i) for i in range(300)], "asymp"))
    # Over 10,000 values: 'auto' goes asymptotic.
    cases.append(ks_case(ints(10001, 0, 999), ints(1500, 10, 1009), "auto"))
    return cases


def mann_whitney_cases() -> list:
    pairs = [([1.0, 2, 3, 4, 5], [6.0, 7, 8, 9, 10]), ([1.0], [2.0, 3, 4, 5, 6]), ([3.0, 3, 3], [3.0, 3])]
    for n1, n2, shift, dec in [(10, 12, 0, 1), (30, 30, 0.5, 1), (50, 80, 0.2, 2), (200, 150, 0.1, 1),
                               (1000, 900, 0.05, 2), (7, 3, 1, 0)]:
        pairs.append((sample(n1, 0, 1, dec), sample(n2, shift, 1, dec)))
    pairs.append((ints(300, 0, 4), ints(200, 0, 5)))
    pairs.append(([f(i) for i in range(400)], [f(1000 + i) for i in range(400)]))
    out = []
    for x, y in pairs:
        r = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="asymptotic")
        out.append({"x": x, "y": y, "u": f(r.statistic), "pValue": f(r.pvalue)})
    return out


def hodges_lehmann(x, y, confidence) -> dict:
    """Median of y[j] - x[i] and the Moses interval with k = floor(N/2 - z * sqrt(nm(n+m+1)/12)), k >= 1."""
    d = np.sort(np.subtract.outer(np.asarray(y), np.asarray(x)).ravel())
    n, m, total = len(x), len(y), d.size
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    k = max(1, int(math.floor(total / 2 - z * math.sqrt(n * m * (n + m + 1) / 12))))
    return {"x": x, "y": y, "confidence": confidence, "estimate": f(np.median(d)), "lower": f(d[k - 1]),
            "upper": f(d[total - k])}


def hodges_lehmann_cases() -> list:
    out = [hodges_lehmann([1.0, 2, 3, 4, 5, 6], [3.0, 4, 5, 6, 7, 8, 9], 0.9),
           hodges_lehmann([1.0, 2], [3.0], 0.98)]
    for n1, n2, shift, dec, conf in [(10, 12, 0.5, 1, 0.98), (30, 25, 0, 2, 0.95), (100, 120, 0.3, 2, 0.98),
                                     (400, 300, -0.2, 1, 0.9)]:
        out.append(hodges_lehmann(sample(n1, 0, 1, dec), sample(n2, shift, 1, dec), conf))
    # n*m = 5e6: past the size where materializing every difference stops being reasonable.
    out.append(hodges_lehmann(sample(2500, 10, 2, 2), sample(2000, 10.3, 2, 2), 0.98))
    return out


# --- counts -------------------------------------------------------------------------------------------


def contingency_cases() -> list:
    tables = [([10, 20, 30], [15, 15, 30]), ([5, 0, 7], [3, 0, 9]), ([100, 200], [120, 170]),
              ([300, 10], [10, 300]), ([0, 4, 0, 9, 1], [2, 5, 0, 3, 0]), ([50], [70]),
              ([1000, 2000, 3000, 4000], [1100, 1900, 3050, 3950]), ([1, 2, 3], [3, 2, 1])]
    out = []
    for a, b in tables:
        table = np.array([a, b])
        kept = table[:, table.sum(axis=0) > 0]
        r = stats.chi2_contingency(kept, correction=False)
        out.append({"a": a, "b": b, "statistic": f(r[0]), "df": int(r[2]), "pValue": f(r[1])})
    return out


def proportion_cases() -> list:
    out = []
    for sa, na, sb, nb in [(10, 1000, 25, 1000), (50, 500, 45, 480), (0, 100, 3, 100), (7, 20, 7, 20),
                           (1, 10000, 100, 10000), (400, 1000, 900, 1000), (30, 200, 10, 150)]:
        pooled = (sa + sb) / (na + nb)
        se = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
        z = (sb / nb - sa / na) / se
        chi = stats.chi2_contingency([[sa, na - sa], [sb, nb - sb]], correction=False)
        out.append({"successA": sa, "nA": na, "successB": sb, "nB": nb, "z": f(z),
                    "pValue": f(2 * stats.norm.sf(abs(z))), "chiSquarePValue": f(chi[1])})
    return out


# --- binning, PSI, distances ----------------------------------------------------------------------------


def histogram_cases() -> list:
    out = []
    for values, edges in [([0, 0.5, 1, 1.5, 2, 7, -1], [0, 1, 2]), (sample(200, 0, 1, 2), [-1, -0.5, 0, 0.5, 1]),
                          ([3.0, 3, 3], [3, 3]), ([1.0, 2, 2, 2, 3], [1, 2, 2, 3])]:
        v = np.asarray(values, dtype=float)
        e = np.asarray(edges, dtype=float)
        clipped = np.clip(v, e[0], e[-1])
        out.append({"values": [f(x) for x in values], "edges": [f(x) for x in edges],
                    "counts": [int(c) for c in np.histogram(v, e)[0]],
                    "clipped": [int(c) for c in np.histogram(clipped, e)[0]]})
    return out


def psi_value(expected, actual, epsilon) -> float:
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    e = np.where(e == 0, epsilon, e / e.sum())
    a = np.where(a == 0, epsilon, a / a.sum())
    return f(np.sum((a - e) * np.log(a / e)))


def quantile_edges(reference, bins) -> list[float]:
    edges: list[float] = []
    for q in np.quantile(np.asarray(reference), [i / bins for i in range(bins + 1)]):
        if not edges or q > edges[-1]:
            edges.append(f(q))
    return edges * 2 if len(edges) == 1 else edges


def psi_cases() -> dict:
    counts = [([25, 25, 25, 25], [10, 20, 30, 40], 1e-4), ([100, 0, 50], [90, 10, 50], 1e-4),
              ([5, 5, 0], [4, 6, 0], 1e-3), ([300, 200, 100, 50], [310, 190, 95, 60], 1e-4)]
    samples = []
    for ref, cur, bins in [(sample(500, 0, 1, 2), sample(400, 0.3, 1.2, 2), 10),
                           (sample(300, 5, 2, 1), sample(300, 5, 2, 1), 10),
                           (ints(400, 0, 3), ints(300, 0, 5), 10), (sample(200, 0, 1, 2), sample(250, 3, 1, 2), 5)]:
        edges = quantile_edges(ref, bins)
        e = np.asarray(edges)
        expected = np.histogram(np.clip(ref, e[0], e[-1]), e)[0]
        actual = np.histogram(np.clip(cur, e[0], e[-1]), e)[0]
        samples.append({"reference": ref, "actual": cur, "bins": bins, "edges": edges,
                        "value": psi_value(expected, actual, 1e-4)})
    return {"counts": [{"expected": e, "actual": a, "epsilon": eps, "value": psi_value(e, a, eps)}
                       for e, a, eps in counts],
            "samples": samples}


def jensen_shannon_cases() -> list:
    out = []
    for p, q, base in [([1, 0], [0, 1], 2), ([0.5, 0.5], [0.5, 0.5], 2), ([10, 20, 30], [30, 20, 10], 2),
                       ([1, 2, 3, 0], [0, 3, 2, 1], math.e), ([0.2, 0.3, 0.5], [0.25, 0.25, 0.5], 10),
                       ([100, 1, 0, 5], [90, 3, 1, 6], 2)]:
        out.append({"p": p, "q": q, "base": base, "value": f(distance.jensenshannon(p, q, base))})
    return out


def wasserstein_cases() -> list:
    out = []
    for u, v in [([0.0, 1, 3], [5.0, 6, 8]), ([0.0, 1, 2, 3], [1.0, 2, 3, 4]), (sample(300, 0, 1, 2), sample(200, 0.2, 1.5, 2)),
                 (ints(100, 0, 3), ints(80, 1, 3)), ([2.0, 2, 2], [2.0, 3])]:
        w = stats.wasserstein_distance(u, v)
        out.append({"u": u, "v": v, "value": f(w), "normalized": f(w / max(np.std(u), 0.001))})
    return out


# --- bootstrap ----------------------------------------------------------------------------------------


def mulberry32(seed: int):
    """core/random.ts createSeededRandom, bit for bit."""
    state = seed & 0xFFFFFFFF

    def imul(a: int, b: int) -> int:
        return (a * b) & 0xFFFFFFFF

    def next_value() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_value


def first_randoms(seed: int) -> list[float]:
    rand = mulberry32(seed)
    return [rand() for _ in range(3)]


def bootstrap_cases() -> list:
    out = []
    for values, statistic, iterations, confidence, seed in [
            ([3.0, 1, 4, 1, 5, 9, 2, 6], "mean", 200, 0.95, 42), (sample(50, 10, 3, 2), "mean", 500, 0.9, 7),
            (sample(31, 0, 1, 2), "median", 300, 0.95, 2024)]:
        rand = mulberry32(seed)
        n = len(values)
        fn = np.mean if statistic == "mean" else np.median
        stats_ = [fn([values[math.floor(rand() * n)] for _ in range(n)]) for _ in range(iterations)]
        alpha = (1 - confidence) / 2
        lower, upper = np.quantile(stats_, [alpha, 1 - alpha])
        out.append({"values": values, "statistic": statistic, "iterations": iterations, "confidence": confidence,
                    "seed": seed, "estimate": f(fn(values)), "lower": f(lower), "upper": f(upper),
                    "firstRandoms": first_randoms(seed)})
    return out


def main() -> None:
    reference = {
        "generator": {"script": "scripts/make-stats-reference.py", "scipy": scipy.__version__, "numpy": np.__version__},
        "special": special_functions(),
        "ks2samp": ks_cases(),
        "mannWhitney": mann_whitney_cases(),
        "hodgesLehmann": hodges_lehmann_cases(),
        "chiSquareHomogeneity": contingency_cases(),
        "twoProportion": proportion_cases(),
        "histogram": histogram_cases(),
        "psi": psi_cases(),
        "jensenShannon": jensen_shannon_cases(),
        "wasserstein": wasserstein_cases(),
        "bootstrap": bootstrap_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(reference, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT) // 1024} KB)")


if __name__ == "__main__":
    main()
