"""What the compare_*.py benchmarks print and write alike: medians, times and ratios as text, the table, the machine
and environment, the JSON results file and the closing list of failures.

The scripts run as ``python bench/<script>.py``, which puts this directory on sys.path: ``import report``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

# Environment variables that change how numpy's BLAS runs, shown when set.
ENV_REPORTED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def median(times: Sequence[float]) -> float | None:
    """The median, None for no times."""
    return statistics.median(times) if times else None


def fmt_ms(x: float | None, whole_from: float | None = None) -> str:
    """A time in ms: "-" for None, 2 decimals below 10, 1 from 10, and none from `whole_from` (when given)."""
    if x is None:
        return "-"
    if whole_from is not None and x >= whole_from:
        return f"{x:.0f}"
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def fmt_ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def render_table(header: list[str], body: list[list[str]], left: int = 1) -> str:
    """The rows under the header, columns two spaces apart and as wide as their widest cell; the first `left`
    columns aligned left, the others right."""
    rows = [header, *body]
    widths = [max(len(row[c]) for row in rows) for c in range(len(header))]
    align = [str.ljust] * left + [str.rjust] * (len(header) - left)
    return "\n".join("  ".join(align[c](row[c], widths[c]) for c in range(len(row))) for row in rows)


def reported_env() -> dict[str, str]:
    """The variables of ENV_REPORTED that are set, with their values."""
    return {k: os.environ[k] for k in ENV_REPORTED if k in os.environ}


def machine_line(env: dict[str, str] | None = None, **versions: str) -> str:
    """The machine in one line: python X, numpy Y, each `versions` entry as <name> <version>, N CPUs, the machine,
    then the `env` variables (reported_env()) as NAME=value."""
    parts = [f"python {platform.python_version()}", f"numpy {np.__version__}"]
    parts += [f"{name} {version}" for name, version in versions.items()]
    parts += [f"{os.cpu_count()} CPUs", platform.machine()]
    if env:
        parts.append(" ".join(f"{k}={v}" for k, v in env.items()))
    return ", ".join(parts)


def preamble(env: dict[str, str], seed: int, repeats: int, warmup: int, notes: Sequence[str]) -> str:
    """The lines a comparison of solvers opens with: machine_line(env), the seed and the runs, the notes indented."""
    lines = [
        machine_line(env),
        f"seed {seed}, {repeats} timed runs per solver and instance after {warmup} untimed, median wall time in ms",
    ]
    return "\n".join(lines + [f"  {note}" for note in notes])


def environment(env: dict[str, str], **versions: Any) -> dict[str, Any]:
    """The "environment" of a results file: python, numpy, `versions` (e.g. scipy=...), platform, cpu_count, env."""
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        **versions,
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "env": env,
    }


def import_talentmatch(advice: str) -> ModuleType | None:
    """The talentmatch module, or None after saying on stderr why it cannot be imported, and `advice`."""
    try:
        import talentmatch
    except ImportError as e:
        print(f"error: cannot import talentmatch ({e}); {advice}", file=sys.stderr)
        return None
    return talentmatch


def write_json(path: Path, doc: dict[str, Any]) -> None:
    """Writes `doc` to `path` whole or not at all (a temporary file in the same directory, then os.replace)."""
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_results(
    path: Path,
    format_name: str,
    settings: dict[str, Any],
    environment: dict[str, Any],
    failures: list[str],
    **sections: Any,
) -> None:
    """Writes the results file and says so: format, created, settings, environment, `sections` in their order, and
    the failures last."""
    doc = {
        "format": format_name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "settings": settings,
        "environment": environment,
        **sections,
        "failures": failures,
    }
    write_json(path, doc)
    print(f"wrote {path}")


def record_failure(failures: list[str], msg: str) -> None:
    """Adds `msg` to `failures` and says it on stderr at once."""
    failures.append(msg)
    print(f"!!! MISMATCH/FAILURE: {msg}", file=sys.stderr, flush=True)


def report_failures(failures: list[str]) -> int:
    """Lists the failures on stderr, loudly; the exit status: 1 if there are any, else 0."""
    if not failures:
        return 0
    print(f"\n!!! {len(failures)} FAILURE(S):", file=sys.stderr)
    for msg in failures:
        print(f"!!!   {msg}", file=sys.stderr)
    return 1
