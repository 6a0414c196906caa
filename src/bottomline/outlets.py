"""Outlets: one canonical name and one slug per news outlet, however a post spells it.

The importer and the Sphinx ``{outlet}`` role both go through :func:`canonical_outlet`, so
``AL-Monitor``, ``Al-Monitor`` and ``Al Monitor`` are one outlet everywhere.  Posts often
cite an outlet with its Arabic-script name too (``Kurdistan24 - کوردستان 24``) or only in
Arabic script (``السومرية نيوز``): both resolve to the Latin canonical name when the outlet
is known.  An unknown outlet keeps its own spelling; its slug still comes from
:func:`bottomline.text.slugify`, so two spellings that differ only in case or punctuation
share a slug.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from bottomline.text import name_key, normalise_space, slugify

#: Canonical names of well-known outlets, with the other spellings posts use.
KNOWN_OUTLETS: dict[str, tuple[str, ...]] = {
    "Shafaq News": (
        "Shafaq",
        "Shafaaq News",
        "Shafaq News Agency",
        "Shafaq Agency",
        "Twilight News",
        "شفق نيوز",
    ),
    "Rudaw": ("Rudaw English", "Rudaw Media Network", "روداو"),
    "Kurdistan24": ("Kurdistan 24", "K24", "کوردستان 24", "كوردستان 24", "کوردستان٢٤"),
    "Alsumaria News": ("Alsumaria", "Al Sumaria", "Al-Sumaria News", "السومرية نيوز", "السومرية"),
    "Al-Monitor": ("المونيتور",),
    "Reuters": ("Reuters News", "رويترز"),
    "The New Region": ("New Region",),
    "Iraqi News": ("IraqiNews", "Iraqi News Agency English"),
    "AP": ("Associated Press", "The Associated Press", "AP News"),
    "AFP": ("Agence France-Presse", "Agence France Presse", "فرانس برس"),
    "Bloomberg": ("Bloomberg News",),
    "Asharq Al-Awsat": ("Asharq Alawsat", "الشرق الأوسط"),
    "The National": ("The National News", "The National UAE"),
    "Baghdad Today": ("Baghdad Al-Youm", "Baghdad Alyoum", "بغداد اليوم"),
    "INA": ("Iraqi News Agency", "وكالة الأنباء العراقية", "واع"),
    "Al Mada": ("Al-Mada", "Almada", "المدى"),
    "Middle East Eye": ("MEE",),
    "State Department": (
        "U.S. State Department",
        "US State Department",
        "Department of State",
        "U.S. Department of State",
    ),
    "U.S. Treasury": ("US Treasury", "Treasury Department", "U.S. Department of the Treasury"),
    "Al Jazeera": ("Al-Jazeera", "Aljazeera", "الجزيرة"),
    "Al Arabiya": ("Al-Arabiya", "العربية"),
    "BBC": ("BBC News", "BBC Arabic"),
    "CNN": (),
    "The New York Times": ("New York Times", "NYT"),
    "The Washington Post": ("Washington Post",),
    "The Wall Street Journal": ("Wall Street Journal", "WSJ"),
    "Financial Times": ("The Financial Times", "FT"),
    "Iraq Business News": (),
    "964": ("964media", "964 Media", "شبكة 964"),
    "Anadolu Agency": ("Anadolu", "الأناضول"),
    "Xinhua": ("شينخوا",),
    "Kurdistan Chronicle": (),
    "Basnews": ("BasNews",),
    "NRT": ("NRT News", "NRT Digital Media"),
    "Mawazin News": ("Mawazin", "Mawazine News", "Mawazine", "Mawazeen News", "موازين نيوز"),
    "Al-Sabah": ("Al Sabah", "Al-Sabaah", "Alsabaah", "Al-Sabah Newspaper", "الصباح"),
    # Al-Furat is the Euphrates: machine-translated posts cite it as "Euphrates News".
    "Alforat News": (
        "Al-Forat News",
        "Al-Furat News",
        "Alfurat News",
        "Al Furat News",
        "Al Forat News",
        "Euphrates News",
        "الفرات نيوز",
    ),
    # The other Iraqi outlets dinar-news blogs cite most, often in machine translation.
    "Economy News": ("Economy News Iraq", "Al-Iqtisad News", "الاقتصاد نيوز"),
    "Al-Maalomah": ("Almaalomah", "Al Maalomah", "Al-Maalouma", "Al-Maaloumah", "المعلومة"),
    "Al-Masalah": ("Almasalah", "Al Masalah", "Al-Masala", "المسلة"),
    "Alghad Press": ("Al-Ghad Press", "Al Ghad Press", "الغد برس"),
    "Nas News": ("NAS News", "Nas News Agency", "ناس نيوز"),
    "Dijlah TV": ("Dijlah", "Dijla TV", "Dijlah Satellite Channel", "دجلة"),
    "Al-Iraqiya": ("Al Iraqiya", "Iraqiya TV", "Al-Iraqiya TV", "Al-Iraqia", "العراقية"),
    "Ultra Iraq": ("UltraIraq", "ألترا عراق"),
    "Al-Ahad TV": ("Al-Ahad", "Al Ahad TV", "العهد"),
    "Ain Al-Iraq News": ("Ain Iraq News", "Ain al-Iraq", "عين العراق نيوز"),
    "Tasnim": ("Tasnim News", "Tasnim News Agency"),
}

#: Web addresses of the well-known outlets: a bullet may cite a link instead of a name.
KNOWN_DOMAINS: dict[str, str] = {
    "shafaq.com": "Shafaq News", "rudaw.net": "Rudaw", "kurdistan24.net": "Kurdistan24",
    "alsumaria.tv": "Alsumaria News", "al-monitor.com": "Al-Monitor", "reuters.com": "Reuters",
    "thenewregion.com": "The New Region", "iraqinews.com": "Iraqi News", "apnews.com": "AP",
    "afp.com": "AFP", "bloomberg.com": "Bloomberg", "aawsat.com": "Asharq Al-Awsat",
    "thenationalnews.com": "The National", "baghdadtoday.news": "Baghdad Today", "ina.iq": "INA",
    "almadapaper.net": "Al Mada", "middleeasteye.net": "Middle East Eye",
    "state.gov": "State Department", "treasury.gov": "U.S. Treasury",
    "aljazeera.com": "Al Jazeera", "aljazeera.net": "Al Jazeera", "alarabiya.net": "Al Arabiya",
    "bbc.com": "BBC", "bbc.co.uk": "BBC", "cnn.com": "CNN", "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times", "iraq-businessnews.com": "Iraq Business News",
    "964media.com": "964", "aa.com.tr": "Anadolu Agency", "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua", "kurdistanchronicle.com": "Kurdistan Chronicle",
    "basnews.com": "Basnews", "nrttv.com": "NRT", "mawazin.net": "Mawazin News",
    "alsabaah.iq": "Al-Sabah", "alforatnews.iq": "Alforat News", "tasnimnews.com": "Tasnim",
    "economy-news.net": "Economy News", "almaalomah.me": "Al-Maalomah",
    "almasalah.com": "Al-Masalah", "alghadpress.com": "Alghad Press",
    "ultrairaq.ultrasawt.com": "Ultra Iraq",
}  # fmt: skip

# "https://www.rudaw.net/english/…", "www.rudaw.net", "rudaw.net" (a bare host in lower case,
# so "Iraq.Business" in a name is not taken for one).
_ADDRESS_RE = re.compile(
    r"^(?:(?P<scheme>https?://)|(?P<www>www\.))?(?P<host>(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})"
    r"(?::\d+)?(?P<path>[/?#]\S*)?$"
)

_BY_KEY = {
    name_key(spelling): canonical
    for canonical, others in KNOWN_OUTLETS.items()
    for spelling in (canonical, *others)
}

_ARABIC_SCRIPT_RE = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
)
_LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
# "Kurdistan24 - کوردستان 24", "Rudaw | روداو", "Shafaq News / شفق نيوز".
_BILINGUAL_SEPARATOR_RE = re.compile(r"\s+[-\u2010-\u2015|/]\s+")


def _bilingual_parts(name: str) -> list[str] | None:
    """The Latin and Arabic halves of a name written in both scripts, Latin first."""
    parts = [part for part in _BILINGUAL_SEPARATOR_RE.split(name) if part]
    if len(parts) < 2:
        return None
    latin = [p for p in parts if _LATIN_LETTER_RE.search(p) and not _ARABIC_SCRIPT_RE.search(p)]
    arabic = [p for p in parts if _ARABIC_SCRIPT_RE.search(p) and not _LATIN_LETTER_RE.search(p)]
    if not latin or not arabic or len(latin) + len(arabic) != len(parts):
        return None
    return latin + arabic


def web_host(text: str) -> str | None:
    """The host of a web address cited as a source ("https://www.rudaw.net/x" -> "rudaw.net")."""
    match = _ADDRESS_RE.match(text.strip())
    if match is None:
        return None
    host = match["host"]
    if not (match["scheme"] or match["www"] or match["path"]) and host != host.lower():
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def outlet_of_host(host: str) -> str | None:
    """The well-known outlet a host belongs to (``english.aawsat.com`` -> Asharq Al-Awsat)."""
    parts = host.lower().split(".")
    for start in range(len(parts) - 1):
        found = KNOWN_DOMAINS.get(".".join(parts[start:]))
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=1 << 14)
def known_outlet(name: str) -> str | None:
    """The canonical name of ``name`` if it is a well-known outlet, else ``None``."""
    cleaned = normalise_space(name)
    found = _BY_KEY.get(name_key(cleaned))
    if found is not None:
        return found
    host = web_host(cleaned)
    if host is not None:
        return outlet_of_host(host)
    for part in _bilingual_parts(cleaned) or ():
        found = _BY_KEY.get(name_key(part))
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=1 << 14)
def canonical_outlet(name: str) -> str:
    """The canonical name of an outlet: ``AL-Monitor`` -> ``Al-Monitor``.

    ``Kurdistan24 - کوردستان 24`` -> ``Kurdistan24``; a web address is named by its outlet,
    else by its host (``https://www.example.org/a`` -> ``example.org``); an unknown outlet
    written in both scripts is named by its Latin half; any other unknown name keeps its
    spelling.
    """
    cleaned = normalise_space(name)
    found = known_outlet(cleaned)
    if found is not None:
        return found
    host = web_host(cleaned)
    if host is not None:
        return host
    parts = _bilingual_parts(cleaned)
    return parts[0] if parts else cleaned


@functools.lru_cache(maxsize=1 << 14)
def outlet_slug(name: str) -> str:
    """A stable slug for an outlet, the same for every spelling of its name.

    Both are cached: a build asks for the same few dozen outlets tens of thousands of times.
    """
    return slugify(canonical_outlet(name))


class OutletInfo(NamedTuple):
    """What the outlet table knows of an outlet besides its names (for its outlet page)."""

    arabic: str  # its Arabic-script name, "" if none is known
    site: str  # its web address, "" if none is known


@functools.lru_cache(maxsize=1 << 10)
def outlet_info(name: str) -> OutletInfo:
    """The Arabic-script name and the site of the outlet ``name`` (any spelling) names."""
    canonical = canonical_outlet(name)
    arabic = next((a for a in KNOWN_OUTLETS.get(canonical, ()) if _ARABIC_SCRIPT_RE.search(a)), "")
    domain = next((d for d, outlet in KNOWN_DOMAINS.items() if outlet == canonical), "")
    return OutletInfo(arabic, f"https://{domain}/" if domain else "")
