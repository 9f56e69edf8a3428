#!/usr/bin/env python3
"""Time talentmatch against the anchor solvers (scipy, lapx, OR-Tools) on the same dense instances, in one process.

The benchmark ships in the package as ``python -m talentmatch.bench`` (python/talentmatch/bench/__main__.py: the
instance classes, the peers, the checks, the tables); this script runs it with the same arguments.

    python bench/compare_anchors.py --quick                    # smoke run, a few seconds
    python bench/compare_anchors.py --classes uniform lowrank --sizes 1000 2000 --json results.json
"""

from __future__ import annotations

import sys

try:
    from talentmatch.bench.__main__ import main
except ImportError as e:
    sys.exit(f"error: cannot import talentmatch.bench ({e}); build and install talentmatch first: pip install .")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
