"""Problem documents shipped with talentmatch: the embedded Fuyun scenario.

``fuyun.json`` is a synthetic but realistic ``talentmatch/1`` document modelled on Heilongjiang's group-style aid
("组团式"援疆) to Fuyun county (富蕴县), Altay, Xinjiang: the county health commission (the county people's hospital
with its urology, haemodialysis, critical maternal care and intensive care posts, the township health centres such as
Karabulgen's), the education bureau (the senior high school, the Koktokay vocational and technical school), the
culture and tourism bureau and the industrial park; 72 experts (59 specialists and 13 vocational teachers from
Heilongjiang) on 4- to 12-month tenures; about 150 skills with related-skill transfers; conflicts, nominations and
bonuses; department, unit, team and per-institution quotas; 62 local staff with skill goals and the partner hosts
(Heilongjiang colleges, Jiamusi hospitals). The institutions are real names; the people and every number are invented,
and each expert carries the attribute ``"synthetic": true`` to say so. ``scripts/make_fuyun.py`` generates the file
(deterministically: running it again gives the same bytes).

Examples
--------
>>> import talentmatch as tm
>>> problem = tm.data.fuyun()
>>> len(problem.expert_ids), len(problem.staff_ids)
(72, 62)
>>> plan = tm.match(problem)
>>> plan.certificate.ok, plan.filled < plan.slots
(True, True)
>>> tm.data.fuyun_path().name
'fuyun.json'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from talentmatch.problem import Problem

__all__ = ["fuyun", "fuyun_path"]

_FUYUN = "fuyun.json"


def fuyun() -> Problem:
    """The embedded Fuyun scenario as a validated problem.

    Reads the JSON shipped in the package (through :mod:`importlib.resources`, so it works from any directory and
    whatever the install layout), and validates it like any other document.

    Parameters
    ----------
    none

    Returns
    -------
    talentmatch.Problem
        The scenario: 72 experts, the county's posts, about 150 skills, 62 local staff and the partner hosts.

    Raises
    ------
    FileNotFoundError
        When the installed package lacks ``fuyun.json`` (a broken install).

    Examples
    --------
    >>> import talentmatch as tm
    >>> problem = tm.data.fuyun()
    >>> problem.post_ids[:3]
    ['rmyy.urology.pcnl', 'rmyy.urology.lead', 'rmyy.dialysis']
    >>> problem.to_dict()["experts"][0]["attributes"]["synthetic"]
    True
    """
    return Problem.from_json(resources.files(__name__).joinpath(_FUYUN).read_bytes())


def fuyun_path() -> Path:
    """The path of the shipped ``fuyun.json``, for tools that take a file (``talentmatch match PATH``).

    Parameters
    ----------
    none

    Returns
    -------
    pathlib.Path
        The installed file (a wheel installs the package as plain files, so it is one on disk).

    Raises
    ------
    FileNotFoundError
        When the package is not installed as plain files (imported from a zip archive) or lacks ``fuyun.json``.

    Examples
    --------
    >>> import talentmatch as tm
    >>> path = tm.data.fuyun_path()
    >>> path.is_file(), tm.Problem.from_json(path) == tm.data.fuyun()
    (True, True)
    """
    path = Path(str(resources.files(__name__).joinpath(_FUYUN)))
    if not path.is_file():
        raise FileNotFoundError(f"talentmatch.data has no {_FUYUN} on disk at {path} (is the package zipped?)")
    return path
