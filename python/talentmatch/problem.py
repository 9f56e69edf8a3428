"""The problem document (format ``talentmatch/1``, DESIGN.md section 4) as a Python object.

:class:`Problem` is a thin wrapper over ``talentmatch._core.Problem``: every way in (a file, JSON text, a dict,
pandas DataFrames) ends as JSON text that the C++ reader parses and validates, so the library, the command line and
Python accept and reject exactly the same documents. A rejected document raises :class:`ValidationError` (a
``talentmatch.Error``, so a ``ValueError``) whose ``issues`` list every problem found as ``(path, message)``, the
path a JSON pointer such as ``/experts/3/skills/med.icu``. Files are written by the library's one atomic writer
(``talentmatch._core.write_file_atomically``, C++ ``talentmatch::io::write_file_atomically``), whose failures are
``OSError`` naming the path or folder.

Examples
--------
>>> import talentmatch as tm
>>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}}],
...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
>>> problem = tm.Problem.from_json(doc)
>>> problem
Problem(1 experts, 1 posts, 1 skills)
>>> problem.score().fit.tolist()
[[0.75]]
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, Union

import numpy as np

from talentmatch import _core
from talentmatch._core import ValidationError

__all__ = ["Candidates", "Explanation", "Problem", "Scores", "ValidationError"]

Source = Union[str, bytes, "os.PathLike[str]", Mapping[str, Any]]
Issue = tuple[str, str]

ValidationError.__doc__ = """A problem document that failed its checks: a ``talentmatch.Error`` (so a ``ValueError``).

Attributes
----------
issues : list of (str, str)
    Every problem found, as ``(path, message)``; ``path`` is a JSON pointer (RFC 6901) such as
    ``/experts/3/skills/med.icu``, ``""`` for the document as a whole (empty text, a syntax error, a byte order
    mark, a comment). ``str(error)`` lists them too, one per line, the root as ``/``.

Examples
--------
>>> import talentmatch as tm
>>> try:
...     tm.Problem.from_json({"skills": [], "experts": [], "posts": [{"id": "p"}], "deadline": "May"})
... except tm.ValidationError as e:
...     for path, message in e.issues:
...         print(path, "|", message)
/deadline | unknown key "deadline" (expected one of: format, skills, experts, posts, staff, hosts, pairs, ...)
/posts/0/department | missing required key "department"
/posts/0/unit | missing required key "unit"
/posts/0/slots | missing required key "slots"
/posts/0/requires | missing required key "requires"
>>> try:
...     tm.Problem.from_json("")
... except tm.Error as e:
...     print(e)
1 problem in the document:
  /: the document is empty: expected a JSON object
"""
# doctest.testmod finds only what this module defines; the class is _core's, its docstring is this module's.
__test__ = {"ValidationError": ValidationError.__doc__}

_DEPTH_MESSAGE = (
    f"arrays and objects nested more than {_core.max_json_depth} levels deep (the most a document may have)"
)


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


def _plain(value: Any, path: str, issues: list[Issue], depth: int = 1, open_: set[int] | None = None) -> Any:
    """``value`` as plain JSON data (dict, list, str, int, float, bool, None), numpy scalars and arrays included.

    JSON has no NaN or infinity and nlohmann rejects them as a syntax error without a path, so non-finite numbers are
    reported here, each with its pointer, together with anything that has no JSON spelling. Containers nested deeper
    than the C++ reader allows are reported as it reports them (same path, same message), and one that contains
    itself too: either would otherwise end in RecursionError. ``depth`` is the level ``value`` would have (the
    document is 1); ``open_`` holds the ids of the containers being converted, the path from the root."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            issues.append((path, f"expected a finite number, got {value}"))
        return float(value)
    if isinstance(value, (Mapping, list, tuple)):
        if open_ is None:
            open_ = set()
        if id(value) in open_:
            issues.append((path, "the value contains itself, which JSON cannot hold"))
            return None
        if depth > _core.max_json_depth:
            issues.append((path, _DEPTH_MESSAGE))
            return None
        open_.add(id(value))
        try:
            if isinstance(value, Mapping):
                out: dict[str, Any] = {}
                for key, item in value.items():
                    if not isinstance(key, str):
                        issues.append((path, f"keys must be strings, got {type(key).__name__} {key!r}"))
                        continue
                    out[key] = _plain(item, f"{path}/{_token(key)}", issues, depth + 1, open_)
                return out
            items = []
            for k, item in enumerate(value):  # a loop, not a comprehension: one stack frame per level
                items.append(_plain(item, f"{path}/{k}", issues, depth + 1, open_))
            return items
        finally:
            open_.discard(id(value))
    # numpy scalars and arrays, without importing numpy for documents that have none.
    if hasattr(value, "dtype") and hasattr(value, "tolist"):
        return _plain(value.tolist(), path, issues, depth, open_)
    issues.append((path, f"{type(value).__name__} has no JSON form"))
    return None


# A JSON number, true, false or null: the whole of a str that is JSON text of a scalar.
_JSON_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")
_JSON_BLANKS = " \t\r\n"


def _is_json_text(text: str) -> bool:
    """Whether a ``str`` given to :meth:`Problem.from_json` is JSON text rather than a path (the rule is in its
    docstring). An existing file wins over a look-alike ("[draft].json"), except where no path can be meant."""
    stripped = text.strip(_JSON_BLANKS)
    if not stripped or any(c in text for c in "\n\r\0"):
        return True  # never a path: blank, a line break (legal in POSIX names, never meant) or NUL (never legal)
    looks_like_json = (
        stripped[0] in '{["\ufeff' or stripped.startswith(("//", "/*")) or _JSON_SCALAR.fullmatch(stripped)
    )
    # No path is longer than PATH_MAX (4096 on Linux): a one-line document need not be copied for a stat call.
    return bool(looks_like_json) and (len(text) > 4096 or not os.path.exists(text))


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
    if isinstance(source, str) and _is_json_text(source):
        # As UTF-8 bytes, lone surrogates kept: the C++ reader then reports them as invalid text of the document,
        # where a str would fail to convert with a TypeError.
        return source.encode("utf-8", "surrogatepass")
    if isinstance(source, (str, os.PathLike)):
        try:
            # Bytes, not text: the C++ reader checks the encoding and reports a bad one as a document error.
            with open(source, "rb") as f:
                return f.read()
        except FileNotFoundError as e:
            hint = " (Problem.from_json reads a str that is not JSON text as a path)" if isinstance(source, str) else ""
            raise FileNotFoundError(e.errno or errno.ENOENT, f"{e.strerror}{hint}", e.filename) from None
    raise TypeError(f"Problem.from_json expects a path, JSON text or a dict, got {type(source).__name__}")


class Problem:
    """A validated problem document: skills taxonomy, experts, posts, local staff, hosts, pair rules, quotas and
    settings.

    Build one with :meth:`from_json` or :meth:`from_frames`; a ``Problem`` always holds a document that passed every
    check (DESIGN.md section 9), and never changes.

    Parameters
    ----------
    core : talentmatch._core.Problem
        The C++ problem; use :meth:`from_json` or :meth:`from_frames` instead.

    Attributes
    ----------
    expert_ids, post_ids, skill_ids, staff_ids, host_ids : list of str
        The ids of each section, in document order (the rows and columns of the score matrices).
    DENSE_LIMIT : int
        Above this many expert-post pairs, :meth:`score` returns candidates by default.

    Raises
    ------
    TypeError
        When ``core`` is not a ``talentmatch._core.Problem``.

    Notes
    -----
    A ``Problem`` pickles and copies (``pickle``, ``copy.deepcopy``, joblib, multiprocessing, Dask) as its canonical
    JSON text (:meth:`to_json`), which is read and validated again when it is loaded: a tampered pickle cannot give
    an invalid problem.

    Two problems are equal (``==``) when their documents write the same canonical JSON text (:meth:`to_json`): the
    same values, arrays in the same order, whatever the source was (a file, text or a dict, with any white space,
    key order or number spelling such as 6 and 6.0; the reader keeps an object's keys sorted, as JSON gives them no
    order). Equal problems therefore score and explain alike. Since a ``Problem`` never changes it is hashable, and
    its hash is the hash of that same text, so equal problems have equal hashes and can key a dict or a cache.

    Examples
    --------
    >>> import pickle
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}}],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
    >>> problem = tm.Problem.from_json(doc)
    >>> problem.expert_ids, problem.post_ids
    (['e-liu'], ['p-icu'])
    >>> pickle.loads(pickle.dumps(problem)) == problem
    True
    >>> problem == tm.Problem.from_json(problem.to_json())
    True
    """

    __slots__ = ("_core", "_canonical_text")

    def __init__(self, core: _core.Problem) -> None:
        """Wraps a ``talentmatch._core.Problem``; use :meth:`from_json` or :meth:`from_frames` instead."""
        if not isinstance(core, _core.Problem):
            raise TypeError("use Problem.from_json or Problem.from_frames to build a Problem")
        self._core = core
        self._canonical_text: str | None = None

    @classmethod
    def from_json(cls, source: Source) -> Problem:
        """Reads a ``talentmatch/1`` document.

        Parameters
        ----------
        source : str, bytes, os.PathLike or dict
            A path, JSON text or a dict as :func:`json.load` returns it (numpy scalars and arrays are accepted).

            - ``bytes`` are always JSON text, a :class:`os.PathLike` (``pathlib.Path``) always a path.
            - A ``str`` that is blank or holds a line break is JSON text, never a path.
            - Otherwise a ``str`` naming an existing file is that file.
            - Otherwise a ``str`` that looks like JSON text is JSON text: it starts (after blanks) with ``{``,
              ``[``, ``"``, a byte order mark or a comment (``//``, ``/*``), or it is a JSON number, ``true``,
              ``false`` or ``null``. Any other ``str`` is a path, and a missing file raises FileNotFoundError.

        Returns
        -------
        Problem
            The validated problem.

        Raises
        ------
        ValidationError
            Listing every problem found, each with its JSON pointer. Text that is empty or only white space, is not
            an object (``null``, ``3``, ``[]``), starts with a byte order mark or holds a comment is a document
            error too, at the path ``""``, with a message that says so; so are a key given twice in one object
            (at the key's path), nesting deeper than 256 levels, an integer beyond the model's range (``slots``
            1e18: "is above the largest allowed, 2147483647") and a settings weight or pair bonus above 1e100.
        FileNotFoundError
            When ``source`` is a path and no such file exists (it names the path).
        OSError
            When the file cannot be read otherwise (a folder, no permission).
        TypeError
            When ``source`` is none of the above.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
        >>> tm.Problem.from_json(doc)
        Problem(1 experts, 1 posts, 1 skills)
        >>> import json
        >>> tm.Problem.from_json(json.dumps(doc)).post_ids
        ['p-icu']
        >>> text = '{"skills": [], "experts": [], "posts": [], "skills": []}'
        >>> tm.Problem.from_json(text)
        Traceback (most recent call last):
        ...
        talentmatch._core.ValidationError: 1 problem in the document:
          /skills: duplicate key "skills": a key may appear once in an object (the first one counts)
        >>> tm.Problem.from_json("no-such-problem.json")
        Traceback (most recent call last):
        ...
        FileNotFoundError: [Errno 2] No such file or directory (...): 'no-such-problem.json'
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

        The frames become a document that goes through :meth:`from_json`, so the checks (and messages) are the
        same; a path such as ``/experts/2/capacity`` names row 2 (by position) of ``experts``. A missing value
        (NaN, None) in a cell means the field is absent.

        Parameters
        ----------
        experts : pandas.DataFrame
            ``id``, ``available_months``; optional ``name``, ``province``, ``institution``, ``title``,
            ``capacity``, ``mentor_capacity``. Any other column becomes an entry of the expert's ``attributes``.
        expert_skills : pandas.DataFrame
            ``expert``, ``skill``, ``level``.
        posts : pandas.DataFrame
            ``id``, ``department``, ``unit``, ``slots``; optional ``region``, ``min_fill``, ``min_months``,
            ``priority``.
        requirements : pandas.DataFrame
            ``post``, ``skill``, ``importance``, ``min_level``; optional ``essential``.
        skills : pandas.DataFrame, optional
            ``id``, ``name``; optional ``parent`` (an id, or a list of ids) and ``related`` (as in the document).
            Without it the taxonomy is the skills the other tables use, each named by its id.
        staff, pairs, constraints, hosts : pandas.DataFrame or list of dict, optional
            The document's sections, with the document's keys.
        settings : dict, optional
            As in the document.

        Returns
        -------
        Problem
            The validated problem.

        Raises
        ------
        ValidationError
            As :meth:`from_json`; rows of ``expert_skills`` or ``requirements`` that name an unknown expert or post
            are reported as ``/expert_skills/ROW/expert`` or ``/requirements/ROW/post``, a missing column as
            ``/posts`` (say) with ``missing column "department"``.

        Examples
        --------
        >>> import pandas as pd
        >>> import talentmatch as tm
        >>> problem = tm.Problem.from_frames(
        ...     experts=pd.DataFrame({"id": ["e-liu", "e-chen"], "available_months": [6, 12]}),
        ...     expert_skills=pd.DataFrame({"expert": ["e-liu", "e-chen"], "skill": ["icu", "math"], "level": [3, 6]}),
        ...     posts=pd.DataFrame({"id": ["p-icu"], "department": ["health"], "unit": ["hospital"], "slots": [1]}),
        ...     requirements=pd.DataFrame({"post": ["p-icu"], "skill": ["icu"], "importance": [5], "min_level": [4]}),
        ... )
        >>> problem
        Problem(2 experts, 1 posts, 2 skills)
        >>> problem.skill_ids
        ['icu', 'math']
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
        """Runs the C++ validator again.

        Parameters
        ----------
        none

        Returns
        -------
        list of (str, str)
            Every issue found, as ``(path, message)``: empty for a problem that loaded (a ``Problem`` always holds a
            valid document).

        Raises
        ------
        nothing
            The problem was validated when it was read.

        Examples
        --------
        >>> import talentmatch as tm
        >>> tm.Problem.from_json({"skills": [], "experts": [], "posts": []}).validate()
        []
        """
        return self._core.validate()

    def to_json(self, path: str | os.PathLike[str] | None = None, indent: int = 2) -> str | None:
        """The document as JSON text, or written to a file.

        Parameters
        ----------
        path : str or os.PathLike, optional
            Where to write the document. The file is written whole or not at all: to a new file beside it (created
            with the permissions the umask gives any new file), flushed to the disk, then renamed over ``path``, so
            a failure leaves any earlier file untouched and no temporary file behind.
        indent : int, default 2
            Spaces per level; ``-1`` for the compact form on one line.

        Returns
        -------
        str or None
            The text (ending with a newline) when ``path`` is None, else None.

        Raises
        ------
        FileNotFoundError
            When the folder of ``path`` does not exist; the message and ``filename`` name the folder.
        PermissionError
            When the folder cannot be written; the message names it.
        OSError
            For any other failure (a folder of that name, a full disk), naming the path and the reason.

        Examples
        --------
        >>> import os, tempfile
        >>> import talentmatch as tm
        >>> problem = tm.Problem.from_json({"skills": [{"id": "icu", "name": "Intensive care"}], "experts": [],
        ...                                 "posts": []})
        >>> print(problem.to_json(indent=-1), end="")
        {"skills":[{"id":"icu","name":"Intensive care"}],"experts":[],"posts":[]}
        >>> folder = tempfile.mkdtemp()
        >>> problem.to_json(os.path.join(folder, "problem.json"))
        >>> os.listdir(folder)
        ['problem.json']
        >>> problem.to_json(os.path.join(folder, "no", "problem.json"))
        Traceback (most recent call last):
        ...
        FileNotFoundError: [Errno 2] cannot write .../no/problem.json: the folder .../no does not exist: '.../no'
        """
        text = self._core.to_json(indent)
        if path is None:
            return text
        _core.write_file_atomically(os.fspath(path), text)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The document as plain Python data.

        Parameters
        ----------
        none

        Returns
        -------
        dict
            What :func:`json.loads` gives for :meth:`to_json`: optional fields only where the document has them.

        Raises
        ------
        nothing
            Every valid document has a JSON form.

        Examples
        --------
        >>> import talentmatch as tm
        >>> tm.Problem.from_json({"skills": [], "experts": [], "posts": []}).to_dict()
        {'skills': [], 'experts': [], 'posts': []}
        """
        return json.loads(self._core.to_json(-1))

    @property
    def expert_ids(self) -> list[str]:
        """Expert ids in document order (the rows of the score matrices).

        Examples
        --------
        >>> import talentmatch as tm
        >>> tm.Problem.from_json({"skills": [], "posts": [], "experts": [{"id": "e-liu", "available_months": 6,
        ...                                                               "skills": {}}]}).expert_ids
        ['e-liu']
        """
        return self._core.expert_ids

    @property
    def post_ids(self) -> list[str]:
        """Post ids in document order (the columns of the score matrices).

        Examples
        --------
        >>> import talentmatch as tm
        >>> tm.Problem.from_json({"skills": [], "experts": [], "posts": [{"id": "p-icu", "department": "health",
        ...                       "unit": "hospital", "slots": 1, "requires": []}]}).post_ids
        ['p-icu']
        """
        return self._core.post_ids

    @property
    def skill_ids(self) -> list[str]:
        """Skill ids of the taxonomy, in document order.

        Examples
        --------
        >>> import talentmatch as tm
        >>> tm.Problem.from_json({"skills": [{"id": "icu", "name": "Intensive care"}], "experts": [],
        ...                       "posts": []}).skill_ids
        ['icu']
        """
        return self._core.skill_ids

    @property
    def staff_ids(self) -> list[str]:
        """Local staff ids in document order (empty when the document has no ``staff``).

        Examples
        --------
        >>> import talentmatch as tm
        >>> tm.Problem.from_json({"skills": [], "experts": [], "posts": [],
        ...                       "staff": [{"id": "s-ma", "unit": "hospital", "goals": []}]}).staff_ids
        ['s-ma']
        """
        return self._core.staff_ids

    @property
    def host_ids(self) -> list[str]:
        """Training host ids in document order (empty when the document has no ``hosts``).

        Examples
        --------
        >>> import talentmatch as tm
        >>> tm.Problem.from_json({"skills": [], "experts": [], "posts": [],
        ...                       "hosts": [{"id": "h-hmu1", "capacity": 6, "offers": {}}]}).host_ids
        ['h-hmu1']
        """
        return self._core.host_ids

    # The tables of from_frames, the other way: the round trip Problem.from_frames(experts=p.experts,
    # expert_skills=p.expert_skills, posts=p.posts, requirements=p.requirements, skills=..., ...) == p.

    @property
    def experts(self):
        """The experts as a DataFrame, one row per expert, as :meth:`from_frames` takes them; needs pandas.

        Columns ``id``, ``name``, ``province``, ``institution``, ``title``, ``available_months``, ``capacity``,
        ``mentor_capacity``, then one column per key of the experts' ``attributes`` (in order of first use). A field
        or attribute that an expert does not have is missing (None, NaN or ``<NA>``), so it stays absent when the
        frame goes back through :meth:`from_frames`. ``capacity`` and ``mentor_capacity`` are pandas' nullable
        ``Int64``; the skills are in :attr:`expert_skills`. A new frame on each access: changing it changes nothing
        here.

        Raises
        ------
        ValueError
            When an attribute has the name of a column above (``name``, ``capacity``, ...): :meth:`from_frames`
            would read it as that field, so the table could not give this problem back (use :meth:`to_dict`).

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3},
        ...                     "attributes": {"languages": "zh"}},
        ...                    {"id": "e-sun", "province": "Heilongjiang", "available_months": 9, "capacity": 2,
        ...                     "skills": {}}],
        ...        "posts": []}
        >>> tm.Problem.from_json(doc).experts[["id", "province", "available_months", "capacity", "languages"]]
              id      province  available_months  capacity languages
        0  e-liu          None               6.0      <NA>        zh
        1  e-sun  Heilongjiang               9.0         2      None
        """
        return _experts_frame(self.to_dict()["experts"])

    @property
    def expert_skills(self):
        """The experts' skill levels as a DataFrame, one row per (expert, skill), as :meth:`from_frames` takes
        them; needs pandas.

        Columns ``expert``, ``skill`` (ids) and ``level`` (float64), by expert in document order, then by skill id.
        An expert without skills has no row (and is still in :attr:`experts`).

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}, {"id": "er", "name": "Emergency"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3, "er": 4.5}}],
        ...        "posts": []}
        >>> tm.Problem.from_json(doc).expert_skills
          expert skill  level
        0  e-liu    er    4.5
        1  e-liu   icu    3.0
        """
        import pandas as pd

        experts = self.to_dict()["experts"]
        rows = [(e["id"], s, level) for e in experts for s, level in e["skills"].items()]
        return pd.DataFrame(
            {
                "expert": pd.Series([r[0] for r in rows], dtype=object),
                "skill": pd.Series([r[1] for r in rows], dtype=object),
                "level": pd.Series([r[2] for r in rows], dtype="float64"),
            }
        )

    @property
    def posts(self):
        """The posts as a DataFrame, one row per post, as :meth:`from_frames` takes them; needs pandas.

        Columns ``id``, ``department``, ``unit``, ``region``, ``slots``, ``min_fill``, ``min_months``,
        ``priority``; an optional field that a post does not have is missing (None, ``<NA>`` in the nullable
        ``Int64`` column ``min_fill``, NaN), so it stays absent through :meth:`from_frames`. The requirements are
        in :attr:`requirements`. A new frame on each access.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}], "experts": [],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 2, "min_fill": 1,
        ...                   "priority": 4, "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]},
        ...                  {"id": "p-er", "department": "health", "unit": "clinic", "region": "north",
        ...                   "slots": 1, "requires": []}]}
        >>> tm.Problem.from_json(doc).posts
              id department      unit region  slots  min_fill  min_months  priority
        0  p-icu     health  hospital   None      2         1         NaN       4.0
        1   p-er     health    clinic  north      1      <NA>         NaN       NaN
        """
        return _table(self.to_dict()["posts"], _POST_COLUMNS)

    @property
    def requirements(self):
        """The posts' requirements as a DataFrame, one row per (post, skill), as :meth:`from_frames` takes them;
        needs pandas.

        Columns ``post``, ``skill``, ``importance``, ``min_level`` (int64) and ``essential`` (pandas' nullable
        ``boolean``, ``<NA>`` where the document leaves it out), by post in document order, then in each post's
        order. A post without requirements has no row (and is still in :attr:`posts`).

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}, {"id": "er", "name": "Emergency"}],
        ...        "experts": [],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True},
        ...                                {"skill": "er", "importance": 2, "min_level": 3}]}]}
        >>> tm.Problem.from_json(doc).requirements
            post skill  importance  min_level  essential
        0  p-icu   icu           5          4       True
        1  p-icu    er           2          3       <NA>
        """
        rows = [{"post": q["id"], **r} for q in self.to_dict()["posts"] for r in q["requires"]]
        return _table(rows, _REQUIREMENT_COLUMNS)

    #: Above this many expert-post pairs, :meth:`score` returns candidates by default: the three dense matrices
    #: would take 17 bytes a pair (over 1 GiB here).
    DENSE_LIMIT = 1 << 26

    def score(self, *, sparse: bool | None = None) -> Scores | Candidates:
        """Scores every expert against every post (DESIGN.md section 5).

        Parameters
        ----------
        sparse : bool, optional
            ``False``: the dense matrices (:class:`Scores`). ``True``: only the candidate pairs
            (:class:`Candidates`): the feasible pairs with fit >= ``settings.min_score`` and the ``require`` pairs,
            never an experts x posts matrix. ``None`` (the default) chooses the candidates when the dense matrices
            would hold more than :attr:`DENSE_LIMIT` pairs.

        Returns
        -------
        Scores or Candidates
            ``value``, ``fit`` (float64) and ``feasible`` (bool), experts x posts in the order of
            :attr:`expert_ids` and :attr:`post_ids`; the arrays own the C++ result (no copy). The fit of every pair
            is the one :meth:`explain` gives, to the bit.

        Raises
        ------
        talentmatch.Error
            Only when a sparse matrix would need more than 2**31 - 1 non-zeros (Eigen's index type).

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
        >>> scores = tm.Problem.from_json(doc).score()
        >>> scores.fit.tolist(), scores.value.tolist(), scores.feasible.tolist()
        ([[0.75], [1.0]], [[3.0], [4.0]], [[False], [True]])
        >>> tm.Problem.from_json(doc).score(sparse=True).expert.tolist()
        [1]
        """
        if sparse is None:
            sparse = len(self.expert_ids) * len(self.post_ids) > self.DENSE_LIMIT
        if sparse:
            c = _core.score_candidates(self._core)
            return Candidates(self.expert_ids, self.post_ids, c.expert, c.post, c.value, c.fit)
        s = _core.score(self._core)
        return Scores(self.expert_ids, self.post_ids, s.value, s.fit, s.feasible.view(bool))

    def explain(self, expert: str, post: str) -> Explanation:
        """Why ``expert`` scores as it does for ``post``.

        Parameters
        ----------
        expert, post : str
            Ids, as in :attr:`expert_ids` and :attr:`post_ids`.

        Returns
        -------
        Explanation
            A dict: each requirement's status (met, partial with the level gap, missing, essential-missing), its
            weight and share of the fit, and the rules that apply. ``fit`` and ``value`` are :meth:`score`'s to the
            bit.

        Raises
        ------
        talentmatch.Error
            When either id is unknown; the message names it.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
        >>> e = tm.Problem.from_json(doc).explain("e-liu", "p-icu")
        >>> e["fit"], e["value"], e["feasible"]
        (0.75, 3.0, True)
        >>> [(r["skill"], r["status"], r["gap"]) for r in e["requirements"]]
        [('icu', 'partial', 1.0)]
        """
        return Explanation(_core.explain(self._core, str(expert), str(post)))

    def _canonical(self) -> str:
        """The compact canonical JSON text: the state that pickles, and what ``==`` and ``hash`` compare."""
        if self._canonical_text is None:
            self._canonical_text = self._core.to_json(-1)
        return self._canonical_text

    def __getstate__(self) -> str:
        return self._canonical()

    def __setstate__(self, state: str) -> None:
        # Read and validated again: a pickle is input like any other.
        self._core = _core.Problem(state)
        self._canonical_text = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self is other or self._canonical() == other._canonical()

    def __hash__(self) -> int:
        return hash(self._canonical())

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


# --- A document to DataFrames (Problem.experts, .posts, .requirements) ----------------------------------------------

# (column, dtype): object columns hold None where a field is absent; the nullable Int64 and boolean hold <NA>, so
# that an integer stays an integer in a column with gaps; float64 holds NaN.
_EXPERT_COLUMNS = (
    ("id", object),
    ("name", object),
    ("province", object),
    ("institution", object),
    ("title", object),
    ("available_months", "float64"),
    ("capacity", "Int64"),
    ("mentor_capacity", "Int64"),
)
_POST_COLUMNS = (
    ("id", object),
    ("department", object),
    ("unit", object),
    ("region", object),
    ("slots", "int64"),
    ("min_fill", "Int64"),
    ("min_months", "float64"),
    ("priority", "float64"),
)
_REQUIREMENT_COLUMNS = (
    ("post", object),
    ("skill", object),
    ("importance", "int64"),
    ("min_level", "int64"),
    ("essential", "boolean"),
)


def _table(rows: list[Mapping[str, Any]], columns: Iterable[tuple[str, Any]]):
    """A DataFrame of ``rows`` with exactly ``columns`` (name, dtype), even when there are no rows."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series([r.get(name) for r in rows], dtype=dtype) for name, dtype in columns})


def _experts_frame(experts: list[Mapping[str, Any]]):
    """The experts table: the fields, then each attribute key as a column of its own (None where absent)."""
    import pandas as pd

    frame = _table(experts, _EXPERT_COLUMNS)
    keys: dict[str, None] = {}
    for e in experts:
        for key in e.get("attributes", {}):
            keys.setdefault(key)
    clashes = [key for key in keys if key in _EXPERT_FIELDS]
    if clashes:
        raise ValueError(
            f"attribute {json.dumps(clashes[0])} has the name of an expert field: as a column of Problem.experts "
            "from_frames would read it as that field (use Problem.to_dict to see the document)"
        )
    for key in keys:
        values = [e.get("attributes", {}).get(key) for e in experts]
        # object unless every value is a number: a bool must stay a bool (never 1.0), a string a string.
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values if v is not None)
        frame[key] = pd.Series(values, dtype="float64" if numeric else object)
    return frame


class Scores:
    """Dense scores, experts x posts (rows :attr:`expert_ids`, columns :attr:`post_ids`), as :meth:`Problem.score`
    returns them.

    ``value`` is the matrix to maximise (``fit_weight * priority * fit + bonus_weight * bonus``, DESIGN.md section 5);
    an infeasible pair keeps its numbers but has ``feasible`` False.

    Attributes
    ----------
    expert_ids, post_ids : list of str
        The ids of the rows and columns.
    value, fit : numpy.ndarray
        float64, experts x posts.
    feasible : numpy.ndarray
        bool, experts x posts: whether the pair may be assigned.

    Examples
    --------
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
    ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
    >>> scores = tm.Problem.from_json(doc).score()
    >>> value, fit, feasible = scores
    >>> fit.tolist(), feasible.tolist()
    ([[0.75], [1.0]], [[False], [True]])
    >>> scores
    <Scores 2 experts x 1 posts, 1 feasible pairs>
    """

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
        """``value`` with ``-inf`` on infeasible pairs: ready for ``talentmatch.solve(..., maximize=True)``.

        Parameters
        ----------
        none

        Returns
        -------
        numpy.ndarray
            A new float64 array, experts x posts.

        Raises
        ------
        nothing
            The arrays were checked when they were made.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
        >>> tm.Problem.from_json(doc).score().masked_value().tolist()
        [[-inf], [4.0]]
        """
        return np.where(self.feasible, self.value, -np.inf)

    def to_frame(self):
        """One row per pair; needs pandas.

        Parameters
        ----------
        none

        Returns
        -------
        pandas.DataFrame
            Columns ``expert``, ``post``, ``value``, ``fit``, ``feasible``, by expert then post.

        Raises
        ------
        ImportError
            Without pandas.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
        >>> tm.Problem.from_json(doc).score().to_frame()
          expert   post  value   fit  feasible
        0  e-liu  p-icu    3.0  0.75     False
        1  e-sun  p-icu    4.0  1.00      True
        """
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
    """Sparse scores, as :meth:`Problem.score` returns them with ``sparse=True``: the candidate pairs only.

    Attributes
    ----------
    expert_ids, post_ids : list of str
        The ids the indices refer to.
    expert, post : numpy.ndarray
        int64 indices of each candidate pair, by expert then post.
    value, fit : numpy.ndarray
        float64, the pair's value and fit (the dense matrices' entries, to the bit for fit).

    Examples
    --------
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
    ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
    >>> c = tm.Problem.from_json(doc).score(sparse=True)
    >>> len(c), c.expert.tolist(), c.post.tolist(), c.value.tolist()
    (1, [1], [0], [4.0])
    >>> c
    <Candidates 1 pairs of 2 experts x 1 posts>
    """

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
        """The candidates as a sparse matrix; needs scipy.

        Parameters
        ----------
        what : {"value", "fit"}
            Which numbers to store.

        Returns
        -------
        scipy.sparse.csr_array
            Experts x posts; explicit zeros are kept, since they are candidates.

        Raises
        ------
        ImportError
            Without scipy.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
        >>> tm.Problem.from_json(doc).score(sparse=True).to_sparse("fit").toarray().tolist()
        [[0.0], [1.0]]
        """
        import scipy.sparse as sp

        data = self.value if what == "value" else self.fit
        shape = (len(self.expert_ids), len(self.post_ids))
        return sp.csr_array((data, (self.expert, self.post)), shape=shape)

    def to_frame(self):
        """One row per candidate pair; needs pandas.

        Parameters
        ----------
        none

        Returns
        -------
        pandas.DataFrame
            Columns ``expert``, ``post`` (ids), ``value``, ``fit``.

        Raises
        ------
        ImportError
            Without pandas.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
        >>> tm.Problem.from_json(doc).score(sparse=True).to_frame()
          expert   post  value  fit
        0  e-sun  p-icu    4.0  1.0
        """
        import pandas as pd

        ids_e = np.asarray(self.expert_ids, dtype=object)
        ids_p = np.asarray(self.post_ids, dtype=object)
        return pd.DataFrame(
            {"expert": ids_e[self.expert], "post": ids_p[self.post], "value": self.value, "fit": self.fit}
        )

    def __repr__(self) -> str:
        return f"<Candidates {len(self)} pairs of {len(self.expert_ids)} experts x {len(self.post_ids)} posts>"


class Explanation(dict):
    """The explanation of one pair, as :meth:`Problem.explain` returns it: a dict.

    Its keys: ``expert``, ``post``, ``fit``, ``value`` (both :meth:`Problem.score`'s to the bit), ``priority``,
    ``bonus``, ``feasible``, ``requirements`` (one dict per requirement, in the post's order: ``skill``,
    ``importance``, ``min_level``, ``essential``, ``level``, ``own_level``, ``transferred_from``, ``status``, ``gap``,
    ``weight_share``, ``contribution``; the contributions sum to ``fit`` up to rounding) and ``rules`` (sentences
    naming the rules that apply, with their JSON paths).

    Attributes
    ----------
    none
        The explanation is the dict itself; see its keys above.

    Examples
    --------
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
    ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
    >>> e = tm.Problem.from_json(doc).explain("e-liu", "p-icu")
    >>> e["feasible"], e["rules"]
    (False, ['essential requirement icu unmet (level 3 < 4) at /posts/0/requires/0'])
    >>> e["requirements"][0]["status"], e["requirements"][0]["contribution"]
    ('essential-missing', 0.75)
    """

    def to_frame(self):
        """One row per requirement; needs pandas.

        Parameters
        ----------
        none

        Returns
        -------
        pandas.DataFrame
            The dicts of ``requirements`` as rows.

        Raises
        ------
        ImportError
            Without pandas.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
        >>> tm.Problem.from_json(doc).explain("e-sun", "p-icu").to_frame()[["skill", "status", "level", "gap"]]
          skill status  level  gap
        0   icu    met    5.0  0.0
        """
        import pandas as pd

        return pd.DataFrame(self["requirements"])
