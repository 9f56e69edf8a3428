"""The problem document (format ``talentmatch/1``, DESIGN.md section 4) as a Python object.

:class:`Problem` is a thin wrapper over ``talentmatch._core.Problem``: every way in (a file, JSON text, a dict,
pandas DataFrames) ends as JSON text that the C++ reader parses and validates, so the library, the command line and
Python accept and reject exactly the same documents. A rejected document raises :class:`ValidationError` (a
``talentmatch.Error``, so a ``ValueError``) whose ``issues`` list every problem found as ``(path, message)``, the
path a JSON pointer such as ``/experts/3/skills/med.icu``.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Union

import numpy as np

from talentmatch import _core
from talentmatch._core import ValidationError

__all__ = ["Candidates", "Explanation", "Problem", "Scores", "ValidationError"]

Source = Union[str, bytes, "os.PathLike[str]", Mapping[str, Any]]
Issue = tuple[str, str]


def _token(key: str) -> str:
    """A JSON pointer token (RFC 6901): "~" and "/" escaped, as the C++ reader writes them."""
    return key.replace("~", "~0").replace("/", "~1")


def _raise(issues: list[Issue]) -> None:
    """Raises ValidationError for issues found on the Python side, worded as the C++ reader words its own."""
    lines = "".join(f"\n  {path or '/'}: {message}" for path, message in issues)
    noun = "problem" if len(issues) == 1 else "problems"
    err = ValidationError(f"{len(issues)} {noun} in the document:{lines}")
    err.issues = list(issues)
    raise err


def _plain(value: Any, path: str, issues: list[Issue]) -> Any:
    """``value`` as plain JSON data (dict, list, str, int, float, bool, None), numpy scalars and arrays included.

    JSON has no NaN or infinity and nlohmann rejects them as a syntax error without a path, so non-finite numbers are
    reported here, each with its pointer, together with anything that has no JSON spelling."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            issues.append((path, f"expected a finite number, got {value}"))
        return float(value)
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                issues.append((path, f"keys must be strings, got {type(key).__name__} {key!r}"))
                continue
            out[key] = _plain(item, f"{path}/{_token(key)}", issues)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{path}/{k}", issues) for k, item in enumerate(value)]
    # numpy scalars and arrays, without importing numpy for documents that have none.
    if hasattr(value, "dtype") and hasattr(value, "tolist"):
        return _plain(value.tolist(), path, issues)
    issues.append((path, f"{type(value).__name__} has no JSON form"))
    return None


def _text_of(source: Source) -> str | bytes:
    """The JSON text of ``source``: a dict, JSON text, or the contents of a file."""
    if isinstance(source, Mapping):
        issues: list[Issue] = []
        doc = _plain(source, "", issues)
        if issues:
            _raise(issues)
        return json.dumps(doc, ensure_ascii=False, allow_nan=False)
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        return source  # JSON text (a document that is an array is read, and rejected, by the C++ reader)
    if isinstance(source, (str, os.PathLike)):
        # Bytes, not text: the C++ reader checks the encoding and reports a bad one as a document error.
        with open(source, "rb") as f:
            return f.read()
    raise TypeError(f"Problem.from_json expects a path, JSON text or a dict, got {type(source).__name__}")


class Problem:
    """A validated problem document: skills taxonomy, experts, posts, local staff, hosts, pair rules, quotas and
    settings.

    Build one with :meth:`from_json` or :meth:`from_frames`; a ``Problem`` always holds a document that passed every
    check (DESIGN.md section 9).
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Problem) -> None:
        """Wraps a ``talentmatch._core.Problem``; use :meth:`from_json` or :meth:`from_frames` instead."""
        if not isinstance(core, _core.Problem):
            raise TypeError("use Problem.from_json or Problem.from_frames to build a Problem")
        self._core = core

    @classmethod
    def from_json(cls, source: Source) -> Problem:
        """Reads a ``talentmatch/1`` document.

        ``source`` is a path (``str`` or :class:`os.PathLike`), JSON text (a ``str`` whose first non-blank character
        is ``{``, or ``bytes``), or a dict as :func:`json.load` returns it (numpy scalars and arrays are accepted).
        Raises :class:`ValidationError` listing every problem found, each with its JSON pointer; ``OSError`` when the
        file cannot be read.
        """
        return cls(_core.Problem(_text_of(source)))

    @classmethod
    def from_frames(
        cls,
        experts: Any,
        expert_skills: Any,
        posts: Any,
        requirements: Any,
        skills: Any = None,
        staff: Any = None,
        pairs: Any = None,
        constraints: Any = None,
        settings: Mapping[str, Any] | None = None,
        hosts: Any = None,
    ) -> Problem:
        """Builds a problem from pandas DataFrames in long format, one row per item.

        - ``experts``: ``id``, ``available_months``; optional ``name``, ``province``, ``institution``, ``title``,
          ``capacity``, ``mentor_capacity``. Any other column becomes an entry of the expert's ``attributes``.
        - ``expert_skills``: ``expert``, ``skill``, ``level``.
        - ``posts``: ``id``, ``department``, ``unit``, ``slots``; optional ``region``, ``min_fill``, ``min_months``,
          ``priority``.
        - ``requirements``: ``post``, ``skill``, ``importance``, ``min_level``; optional ``essential``.
        - ``skills``: ``id``, ``name``; optional ``parent`` (an id, or a list of ids) and ``related`` (as in the
          document). Without it the taxonomy is the skills the other tables use, each named by its id.
        - ``staff``, ``hosts``, ``pairs``, ``constraints``: DataFrames or lists of dicts with the document's keys;
          ``settings``: a dict as in the document.

        A missing value (NaN, None) in a cell means the field is absent. The frames become a document that goes
        through :meth:`from_json`, so the checks (and messages) are the same; a path such as ``/experts/2/capacity``
        names row 2 (by position) of ``experts``. Rows of ``expert_skills`` or ``requirements`` that name an unknown
        expert or post are reported as ``/expert_skills/ROW/expert`` or ``/requirements/ROW/post``.
        """
        doc = _document_from_frames(
            experts=experts,
            expert_skills=expert_skills,
            posts=posts,
            requirements=requirements,
            skills=skills,
            staff=staff,
            hosts=hosts,
            pairs=pairs,
            constraints=constraints,
            settings=settings,
        )
        return cls.from_json(doc)

    def validate(self) -> list[Issue]:
        """Every issue the C++ validator finds, as ``(path, message)``: empty for a problem that loaded."""
        return self._core.validate()

    def to_json(self, path: str | os.PathLike[str] | None = None, indent: int = 2) -> str | None:
        """The document as JSON text, or, given ``path``, written there and ``None`` returned.

        The file is written whole or not at all: to a temporary file in the same directory, then renamed over
        ``path``, so a failure leaves any earlier file untouched.
        """
        text = self._core.to_json(indent)
        if path is None:
            return text
        _write_atomically(os.fspath(path), text)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The document as plain Python data (what :func:`json.loads` gives for :meth:`to_json`)."""
        return json.loads(self._core.to_json(-1))

    @property
    def expert_ids(self) -> list[str]:
        """Expert ids in document order (the rows of the score matrices)."""
        return self._core.expert_ids

    @property
    def post_ids(self) -> list[str]:
        """Post ids in document order (the columns of the score matrices)."""
        return self._core.post_ids

    @property
    def skill_ids(self) -> list[str]:
        """Skill ids of the taxonomy, in document order."""
        return self._core.skill_ids

    @property
    def staff_ids(self) -> list[str]:
        """Local staff ids in document order (empty when the document has no ``staff``)."""
        return self._core.staff_ids

    @property
    def host_ids(self) -> list[str]:
        """Training host ids in document order (empty when the document has no ``hosts``)."""
        return self._core.host_ids

    #: Above this many expert-post pairs, :meth:`score` returns candidates by default: the three dense matrices
    #: would take 17 bytes a pair (over 1 GiB here).
    DENSE_LIMIT = 1 << 26

    def score(self, *, sparse: bool | None = None) -> Scores | Candidates:
        """Scores every expert against every post (DESIGN.md section 5).

        Returns :class:`Scores`: ``value``, ``fit`` (float64) and ``feasible`` (bool) arrays, experts x posts in the
        order of :attr:`expert_ids` and :attr:`post_ids`; the arrays own the C++ result (no copy). With
        ``sparse=True`` returns :class:`Candidates`: only the feasible pairs with fit >= ``settings.min_score`` (and
        the ``require`` pairs), never an experts x posts matrix. ``None`` (the default) chooses the candidates when
        the dense matrices would hold more than :attr:`DENSE_LIMIT` pairs.
        """
        if sparse is None:
            sparse = len(self.expert_ids) * len(self.post_ids) > self.DENSE_LIMIT
        if sparse:
            expert, post, value, fit, n, m = _core.score_candidates(self._core)
            return Candidates(self.expert_ids, self.post_ids, expert, post, value, fit)
        value, fit, feasible = _core.score(self._core)
        return Scores(self.expert_ids, self.post_ids, value, fit, feasible.view(bool))

    def explain(self, expert: str, post: str) -> Explanation:
        """Why ``expert`` scores as it does for ``post``: each requirement's status (met, partial with the level gap,
        missing, essential-missing), its weight and share of the fit, and the rules that apply. A dict;
        ``.to_frame()`` gives one row per requirement."""
        return Explanation(_core.explain(self._core, str(expert), str(post)))

    def __repr__(self) -> str:
        parts = [
            f"{len(self.expert_ids)} experts",
            f"{len(self.post_ids)} posts",
            f"{len(self.skill_ids)} skills",
        ]
        if self.staff_ids:
            parts.append(f"{len(self.staff_ids)} staff")
        if self.host_ids:
            parts.append(f"{len(self.host_ids)} hosts")
        return f"Problem({', '.join(parts)})"


def _write_atomically(path: str, text: str) -> None:
    """Writes ``text`` to a new file beside ``path`` and renames it over ``path`` (atomic on POSIX and Windows)."""
    directory, name = os.path.split(os.path.abspath(path))
    # Not tempfile.mkstemp: its files are private (0600), and the rename would hand that mode to the result. Created
    # with 0666, the file gets the permissions the user's umask gives any new file.
    tmp = os.path.join(directory, f".{name}.{uuid.uuid4().hex[:12]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


# --- DataFrames to a document -------------------------------------------------------------------------------------

_EXPERT_FIELDS = ("id", "name", "province", "institution", "title", "available_months", "capacity", "mentor_capacity")


def _missing(value: Any) -> bool:
    """Whether a cell is empty: None, NaN, pandas' NA or NaT. Lists and dicts are never empty cells."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, str, bool)):
        return False
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _rows(frame: Any, name: str, required: Iterable[str], issues: list[Issue]) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts without their empty cells; a missing required column is one issue."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        if isinstance(frame, (list, tuple)) and all(isinstance(r, Mapping) for r in frame):
            frame = pd.DataFrame(list(frame))
        else:
            issues.append((f"/{name}", f"expected a pandas DataFrame, got {type(frame).__name__}"))
            return []
    for column in required:
        if column not in frame.columns:
            issues.append((f"/{name}", f'missing column "{column}"'))
    rows = []
    for record in frame.to_dict("records"):
        rows.append({str(k): v for k, v in record.items() if not _missing(v)})
    return rows


def _section(value: Any, name: str, issues: list[Issue]) -> list[Any]:
    """An optional section given as a DataFrame or as the document's list of dicts."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return _rows(value, name, (), issues)


def _use(used: dict[str, None], skills: Iterable[Any]) -> None:
    for s in skills:
        if isinstance(s, str):
            used.setdefault(s)


def _document_from_frames(
    *,
    experts: Any,
    expert_skills: Any,
    posts: Any,
    requirements: Any,
    skills: Any,
    staff: Any,
    hosts: Any,
    pairs: Any,
    constraints: Any,
    settings: Mapping[str, Any] | None,
) -> dict[str, Any]:
    issues: list[Issue] = []
    expert_rows = _rows(experts, "experts", ("id", "available_months"), issues)
    skill_rows = _rows(expert_skills, "expert_skills", ("expert", "skill", "level"), issues)
    post_rows = _rows(posts, "posts", ("id", "department", "unit", "slots"), issues)
    requirement_rows = _rows(requirements, "requirements", ("post", "skill", "importance", "min_level"), issues)
    if issues:
        _raise(issues)

    doc_experts: list[dict[str, Any]] = []
    expert_at: dict[Any, dict[str, Any]] = {}
    for row in expert_rows:
        e = {k: row[k] for k in _EXPERT_FIELDS if k in row}
        e["skills"] = {}
        extra = {k: v for k, v in row.items() if k not in _EXPERT_FIELDS}
        if extra:
            e["attributes"] = extra
        doc_experts.append(e)
        expert_at.setdefault(row.get("id"), e)  # a duplicate id is the C++ validator's to report
    used_skills: dict[str, None] = {}  # skill ids in order of first use
    for k, row in enumerate(skill_rows):
        e = expert_at.get(row.get("expert"))
        skill = row.get("skill")
        if e is None:
            issues.append((f"/expert_skills/{k}/expert", f"unknown expert {json.dumps(row.get('expert'))}"))
        elif not isinstance(skill, str):
            issues.append((f"/expert_skills/{k}/skill", "expected a skill id (a string)"))
        elif skill in e["skills"]:
            issues.append((f"/expert_skills/{k}/skill", f"skill {json.dumps(skill)} listed twice for this expert"))
        elif "level" not in row:
            issues.append((f"/expert_skills/{k}/level", "level is missing"))
        else:
            e["skills"][skill] = row["level"]
        if isinstance(skill, str):
            used_skills.setdefault(skill)

    doc_posts: list[dict[str, Any]] = []
    post_at: dict[Any, dict[str, Any]] = {}
    for row in post_rows:
        q = dict(row)  # unknown columns stay, for the C++ reader to report as unknown keys
        q["requires"] = []
        doc_posts.append(q)
        post_at.setdefault(row.get("id"), q)
    for k, row in enumerate(requirement_rows):
        q = post_at.get(row.get("post"))
        if q is None:
            issues.append((f"/requirements/{k}/post", f"unknown post {json.dumps(row.get('post'))}"))
            continue
        q["requires"].append({key: v for key, v in row.items() if key != "post"})
        if isinstance(row.get("skill"), str):
            used_skills.setdefault(row["skill"])

    doc: dict[str, Any] = {"format": "talentmatch/1"}
    optional: dict[str, Any] = {}
    if staff is not None:
        optional["staff"] = _section(staff, "staff", issues)
    if hosts is not None:
        optional["hosts"] = _section(hosts, "hosts", issues)
    if pairs is not None:
        optional["pairs"] = _section(pairs, "pairs", issues)
    if constraints is not None:
        optional["constraints"] = _section(constraints, "constraints", issues)
    if settings is not None:
        optional["settings"] = dict(settings)

    if skills is not None:
        doc_skills = []
        for row in _rows(skills, "skills", ("id", "name"), issues):
            s = {k: v for k, v in row.items() if k != "parent"}
            if "parent" in row:
                parent = row["parent"]
                s["parents"] = list(parent) if isinstance(parent, (list, tuple)) else [parent]
            doc_skills.append(s)
    else:
        for s in optional.get("staff", []):
            if isinstance(s, Mapping):
                goals = [g.get("skill") for g in s.get("goals", []) if isinstance(g, Mapping)]
                _use(used_skills, list(s.get("skills", {})) + goals)
        for h in optional.get("hosts", []):
            if isinstance(h, Mapping):
                _use(used_skills, h.get("offers", {}))
        doc_skills = [{"id": s, "name": s} for s in used_skills]
    if issues:
        _raise(issues)

    doc.update(skills=doc_skills, experts=doc_experts, posts=doc_posts)
    doc.update(optional)
    return doc


class Scores:
    """Dense scores: ``value``, ``fit`` and ``feasible``, experts x posts (rows :attr:`expert_ids`, columns
    :attr:`post_ids`). ``value`` is the matrix to maximise (``priority * fit + bonus``, weighted by the settings);
    an infeasible pair keeps its numbers but has ``feasible`` False."""

    __slots__ = ("expert_ids", "post_ids", "value", "fit", "feasible")

    def __init__(self, expert_ids, post_ids, value, fit, feasible):
        self.expert_ids: list[str] = expert_ids
        self.post_ids: list[str] = post_ids
        self.value: np.ndarray = value
        self.fit: np.ndarray = fit
        self.feasible: np.ndarray = feasible

    def __iter__(self):
        """``value, fit, feasible = problem.score()`` works too."""
        return iter((self.value, self.fit, self.feasible))

    def masked_value(self) -> np.ndarray:
        """``value`` with ``-inf`` on infeasible pairs: ready for ``talentmatch.solve(..., maximize=True)``."""
        return np.where(self.feasible, self.value, -np.inf)

    def to_frame(self):
        """One row per pair (expert, post, value, fit, feasible); needs pandas."""
        import pandas as pd

        n, m = self.value.shape
        return pd.DataFrame(
            {
                "expert": np.repeat(np.asarray(self.expert_ids, dtype=object), m),
                "post": np.tile(np.asarray(self.post_ids, dtype=object), n),
                "value": self.value.reshape(-1),
                "fit": self.fit.reshape(-1),
                "feasible": self.feasible.reshape(-1),
            }
        )

    def __repr__(self) -> str:
        n, m = self.value.shape
        return f"<Scores {n} experts x {m} posts, {int(self.feasible.sum())} feasible pairs>"


class Candidates:
    """Sparse scores: the candidate pairs only (``expert``, ``post`` index arrays, by expert then post, with their
    ``value`` and ``fit``)."""

    __slots__ = ("expert_ids", "post_ids", "expert", "post", "value", "fit")

    def __init__(self, expert_ids, post_ids, expert, post, value, fit):
        self.expert_ids: list[str] = expert_ids
        self.post_ids: list[str] = post_ids
        self.expert: np.ndarray = expert
        self.post: np.ndarray = post
        self.value: np.ndarray = value
        self.fit: np.ndarray = fit

    def __len__(self) -> int:
        return len(self.expert)

    def to_sparse(self, what: str = "value"):
        """A ``scipy.sparse.csr_array`` experts x posts of ``value`` or ``fit`` (explicit zeros kept: they are
        candidates)."""
        import scipy.sparse as sp

        data = self.value if what == "value" else self.fit
        shape = (len(self.expert_ids), len(self.post_ids))
        return sp.csr_array((data, (self.expert, self.post)), shape=shape)

    def to_frame(self):
        """One row per candidate pair (expert, post, value, fit); needs pandas."""
        import pandas as pd

        ids_e = np.asarray(self.expert_ids, dtype=object)
        ids_p = np.asarray(self.post_ids, dtype=object)
        return pd.DataFrame(
            {"expert": ids_e[self.expert], "post": ids_p[self.post], "value": self.value, "fit": self.fit}
        )

    def __repr__(self) -> str:
        return f"<Candidates {len(self)} pairs of {len(self.expert_ids)} experts x {len(self.post_ids)} posts>"


class Explanation(dict):
    """The explanation of one pair, a dict: ``expert``, ``post``, ``fit``, ``value``, ``priority``, ``bonus``,
    ``feasible``, ``requirements`` (one dict per requirement: ``skill``, ``importance``, ``min_level``,
    ``essential``, ``level``, ``own_level``, ``transferred_from``, ``status``, ``gap``, ``weight_share``,
    ``contribution``) and ``rules`` (sentences naming the rules that apply)."""

    def to_frame(self):
        """One row per requirement; needs pandas."""
        import pandas as pd

        return pd.DataFrame(self["requirements"])
