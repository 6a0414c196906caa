"""Search: Sphinx's own index, taught the names readers type, and results they can judge.

The index words (:class:`BottomlineSearchLanguage`), the actors' aliases as hidden title
words, the metadata file, the phrase files and the Sphinx hooks that make them are described,
with the reasons for each choice, in docs/search-internals.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.search import js_index
from sphinx.search.en import SearchEnglish
from sphinx.util import logging

from bottomline.formats import ACTOR_KINDS
from bottomline.sphinxext import related, state
from bottomline.sphinxext.shared import NO_SEARCH, skip_node, write_asset
from bottomline.sphinxext.state import Derived
from bottomline.text import ARTICLES, is_search_word, search_parts, search_words

logger = logging.getLogger(__name__)

#: The browser's search, as one script (:data:`JS_FILES` joined, in ``_static/``).
SCRIPT = "bottomline-search.bundle.js"
#: Its parts in ``assets/``, in load order: each uses only the ones before it, and the start
#: file (``bottomline-search.js``) comes last.
JS_FILES = (
    "bottomline-fold.js",
    "bottomline-search-query.js",
    "bottomline-search-engine.js",
    "bottomline-search-load.js",
    "bottomline-search-render.js",
    "bottomline-search-box.js",
    "bottomline-search-results.js",
    "bottomline-search.js",
)
CSS_FILE = "bottomline-search.css"
#: Written next to ``searchindex.js``; ``bottomline-search-load.js`` loads it by this name.
META_FILE = "bottomline-searchmeta.js"
#: The wire format of that file; ``META_VERSION`` in ``bottomline-search-load.js`` must match.
META_VERSION = 5
#: Directory (next to ``searchindex.js``) of the word-position files phrases load.
PHRASE_DIR = "bottomline-phrases"
#: About this many bytes per position file: a phrase loads one file per distinct word.
PHRASE_FILE_BYTES = 32 * 1024
_PHRASE_FILE_RE = re.compile(r"^\d+\.js$")

#: Kind labels shown in results and filters: the actor pages' badge texts.
KIND_LABELS = {key: kind.singular for key, kind in ACTOR_KINDS.items()}


@functools.lru_cache(maxsize=1 << 14)
def _split(text: str) -> tuple[str, ...]:
    # Half the text nodes of an archive repeat (outlet names, actor names, punctuation,
    # the admonition titles); the indexer splits each one in the serial part of ``-j``.
    return tuple(search_words(text))


class BottomlineSearchLanguage(SearchEnglish):
    """English, with words split and folded the way readers type names.

    Registered under its own code and selected through ``html_search_language``, so the
    stock English language stays untouched for any other project in the same process.
    """

    lang = "en_bottomline"
    language_name = "English"
    # Contractions ("she'll") fold to real words ("shell"): only plain stop words count.
    # Sphinx's public class attribute, not its private ``_stopwords`` module.
    stopwords = frozenset(w for w in SearchEnglish.stopwords if "'" not in w) | ARTICLES
    js_splitter_code = """
function splitQuery(query) {
  return BottomlineFold.searchWords(query).filter(BottomlineFold.isSearchWord);
}
"""

    def split(self, input: str) -> list[str]:  # noqa: A002 (Sphinx's parameter name)
        return list(_split(input))

    def stem(self, word: str) -> str:
        # Words arrive casefolded; lowercasing again (as SearchEnglish does) would undo
        # casefold where they differ (Cherokee).  Sphinx lowercases the result itself.
        return self.stemmer.stemWord(word)

    def word_filter(self, word: str) -> bool:
        return is_search_word(word) and word not in self.stopwords


# -- hidden nodes: seen by the indexer, never by a reader -------------------------------------


class search_titles(nodes.General, nodes.Element):
    """Titles only the search index sees: an actor page's aliases."""


def _search_enabled(app: Sphinx) -> bool:
    builder = app.builder
    return (
        bool(app.config.bottomline_search)
        and builder.format == "html"
        and getattr(builder, "indexer", None) is not None
    )


def add_alias_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: give the indexer an actor page's aliases as title words.

    Runs in the main process just before the page is indexed (``write_doc_serialized``).
    An actor page whose aliases change is re-read, so these never go stale.
    """
    if not _search_enabled(app):
        return
    actor = state.actors(app.env).get(docname)
    if actor is None or not actor.aliases:
        return
    titles = search_titles()
    for alias in actor.aliases:
        titles += nodes.title(alias, alias)
    doctree += titles


# -- the metadata file ------------------------------------------------------------------------


def _snippet(text: str, limit: int) -> str:
    if limit <= 0 or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def search_meta(
    view: Derived, docnames: list[str], *, snippet: int = 0, help_page: str = ""
) -> dict[str, Any]:
    """What the browser needs besides the index, aligned with the index's ``docnames``.

    Every field is read by name (docs/search-internals.md has the format): ``version``,
    ``kinds`` (labels), ``help`` (the "How to search" page's docname, or null when the site
    has none), ``posts``: ``doc`` (position in the index), ``bottomLine``, ``actors``
    (actor ids), ``date``, ``edition``; ``actors``: ``doc`` (position, or -1), ``slug``,
    ``name``, ``kind``, ``aliases``; an actor id is a position in this list.  The build
    adds ``phrases`` (``files``, ``key``).
    """
    position = {docname: i for i, docname in enumerate(docnames)}
    actor_docs = sorted(view.actors)
    actor_ids = {docname: i for i, docname in enumerate(actor_docs)}
    rows = []
    for docname in sorted(view.posts, key=lambda d: position.get(d, -1)):
        if docname not in position:
            continue
        post = view.posts[docname]
        mentioned = view.by_post.get(docname, {})
        rows.append(
            {
                "doc": position[docname],
                "bottomLine": _snippet(post.bottom_line, snippet),
                "actors": sorted(actor_ids[a] for a in mentioned),
                "date": post.date.isoformat(),
                "edition": post.edition,
            }
        )
    return {
        "version": META_VERSION,
        "kinds": KIND_LABELS,
        "help": help_page if help_page in position else None,
        "actors": [
            {
                "doc": position.get(docname, -1),
                "slug": view.actors[docname].slug,
                "name": view.actors[docname].name,
                "kind": view.actors[docname].kind,
                "aliases": list(view.actors[docname].aliases),
            }
            for docname in actor_docs
        ],
        "posts": rows,
    }


# -- word positions, for phrases ----------------------------------------------------------------


def phrase_file(word: str, files: int) -> int:
    """Which position file holds ``word``: FNV-1a over its code points, modulo ``files``.

    ``phraseFile`` in ``bottomline-search-engine.js`` is the twin (a browser test checks
    both agree).
    """
    value = 0x811C9DC5
    for char in word:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % files


def page_parts(doctree: nodes.document) -> tuple[list[str], list[str]]:
    """Every word of a page in order (stop words and single letters too), as phrases see
    it, and the joined compounds (:func:`bottomline.text.search_parts` of each text).

    Skips what Sphinx's indexer skips (comments, raw markup, ``no-search``), and splits text
    node by text node as it does: words never join across nodes.
    """
    words: list[str] = []
    compounds: list[str] = []
    pending: list[nodes.Node] = [doctree]
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.Text):
            text_words, text_compounds = search_parts(node.astext())
            words += text_words
            if text_compounds:
                compounds += text_compounds
        elif isinstance(node, (nodes.comment, nodes.raw)):
            continue
        elif isinstance(node, nodes.Element) and NO_SEARCH not in node["classes"]:
            pending.extend(reversed(node.children))
    return words, compounds


def page_positions(words: list[str]) -> str:
    """Where each word stands on one page, as text: a line ``word<TAB>count,step,step…`` per
    distinct word (positions as differences from the previous one: small numbers).

    Computed when the page is read (in parallel), so a build only joins pages' lines.
    """
    found: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        at = found.get(word)
        if at is None:
            found[word] = [position]
        else:
            at.append(position)
    lines = []
    for word, positions in found.items():
        steps = [positions[0], *(b - a for a, b in zip(positions, positions[1:], strict=False))]
        lines.append(f"{word}\t{len(positions)},{','.join(map(str, steps))}")
    return "\n".join(lines)


def phrase_rows(pages: list[str]) -> dict[str, list[str]]:
    """Per word, its pages' entries in index order: ``page step,count,position steps…``.

    ``pages`` are :func:`page_positions` texts, one per page of the index's ``docnames``;
    a page is its position there, given as the difference from the previous page.
    """
    rows: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    for page, text in enumerate(pages):
        if not text:
            continue
        for line in text.split("\n"):
            word, entry = line.split("\t", 1)
            rows.setdefault(word, []).append(f"{page - last.get(word, 0)},{entry}")
            last[word] = page
    return rows


def phrase_key(docnames: list[str], pages: list[str]) -> str:
    """A digest of what the phrase files are made from (pages in order, and their words)."""
    digest = hashlib.sha256()
    for docname, text in zip(docnames, pages, strict=True):
        digest.update(f"{docname}\0{text}\0".encode())
    return digest.hexdigest()[:12]


def write_phrase_files(outdir: Path, pages: list[str], key: str) -> dict[str, Any]:
    """Write ``bottomline-phrases/<n>.js``; returns what the metadata says about them.

    ``pages`` are :func:`page_positions` texts in index order.  ``key`` (see
    :func:`phrase_key`) goes into the file URLs: a browser never mixes files of two builds.
    """
    rows = {word: ",".join(entries) for word, entries in phrase_rows(pages).items()}
    total = sum(len(word) + len(row) + 4 for word, row in rows.items())
    files = 1
    while files * PHRASE_FILE_BYTES < total and files < 4096:
        files *= 2
    split: list[list[str]] = [[] for _ in range(files)]
    for word in sorted(rows):
        encoded = json.dumps(word, ensure_ascii=False)
        split[phrase_file(word, files)].append(f"{encoded}:[{rows[word]}]")
    directory = outdir / PHRASE_DIR
    directory.mkdir(exist_ok=True)
    for old in directory.iterdir():
        if _PHRASE_FILE_RE.match(old.name):
            old.unlink()
    for number, entries in enumerate(split):
        text = f"BottomlineSearch.addPhrases({number},{{{','.join(entries)}}});\n"
        (directory / f"{number}.js").write_text(text, encoding="utf-8")
    return {"files": files, "key": key}


def _written_phrases(outdir: Path, key: str) -> dict[str, Any] | None:
    """What the metadata of the last build says of its phrase files, if made from ``key``."""
    try:
        text = (outdir / META_FILE).read_text(encoding="utf-8")
        last = json.loads(text[len("BottomlineSearch.setMeta(") : -len(");\n")])["phrases"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if last.get("key") != key:
        return None
    files = last.get("files", 0)
    directory = outdir / PHRASE_DIR
    if not all((directory / f"{n}.js").is_file() for n in range(files)):
        return None
    return {"files": files, "key": key}


def collect_words(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, last: where the page's words stand, as read, for the phrase files,
    and, for a post, the words its related updates are ranked by: one pass over its words.

    Also with ``bottomline_search = False``: the setting only rebuilds the HTML, and pages
    read meanwhile must not keep their old positions when it is turned on again.
    """
    env, docname = app.env, app.env.docname
    words, compounds = page_parts(doctree)
    state.page_words(env)[docname] = page_positions(words)
    related.note_terms(env, docname, words, compounds)


class PhraseStore:
    """Every page's word positions, kept beside the pickled environment, not in it.

    A page's positions are made when it is read (in parallel readers too) and reach the
    main process in the ``bottomline`` domain.  At ``env-updated`` they move into this store,
    saved as one file in the doctree directory: the environment Sphinx pickles (and, with
    ``-j``, sends back from every reader process) then does not carry every page's words,
    and no build reads every doctree back again.
    """

    FILE = "bottomline-phrases.pickle"
    VERSION = 1

    def __init__(self) -> None:
        self.pages: dict[str, str] | None = None
        self.dirty = False

    def _path(self, app: Sphinx) -> Path:
        return Path(app.doctreedir) / self.FILE

    def _load(self, app: Sphinx) -> dict[str, str]:
        try:
            with open(self._path(app), "rb") as stream:
                version, pages = pickle.load(stream)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return {}
        return pages if version == self.VERSION and isinstance(pages, dict) else {}

    def save(self, app: Sphinx) -> None:
        if self.pages is None or not self.dirty:
            return
        path = self._path(app)
        temporary = path.with_name(path.name + ".tmp")
        with open(temporary, "wb") as stream:
            pickle.dump((self.VERSION, self.pages), stream, pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
        self.dirty = False

    def take_read_pages(self, app: Sphinx, env: BuildEnvironment) -> None:
        """``env-updated``: the pages read this build replace theirs; removed pages go."""
        if self.pages is None:
            self.pages = self._load(app)
        fresh = state.page_words(env)
        gone = [d for d in self.pages if d not in env.all_docs]
        for docname in gone:
            del self.pages[docname]
        if fresh or gone:
            self.pages.update(fresh)
            fresh.clear()
            self.dirty = True
        self.save(app)

    def positions(self, app: Sphinx, docnames: list[str]) -> list[str]:
        """Each page's positions; a page the store lacks is read back from its doctree."""
        if self.pages is None:
            self.pages = self._load(app)
        found = []
        for docname in docnames:
            text = self.pages.get(docname)
            if text is None:
                text = page_positions(page_parts(app.env.get_doctree(docname))[0])
                self.pages[docname] = text
                self.dirty = True
            found.append(text)
        self.save(app)
        return found


def finish_search_files(app: Sphinx, exception: Exception | None, store: PhraseStore) -> None:
    """``build-finished``: trim ``searchindex.js``, write ``bottomline-searchmeta.js`` beside it.

    Sphinx's ``alltitles`` (every section title, for its own result list, which
    ``bottomline-search.js`` replaces; the engine never reads it) is emptied: it was a sixth
    of the gzipped index.  So are the source file names (``filenames``, a twentieth), which
    only that result list reads.  The metadata is read back from the index just written, so
    positions match it exactly (pages without a title, or marked ``nosearch``, are not in it).
    The word positions come from each indexed page's doctree as read (kept when it is
    read, so incremental builds stay right; lists a page generates from other pages are left
    out), and are written again only when some page's words changed.
    """
    if exception is not None or not _search_enabled(app):
        return
    outdir = Path(app.outdir)
    index_path = outdir / app.builder.searchindex_filename  # type: ignore[attr-defined]
    if index_path.suffix != ".js" or not index_path.is_file():
        return
    with open(index_path, encoding="utf-8") as stream:
        index = js_index.load(stream)
    if index.get("alltitles") or any(index.get("filenames", ())):
        index["alltitles"] = {}
        # One empty name per page: Sphinx reads the list back (page for page) on the next
        # incremental build, and only its own result list, which never runs here, uses them.
        index["filenames"] = [""] * len(index.get("filenames", ()))
        trimmed = index_path.with_name(index_path.name + ".tmp")
        trimmed.write_text(js_index.dumps(index), encoding="utf-8")
        trimmed.replace(index_path)
    docnames = list(index["docnames"])
    meta = search_meta(
        state.derived(app.env),
        docnames,
        snippet=int(app.config.bottomline_search_snippet),
        help_page=str(app.config.bottomline_search_help),
    )
    pages = store.positions(app, docnames)
    key = phrase_key(docnames, pages)
    meta["phrases"] = _written_phrases(outdir, key) or write_phrase_files(outdir, pages, key)
    data = json.dumps(meta, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # "</" never appears inside a <script>-loaded file's strings unescaped.
    data = data.replace("</", "<\\/")
    text = f"BottomlineSearch.setMeta({data});\n"
    meta_path = outdir / META_FILE
    if not meta_path.is_file() or meta_path.read_text(encoding="utf-8") != text:
        meta_path.write_text(text, encoding="utf-8")


# -- setup ------------------------------------------------------------------------------------


def use_search_language(app: Sphinx, config: Config) -> None:
    """``config-inited``: index with :class:`BottomlineSearchLanguage` (English sites only)."""
    if not config.bottomline_search:
        return
    current = config.html_search_language or config.language or "en"
    if current == "en" or current.startswith("en_") or current.startswith("en-"):
        config.html_search_language = BottomlineSearchLanguage.lang


def add_static_files(app: Sphinx) -> None:
    """``builder-inited``: ship the search scripts and style with every HTML page."""
    # EPUB and HTML help are "html" too, but have no search (``builder.search``).
    builder = app.builder
    if builder.format != "html" or not getattr(builder, "search", False):
        return
    if not app.config.bottomline_search:
        return
    app.add_js_file(write_asset(builder, SCRIPT, JS_FILES))
    app.add_css_file(write_asset(builder, CSS_FILE, (CSS_FILE,)))


def setup_search(app: Sphinx) -> None:
    """Register the search language, the hidden alias titles and the search scripts."""
    app.add_config_value("bottomline_search", True, "html", types=[bool])
    # Longest bottom line kept as a result snippet (characters; 0 keeps it whole).
    app.add_config_value("bottomline_search_snippet", 0, "html", types=[int])
    # The page the search box and the results page link to as "How to search" (if built).
    app.add_config_value("bottomline_search_help", "how-to-search", "html", types=[str])
    app.add_search_language(BottomlineSearchLanguage)
    app.add_node(
        search_titles,
        html=(skip_node, None),
        latex=(skip_node, None),
        text=(skip_node, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    app.connect("config-inited", use_search_language)
    app.connect("builder-inited", add_static_files)
    # Late, so the titles go after everything the page shows (they are never shown).
    app.connect("doctree-resolved", add_alias_titles, priority=700)
    # Last of doctree-read: after the admonition titles are marked no-search.
    app.connect("doctree-read", collect_words, priority=900)
    store = PhraseStore()
    app.connect("env-updated", store.take_read_pages)
    app.connect("build-finished", functools.partial(finish_search_files, store=store))
