"""Outlets: one canonical name and one slug per news outlet, however a post spells it."""

from __future__ import annotations

from bottomline.text import name_key, normalise_space, slugify

#: Canonical names of well-known outlets, with the other spellings posts use.
KNOWN_OUTLETS: dict[str, tuple[str, ...]] = {
    "Shafaq News": ("Shafaq", "شفق نيوز"),
    "Rudaw": ("روداو",),
    "Kurdistan24": ("Kurdistan 24", "کوردستان 24", "كوردستان 24"),
    "Alsumaria News": ("Alsumaria", "Al Sumaria", "Al-Sumaria News", "السومرية نيوز", "السومرية"),
    "Al-Monitor": (),
    "Reuters": (),
    "The New Region": ("New Region",),
    "Iraqi News": ("Iraqi News Agency English",),
    "State Department": ("U.S. State Department", "US State Department", "Department of State"),
}

_BY_KEY = {
    name_key(spelling): canonical
    for canonical, others in KNOWN_OUTLETS.items()
    for spelling in (canonical, *others)
}


def canonical_outlet(name: str) -> str:
    """The canonical name of an outlet: ``AL-Monitor`` -> ``Al-Monitor``."""
    cleaned = normalise_space(name)
    return _BY_KEY.get(name_key(cleaned), cleaned)


def outlet_slug(name: str) -> str:
    """A stable slug for an outlet, the same for every spelling of its name."""
    return slugify(canonical_outlet(name))
