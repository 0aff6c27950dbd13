"""Record bodies from Markdown to safe HTML: rendered with markdown-it, cleaned by nh3."""
import functools
import html
import re
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_TAGS = {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a",
         "table", "thead", "tbody", "tr", "th", "td", "blockquote", "code", "pre", "hr", "img"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"style"}, "td": {"style"}}
_BLOCK_END = re.compile(r"</(?:p|li|td|th|h[1-6]|pre)>")
_SHOWN_ATTRIBUTE = re.compile(r'\s(?:href|src|alt|title)="([^"]*)"')
# A cell that is only a number (1160, 4,826.35, -3.5%, bold or not): set flush right, as on screens and paper
_NUMBER_CELL = re.compile(r"<td>((?:<strong>)?[-+]?\d[\d,]*(?:\.\d+)?%?(?:</strong>)?)</td>")
# A column aligned in Markdown (|---:|) comes as an inline style, which the pages' CSP does not
# apply: it becomes a class; any other style on a cell is dropped
_ALIGNED_CELL = re.compile(r'<(td|th) style="text-align:(left|right|center)">')
_STYLED_CELL = re.compile(r'<(td|th) style="[^"]*">')


@functools.lru_cache(maxsize=2048)
def render_markdown(text):
    """Safe HTML for a Markdown body (no scripts, no foreign handlers, no raw HTML)."""
    html = _MARKDOWN.render(text or "")
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer")
    # Classes and boxes are added after cleaning, so a body cannot make them
    clean = _STYLED_CELL.sub(r"<\1>", _ALIGNED_CELL.sub(r'<\1 class="align-\2">', clean))
    clean = _NUMBER_CELL.sub(r'<td class="num">\1</td>', clean)
    # Each table in a box of its own that scrolls sideways on a narrow screen, instead of
    # squeezing its columns to a character a line
    return clean.replace("<table>", '<div class="table-scroll"><table>').replace("</table>", "</table></div>")


def plain_text(text, limit=None):
    """The readable text of a Markdown body (for read-aloud, summaries and screens)."""
    html = render_markdown(text)
    plain = nh3.clean(html.replace("</p>", "</p>\n").replace("</li>", "</li>\n").replace("</tr>", "</tr>\n"),
                      tags=set())
    plain = "\n".join(" ".join(line.split()) for line in plain.splitlines() if line.strip())
    return plain if limit is None or len(plain) <= limit else plain[:limit - 1] + "…"


def shown_text(text):
    """Everything a rendered Markdown body puts before a reader: its text as a browser shows
    it (entities decoded, inline markup gone), then each link, image and title it carries.
    (Whoever reads this for digits decodes entities once more: a literal "&#53;" shown on
    the page then counts as a 5, which errs on the safe side.)"""
    rendered = render_markdown(text)
    blocks = _BLOCK_END.sub("¦\\g<0>", rendered)  # a reader sees cells, paragraphs and items apart
    parts = [html.unescape(nh3.clean(blocks, tags=set()))]
    parts += [unquote(html.unescape(value)) for value in _SHOWN_ATTRIBUTE.findall(rendered)]
    return "\n".join(parts)
