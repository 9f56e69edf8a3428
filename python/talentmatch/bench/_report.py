"""What the benchmarks print and write alike: medians, times and ratios as text, tables (aligned text or markdown),
the machine and environment, the JSON results file and the closing list of failures.

``python -m talentmatch.bench`` and the scripts under bench/ (through bench/report.py) use these; they are not part
of talentmatch's API.
"""

from __future__ import annotations

import gc
import importlib.metadata
import inspect
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
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


def _padded(header: list[str], body: list[list[str]], left: int, min_width: int = 0) -> list[list[str]]:
    """header and body with every cell padded to its column's widest; the first `left` columns left-aligned."""
    rows = [header, *body]
    widths = [max(min_width, *(len(row[c]) for row in rows)) for c in range(len(header))]
    align = [str.ljust] * left + [str.rjust] * (len(header) - left)
    return [[align[c](row[c], widths[c]) for c in range(len(row))] for row in rows]


def render_table(header: list[str], body: list[list[str]], left: int = 1) -> str:
    """The rows under the header, columns two spaces apart and as wide as their widest cell; the first `left`
    columns aligned left, the others right."""
    return "\n".join("  ".join(row) for row in _padded(header, body, left))


def render_markdown(header: list[str], body: list[list[str]], left: int = 1) -> str:
    """The rows under the header as a markdown table, its cells padded as render_table pads them (so that the text
    reads as a table too); the first `left` columns aligned left, the others right."""
    rows = _padded(header, body, left, min_width=3)
    rows.insert(
        1, [":" + "-" * (len(cell) - 1) if c < left else "-" * (len(cell) - 1) + ":" for c, cell in enumerate(rows[0])]
    )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def cpu() -> dict[str, Any]:
    """The processor: its model name and physical core count from /proc/cpuinfo (None where that file says
    nothing, as on macOS and Windows), and the logical CPUs os.cpu_count() sees."""
    model, cores = None, set()
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for block in text.split("\n\n"):
        fields = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        model = model or fields.get("model name") or fields.get("Model") or fields.get("cpu model")
        if "core id" in fields:
            cores.add((fields.get("physical id", "0"), fields["core id"]))
    return {
        "model": model or platform.processor() or None,
        "physical_cores": len(cores) or None,
        "logical_cpus": os.cpu_count(),
        "machine": platform.machine(),
    }


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


def _status_kib(field_name: str) -> int | None:
    """A field of /proc/self/status in KiB (VmRSS, VmHWM), None where there is none."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _maxrss_kib() -> int | None:
    try:
        import resource  # not on Windows
    except ImportError:
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class PeakMemory:
    """The resident set's high-water mark between start() and stop(), above the resident set at start(), in MiB.

    Where /proc/self/clear_refs takes "5" (Linux), the mark (VmHWM) is reset to the current resident set at start();
    else it is ru_maxrss after minus ru_maxrss before, which misses whatever fits under an earlier, higher peak (the
    process that spawned this one counts in it too)."""

    def start(self) -> None:
        gc.collect()
        self.maxrss_before = _maxrss_kib()
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            self.method = "VmHWM"
        except OSError:
            self.method = "ru_maxrss"
        self.rss_before = _status_kib("VmRSS")

    def stop(self) -> dict[str, Any]:
        maxrss = _maxrss_kib()
        hwm = _status_kib("VmHWM")
        delta = None if maxrss is None or self.maxrss_before is None else (maxrss - self.maxrss_before) / 1024
        out: dict[str, Any] = {
            "method": self.method,
            "ru_maxrss_delta_mib": delta,
            "rss_before_mib": None if self.rss_before is None else self.rss_before / 1024,
        }
        if self.method == "VmHWM" and hwm is not None and self.rss_before is not None:
            out["peak_mib"] = (hwm - self.rss_before) / 1024
        else:
            out["method"] = "ru_maxrss"
            out["peak_mib"] = out["ru_maxrss_delta_mib"]
        return out


def measured(f: Callable[..., Any], *args: Any) -> tuple[float, float | None, Any]:
    """(seconds, peak MiB, result) of one call f(*args), the peak as PeakMemory measures it (outside the timing):
    the call's working memory and any copy it makes, its inputs excluded."""
    peak = PeakMemory()
    peak.start()
    t = time.perf_counter()
    out = f(*args)
    dt = time.perf_counter() - t
    return dt, peak.stop()["peak_mib"], out


def accepted_kwargs(fn: Callable[..., Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The entries of `kwargs` that `fn` takes (all of them when its signature cannot be read or takes **kwargs), so
    that one call suits every version of a peer."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return kwargs
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return kwargs
    return {k: v for k, v in kwargs.items() if k in params}


def installed_versions(*dists: str) -> dict[str, str]:
    """talentmatch's version and that of each named distribution that is installed (the others are left out)."""
    out = {}
    for name in ("talentmatch", *dists):
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return out


def script_header(settings: str, *dists: str) -> str:
    """What a bench/ script prints first: machine_line with the versions of talentmatch and of `dists`, the line
    `settings` (the seed, the sizes, how it times and what its ratio means), and a blank line."""
    return f"{machine_line(reported_env(), **installed_versions(*dists))}\n{settings}\n"


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
