"""Titles carry "September 24, AM" but no year: splitting them, and finding the year."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as dateparser

from bottomline.model import ImportFailure, TitleDate
from bottomline.text import slugify

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+"
_SEPARATORS = "\\s,:;|\u00b7\u2022\u2219/\\-\u2010-\u2015"
_EDITION = (
    r"(?P<edition>[ap]\.?\s?m\.?|morning|evening|night)"
    r"(?:\s+(?:edition|update|report|briefing))?"
)
# "September 24", "Sept. 24th", "24 September", "24th of September", "24-Sep-2025",
# "9/24" (US order; "24/9" is day first when a year or an edition says it is a date),
# "24.09.2025" (day first, unless its second number cannot be a month: "3.22.2024"),
# "3-22-24", "3.22.24", "3-22-2024" (US order, as dinar-news titles write them; day
# first only when the first number cannot be a month: "22-3-24").
_DATE = rf"""(?:{_WEEKDAY})?(?:
    (?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)
    |(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-)(?P<month2>{_MONTH})\b\.?
    |(?P<nmonth>\d{{1,2}})/(?P<nday>\d{{1,2}})(?:/(?P<nyear>\d{{4}}|\d{{2}}))?(?![\d/])
    |(?P<dday>\d{{1,2}})\.(?P<dmonth>\d{{1,2}})\.(?P<dyear>\d{{4}})(?![\d.])
    |(?P<umonth>\d{{1,2}})(?P<usep>[-.])(?P<uday>\d{{1,2}})(?P=usep)(?P<uyear>\d{{4}}|\d{{2}})(?![\d.\-])
    )(?:(?:,?\s+|-)(?P<year>\d{{4}}))?"""
# What may follow the date and stays in the title: "(Part 2)", "- Updated".
_SUFFIX = (
    r"(?P<suffix>[\s,:\-\u2013\u2014]*[(\[]?\s*(?:part\s+(?:\d+|[ivx]+|one|two|three)"
    r"|updated?|corrected|correction|continued|cont['\u2019]?d)\s*[)\]]?)?"
)
# "... September 24, AM", "... Sept. 24th 2025 - PM", "... Monday, October 6, 2025 (PM)".
_DATE_TAIL_RE = re.compile(
    rf"""(?:^|(?<=[{_SEPARATORS}(\[]))
    {_DATE}
    (?:[{_SEPARATORS}(\[]*{_EDITION}[)\]]?)?
    {_SUFFIX}
    [\s.)\]]*$""",
    re.VERBOSE | re.IGNORECASE,
)
# A line that is only a date, an edition or both ("September 22, PM", "PM Edition").
_DATE_LINE_RE = re.compile(
    rf"""^[\s(\[]*(?:
    {_DATE}(?:[{_SEPARATORS}(\[]*{_EDITION}[)\]]?)?
    (?:[\s,\-\u2013\u2014]*(?:at\s+)?(?P<hour>\d{{1,2}}):\d{{2}}\s*(?P<half>[ap]\.?\s?m\.?)?)?
    |(?P<edition_only>[ap]\.?\s?m\.?)(?:\s+(?:edition|update))?)[\s.)\]]*$""",
    re.VERBOSE | re.IGNORECASE,
)
# "What's New in Iraq October 15, PM: The Auction": the date before the title proper.
_DATE_BEFORE_COLON_RE = re.compile(
    rf"""^(?P<series>[^:]{{3,60}}?)[{_SEPARATORS}(\[]+
    {_DATE}
    (?:[{_SEPARATORS}(\[]*{_EDITION}[)\]]?)?
    \s*[)\]]?\s*[:|\u2013\u2014]\s*(?P<rest>\S.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
# A title with an edition but no date: "... Special Report PM", "... Tuesday PM".
_EDITION_TAIL_RE = re.compile(
    rf"[{_SEPARATORS}(\[]+(?:(?i:{_WEEKDAY}))?[(\[]?"
    rf"(?P<edition>[AP]\.?M\.?)(?:\s+(?:Edition|Update))?[)\]]?\s*$"
)
# "(PM)" or "PM Edition" anywhere ("What's New in Iraq (PM): …"); a bare "PM" in a title is
# more often the prime minister.
_EDITION_ANYWHERE_RE = re.compile(
    r"\s*(?:\((?P<paren>[AP]\.?M\.?)\)|\b(?P<word>[AP]M)\s+(?:Edition|Update)\b)\s*"
)
# Blogger's date header: "Monday, October 6, 2025", "6 October 2025", "10/6/2025", "2025-10-06",
# "06.10.2025" (day first).
_DATE_HEADER_RE = re.compile(
    rf"""^\s*(?:{_WEEKDAY})?(?:
    (?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})
    |(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-)(?P<month2>{_MONTH})\.?(?:,?\s+|-)(?P<year2>\d{{4}})
    |(?P<dday>\d{{1,2}})\.(?P<dmonth>\d{{1,2}})\.(?P<dyear>\d{{4}})
    |(?P<first>\d{{1,2}})/(?P<second>\d{{1,2}})/(?P<year3>\d{{4}})
    |(?P<year4>\d{{4}})-(?P<month4>\d{{2}})-(?P<day4>\d{{2}})
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
# What a head left in front of a date tail may end with: "X –", "X (", "X •".
_HEAD_TAIL_RE = re.compile(rf"[{_SEPARATORS}(\[]+$")
# "2025-11-03-am-ports.txt", "2025-11-03 notes.txt": kept raw files, and how maintainers
# often name what they save.
_NAME_DATE_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
#: How far back a post may go before a batch in order is taken to have crossed a year.
_OUT_OF_ORDER_SLACK = timedelta(days=60)
_SLUG_MAX = 80


def _edition(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip().lower()
    return "AM" if text.startswith(("a", "morning")) else "PM"


def _title_date(match: re.Match[str]) -> TitleDate | None:
    """The date a ``_DATE`` match holds, or ``None`` when it is no calendar date."""
    year = match["year"]
    if match["month"]:
        month, day = MONTHS[match["month"].lower()], int(match["day"])
    elif match["month2"]:
        month, day = MONTHS[match["month2"].lower()], int(match["day2"])
    elif match["dmonth"]:
        month, day, year = int(match["dmonth"]), int(match["dday"]), year or match["dyear"]
        if month > 12 >= day:  # "3.22.2024": month first after all
            month, day = day, month
    elif match["umonth"]:
        month, day, uyear = int(match["umonth"]), int(match["uday"]), match["uyear"]
        year = year or (uyear if len(uyear) == 4 else f"20{uyear}")
        if month > 12 >= day:  # "22-3-24": day first
            month, day = day, month
    else:
        month, day = int(match["nmonth"]), int(match["nday"])
        nyear = match["nyear"]
        if nyear and not year:
            year = nyear if len(nyear) == 4 else f"20{nyear}"
        # "22/9/2025", "22/9 PM": day first, as outside the US; without a year or an
        # edition "24/7" is no date.
        if month > 12 >= day and (year or match["edition"]):
            month, day = day, month
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return TitleDate(
        month=month,
        day=day,
        year=int(year) if year else None,
        edition=_edition(match["edition"]),
    )


def _edition_anywhere(title: str) -> tuple[str, str | None]:
    """``title`` without a "(PM)" or "PM Edition" in it, and that edition."""
    match = _EDITION_ANYWHERE_RE.search(title)
    if match is None:
        return title, None
    edition = _edition(match["paren"] or match["word"])
    joined = title[: match.start()] + " " + title[match.end() :]
    return " ".join(re.sub(r"\s+([:,])", r"\1", joined).split()), edition


def split_title(raw_title: str) -> tuple[str, TitleDate]:
    """``"What's New in Iraq: Fear and Deals September 22, PM"`` -> title and its date.

    The title keeps the series prefix; the date part (month, day, optional year, edition)
    is cut off the end, or out of the middle when it comes before the title's colon
    ("What's New in Iraq October 15, PM: The Auction").  A title without a date is
    returned whole with an empty date.
    """
    title = " ".join(raw_title.split())
    match = _DATE_TAIL_RE.search(title)
    if match and match.start() > 0:
        head = _HEAD_TAIL_RE.sub("", title[: match.start()]).strip()
        found = _title_date(match)
        if head and found is not None:
            if found.edition is None:
                head, found.edition = _edition_anywhere(head)
            suffix = (match["suffix"] or "").strip(" ,:-\u2013\u2014")
            return (f"{head} {suffix}" if suffix else head), found
    match = _DATE_BEFORE_COLON_RE.match(title)
    if match:
        found = _title_date(match)
        series = _HEAD_TAIL_RE.sub("", match["series"]).strip()
        if found is not None and series:
            return f"{series}: {match['rest'].strip()}", found
    match = _EDITION_TAIL_RE.search(title)
    if match and match.start() > 0:
        head = _HEAD_TAIL_RE.sub("", title[: match.start()]).strip()
        if head:
            return head, TitleDate(edition=_edition(match["edition"]))
    title, edition = _edition_anywhere(title)
    return title, TitleDate(edition=edition)


def parse_date_line(line: str) -> TitleDate | None:
    """The date and edition of a line that holds nothing else ("Monday, Oct. 6, PM")."""
    match = _DATE_LINE_RE.match(" ".join(line.split()))
    if match is None:
        return None
    if match["edition_only"]:
        return TitleDate(edition=_edition(match["edition_only"]))
    found = _title_date(match)
    if found is not None and found.edition is None and match["hour"]:
        # "October 6, 2025 at 7:42 PM", "6 October 2025 19:42": the time gives the edition.
        hour = int(match["hour"])
        if match["half"]:
            found.edition = _edition(match["half"]) if 1 <= hour <= 12 else None
        elif hour <= 23:
            found.edition = "AM" if hour < 12 else "PM"
    return found


def fill_in(title_date: TitleDate, found: TitleDate) -> None:
    """Complete ``title_date`` with what a date line says (never contradicting it)."""
    if found.month is not None:
        if title_date.month is None:
            title_date.month, title_date.day = found.month, found.day
        same_day = (title_date.month, title_date.day) == (found.month, found.day)
        if title_date.year is None and found.year is not None and same_day:
            title_date.year = found.year
    if title_date.edition is None and found.edition is not None:
        title_date.edition = found.edition


def looks_like_title(line: str) -> bool:
    """Whether a line carries the "Month Day[, AM|PM]" of an update's title."""
    return split_title(line)[1].month is not None


def parse_date_header(line: str) -> date | None:
    """The date of a Blogger date header line ("Monday, October 6, 2025"), if it is one."""
    match = _DATE_HEADER_RE.match(line)
    if not match:
        return None
    if match["month"]:
        year, month, day = int(match["year"]), MONTHS[match["month"].lower()], int(match["day"])
    elif match["month2"]:
        year, month = int(match["year2"]), MONTHS[match["month2"].lower()]
        day = int(match["day2"])
    elif match["dmonth"]:
        year, month, day = int(match["dyear"]), int(match["dmonth"]), int(match["dday"])
    elif match["first"]:
        # Blogger's numeric formats are month first; a first number over 12 is a day.
        first, second = int(match["first"]), int(match["second"])
        month, day = (second, first) if first > 12 else (first, second)
        year = int(match["year3"])
    else:
        year, month, day = int(match["year4"]), int(match["month4"]), int(match["day4"])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 (or RFC 822, as RSS has) timestamp, keeping its UTC offset."""
    if not value or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        pass
    try:
        return dateparser.parse(value.strip())
    except (ValueError, OverflowError):
        return None


def _ascii_slug(text: str) -> str:
    slug = slugify(text)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        return ""  # no Latin letters (an Arabic-only title): file names stay ASCII
    if len(slug) > _SLUG_MAX:
        slug = slug[:_SLUG_MAX].rsplit("-", 1)[0]
    return slug


def title_slug(title: str, url: str | None = None) -> str:
    """The slug of a post: from the title after its series prefix ("What's New in Iraq:").

    A title with no Latin letters falls back to the last part of the post's URL, then to
    ``update``.
    """
    _, colon, rest = title.partition(":")
    slug = (_ascii_slug(rest) if colon else "") or _ascii_slug(title)
    if not slug and url:
        slug = _ascii_slug(re.sub(r"\.html?$", "", url.rstrip("/").rsplit("/", 1)[-1]))
    return slug or "update"


def date_in_name(name: str) -> date | None:
    """The ISO date a file name starts with (``2025-11-03-am-ports.txt``), if any."""
    match = _NAME_DATE_RE.match(name)
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _nearest_year(month: int, day: int, reference: date) -> int:
    """The year that puts month/day closest to ``reference`` (a published date)."""
    best: tuple[int, int] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            distance = abs((date(year, month, day) - reference).days)
        except ValueError:  # February 29 outside a leap year
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else reference.year


def _after(month: int, day: int, previous: date) -> int:
    """The year that puts month/day after the previous post of a batch given in order.

    A date a little before the previous one is kept in its year (posts a few days out of
    order); a date far before it means the batch crossed into the next year.
    """
    try:
        candidate = date(previous.year, month, day)
    except ValueError:
        return previous.year + 1
    return previous.year if candidate >= previous - _OUT_OF_ORDER_SLACK else previous.year + 1


def resolve_date(
    title_date: TitleDate,
    published: datetime | None,
    *,
    year: int | None = None,
    previous: date | None = None,
    named: date | None = None,
) -> tuple[date, str]:
    """The post's date and edition.

    The year comes from the title, else the published time (page or feed metadata), else
    ``year`` (the ``--year`` option) for the first post of a batch (no ``previous``), else
    ``named`` (the date the source file's name starts with) when its month and day are
    the title's, else the previous post of the batch (crossing December -> January).  A
    title without a date takes the published date, else ``named``.  The edition comes
    from the title, else the published time.
    """
    month, day = title_date.month, title_date.day
    if month is None or day is None:
        if published is not None:
            month, day = published.month, published.day
        elif named is not None:
            month, day = named.month, named.day
        else:
            raise ImportFailure(
                "the title has no date (like 'September 24, AM') and no date is known"
            )
    name_agrees = named is not None and (named.month, named.day) == (month, day)
    if title_date.year is not None:
        chosen = title_date.year
    elif published is not None:
        chosen = _nearest_year(month, day, published.date())
    elif year is not None and previous is None:
        chosen = year  # said explicitly: it wins over the file name
    elif named is not None and name_agrees:
        chosen = named.year
    elif previous is not None:
        chosen = _after(month, day, previous)
    else:
        other_day = (
            f" and the file name's date ({named.isoformat()}) is another day" if named else ""
        )
        raise ImportFailure(
            f"no year known for '{MONTH_NAMES[month]} {day}': the source has no date "
            f"metadata{other_day}; give it with --year YYYY"
        )
    try:
        when = date(chosen, month, day)
    except ValueError:
        raise ImportFailure(f"'{MONTH_NAMES[month]} {day}' is not a date in {chosen}") from None
    edition = title_date.edition
    if edition is None:
        if published is None:
            raise ImportFailure(
                "the title has no edition (AM or PM) and no published time is known"
            )
        edition = "AM" if published.hour < 12 else "PM"
    return when, edition
