"""A page saved as a single file (MHTML, ``.mhtml`` / ``.mht``): read like the HTML page.

Browsers ("Save as… Webpage, Single File") write a MIME message: headers (``From: <Saved
by Blink>``, ``Snapshot-Content-Location``, ``Subject``), then a ``multipart/related``
body whose first ``text/html`` part is the page, usually quoted-printable, followed by
its pictures and style sheets.  The page part is unpacked with the standard library's
:mod:`email` package and read by :mod:`.read_html`; its ``Content-Location`` is the
address a relative canonical link is resolved against.  The whole file is kept as the
raw original (``raw/<YYYY>/<stem>.mhtml``): reading it again gives the same post.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.errors import CloseBoundaryNotFoundDefect
from email.message import EmailMessage

from bottomline.importer.read_html import read_html
from bottomline.model import Entry, ImportFailure

#: The raw original's kind (its file name's suffix under ``raw/``).
RAW_MHTML = "mhtml"
_ADDRESS_RE = re.compile(r"^https?://\S+$", re.I)


def is_mhtml(data: bytes) -> bool:
    """Whether ``data`` is a saved single-file page: MIME headers over a related multipart."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    starts = (b"from:", b"mime-version:", b"subject:", b"date:", b"snapshot-content-location:")
    return head.startswith(starts) and b"multipart/related" in head


def _page_part(message: EmailMessage) -> EmailMessage | None:
    for part in message.walk():
        if part.get_content_type() == "text/html" and isinstance(part, EmailMessage):
            return part
    return None


def _cut_short_in(message: EmailMessage, part: EmailMessage) -> bool:
    """Whether the file ends inside ``part``: it is the last part and the multipart's
    closing boundary is missing (a download or a copy stopped early).  A file cut in a
    picture after the page has lost only the picture."""
    parts = message.get_payload()
    return (
        isinstance(parts, list)
        and bool(parts)
        and parts[-1] is part
        and any(isinstance(defect, CloseBoundaryNotFoundDefect) for defect in message.defects)
    )


def read_mhtml(data: bytes, label: str = "<mhtml>") -> list[Entry]:
    """Every post on a page saved as MHTML.  Raises ImportFailure."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise ImportFailure("the saved page (MHTML) has no parts: save it again as one file")
    part = _page_part(message)
    if part is None:
        raise ImportFailure("the saved page (MHTML) holds no HTML page")
    if _cut_short_in(message, part):
        # The page may have lost its last bullets: never read it as the whole post.
        raise ImportFailure(
            "the saved page (MHTML) is cut short: the file ends inside its HTML page; "
            "save the page again"
        )
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise ImportFailure("the saved page (MHTML) has an empty HTML part")
    charset = part.get_content_charset()
    page: bytes | str = payload
    if charset and charset.lower() not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            page = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise ImportFailure(
                f"the saved page (MHTML) is not in its declared {charset!r}"
            ) from None
    address = next(
        (
            str(value).strip()
            for value in (part["Content-Location"], message["Snapshot-Content-Location"])
            if value and _ADDRESS_RE.match(str(value).strip())
        ),
        None,
    )
    return read_html(page, label, address=address, raw=data, raw_kind=RAW_MHTML)
