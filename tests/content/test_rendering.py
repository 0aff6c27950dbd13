"""Record bodies as HTML: what a page may show, and how a table is boxed."""
from content.rendering import render_markdown


def test_a_table_sits_in_a_box_that_scrolls_sideways_and_a_body_cannot_make_one():
    html = render_markdown("| 排名 | 投标人 |\n|---|---|\n| 1 | 青溪县通达路桥工程有限公司 |")
    assert html.startswith('<div class="table-scroll"><table>') and html.rstrip().endswith("</table></div>")
    typed = render_markdown('<div class="table-scroll"><table><tr><td>x</td></tr></table></div>')
    assert "<div" not in typed and "<table>" not in typed, "raw HTML in a body stays text"
