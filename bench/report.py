"""What the compare_*.py benchmarks print and write alike, for ``import report`` (``python bench/<script>.py`` puts
this directory on sys.path).

The helpers live in the package, in talentmatch.bench._report, so that ``python -m talentmatch.bench`` and these
scripts print alike; this module re-exports them, and says plainly when talentmatch cannot be imported.
"""

from __future__ import annotations

import sys
from types import ModuleType

try:
    from talentmatch.bench._report import (  # noqa: F401 - re-exported for the scripts
        ENV_REPORTED,
        PeakMemory,
        accepted_kwargs,
        cpu,
        environment,
        fmt_ms,
        fmt_ratio,
        machine_line,
        measured,
        median,
        preamble,
        record_failure,
        render_markdown,
        render_table,
        report_failures,
        reported_env,
        script_header,
        write_json,
        write_results,
    )
except ImportError as e:
    sys.exit(f"error: cannot import talentmatch.bench ({e}); build and install talentmatch first: pip install .")


def import_talentmatch(advice: str) -> ModuleType | None:
    """The talentmatch module, or None after saying on stderr why it cannot be imported, and `advice`."""
    try:
        import talentmatch
    except ImportError as e:
        print(f"error: cannot import talentmatch ({e}); {advice}", file=sys.stderr)
        return None
    return talentmatch
