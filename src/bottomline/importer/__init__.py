"""The importer: raw Blogger updates in, clean MyST posts out.

One pure module per step, none of them needs Sphinx:

- :mod:`.read_text`, :mod:`.read_html`, :mod:`.read_feed`: a raw source (text copied from
  a post page, a Blogger post page, an Atom feed or Blogger export) -> an ``Update``;
- :mod:`.structure`: the lines of a post -> intro, bottom line, sections, what it all means
  (shared by text and HTML, so both give the same post);
- :mod:`.sources`: a bullet's trailing parenthesis -> the outlets it cites;
- :mod:`.dates`: the title's "September 24, AM" and the metadata -> date and edition;
- :mod:`.myst`: an update -> the MyST post page, every piece of raw text escaped;
- :mod:`.write`: paths, idempotency, hand-edit and collision checks, raw originals;
- :mod:`.batch`: many sources in order, one outcome per post.
"""

from bottomline.importer.batch import Options, Summary, entries, ingest, read_source
from bottomline.importer.myst import render_body, render_post
from bottomline.importer.read_feed import read_feed
from bottomline.importer.read_html import read_html
from bottomline.importer.read_text import read_text, read_texts
from bottomline.importer.write import Outcome, write_update

__all__ = [
    "Options",
    "Outcome",
    "Summary",
    "entries",
    "ingest",
    "read_feed",
    "read_html",
    "read_source",
    "read_text",
    "read_texts",
    "render_body",
    "render_post",
    "write_update",
]
