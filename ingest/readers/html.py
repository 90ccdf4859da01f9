"""HTML pages: the article (or the body) without scripts, navigation and forms; headings keep their level,
list items their dash, tables become labelled rows. Bold, italic, code and links are kept beside the text, for
display (``Block.markup``), never as text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from nghiquyet.core.models import Markup, markup_in
from nghiquyet.ingest.blocks import Block, SourceText, row_markup_in
from nghiquyet.ingest.readers.plain import decode
from nghiquyet.ingest.readers.tables import caption_from, table_blocks

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg"]
_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "table", "caption", "div"]


_BREAK = "\u2028"  # stands for <br> while an element's text is flattened


def _lines(element) -> list[str]:  # noqa: ANN001 - a bs4 Tag
    """The element's text as a browser lays it out: inline tags joined without adding spaces (Word's web pages
    split words across <span>s), source line wraps read as spaces, one line per <br> or paragraph."""
    for br in element.find_all("br"):
        br.replace_with(_BREAK)
    paragraphs = element.find_all(["p", "div", "li"]) or [element]
    lines: list[str] = []
    for paragraph in paragraphs:
        if paragraph is not element and paragraph.find(["p", "div", "li"]):
            continue
        for line in paragraph.get_text("").split(_BREAK):
            if line := " ".join(line.split()):
                lines.append(line)
    return lines


_SPAN_TAGS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "code": "code", "a": "link"}


def _markup(element) -> list[Markup]:  # noqa: ANN001 - a bs4 Tag
    """What ``element`` shows bold, italic, as code or as a link (with its address, when one a reader may follow)."""
    spans = (Markup.kept(_SPAN_TAGS[tag.name], tag.get_text("").replace(_BREAK, " "), str(tag.get("href") or ""))
             for tag in element.find_all(list(_SPAN_TAGS)))
    return [span for span in spans if span]


def html_blocks(markup: str) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(_DROP):
        tag.decompose()
    body = soup.find("article") or soup.body or soup
    blocks: list[Block] = []
    recent: list[str] = []
    for element in body.find_all(_BLOCKS):
        if element.find_parent("table") is not None:
            continue  # read with its table
        if element.name == "table":
            trs = element.find_all("tr")
            rows = [["\n".join(_lines(cell)) for cell in tr.find_all(["th", "td"])] for tr in trs]
            caption = element.find("caption")
            spans = [(cells, _markup(tr)) for cells, tr in zip(rows, trs, strict=True)]
            blocks += [replace(block, markup=row_markup_in(block.text, spans)) for block in
                       table_blocks(rows, caption.get_text(" ", strip=True) if caption else caption_from(recent))]
            continue
        if element.name == "div" and element.find(_BLOCKS):
            continue  # a container: its inner blocks are read instead
        if element.name != "div" and element.find(["p", "li", "table"]):
            continue  # keep only innermost blocks so text is not repeated
        text = " ".join(_lines(element))
        if not text:
            continue
        level = int(element.name[1]) if element.name in ("h1", "h2", "h3", "h4", "h5", "h6") else 0
        blocks.append(Block(("- " + text) if element.name == "li" else text, heading=level,
                            markup=markup_in(text, _markup(element))))
        recent.append(text)
    if not blocks:
        blocks = [Block(line.strip()) for line in body.get_text("\n").splitlines() if line.strip()]
    return blocks


def html_text(path: Path, raw: bytes) -> str:
    """The page as text, in the encoding it declares (a Word "Save as web page" file says windows-1252 and
    writes Vietnamese letters as entities); pages that declare nothing are decoded like plain text."""
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(raw, is_html=True, search_entire_document=False)
    if declared and not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        try:
            return raw.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to guessing
    return decode(path, raw)


def read_html(path: Path) -> SourceText:
    return SourceText(html_blocks(html_text(path, path.read_bytes())))
