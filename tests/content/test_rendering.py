"""Record bodies as HTML: what a page may show, and how a table is boxed."""
from content.rendering import render_markdown


def test_a_table_sits_in_a_box_that_scrolls_sideways_and_a_body_cannot_make_one():
    html = render_markdown("| 排名 | 投标人 |\n|---|---|\n| 1 | 青溪县通达路桥工程有限公司 |")
    assert html.startswith('<div class="table-scroll"><table>') and html.rstrip().endswith("</table></div>")
    typed = render_markdown('<div class="table-scroll"><table><tr><td>x</td></tr></table></div>')
    assert "<div" not in typed and "<table>" not in typed, "raw HTML in a body stays text"


def test_a_cell_that_is_only_a_number_is_set_flush_right_and_nothing_else_is():
    body = "| 项目 | 金额 | 电话 | 日期 |\n|---|---|---|---|\n| 收入 | 4,312.80 | 0795-6221035 | 2026-12-04 |\n" \
           "| **合计** | **4,826.35** | -3.5% | 1160 |"
    html = render_markdown(body)
    assert '<td class="num">4,312.80</td>' in html and '<td class="num"><strong>4,826.35</strong></td>' in html
    assert '<td class="num">-3.5%</td>' in html and '<td class="num">1160</td>' in html
    assert "<td>0795-6221035</td>" in html and "<td>2026-12-04</td>" in html and "<td>收入</td>" in html
    assert 'class="num"' not in render_markdown("<td>5</td>"), "a typed tag stays text: a body cannot mark a cell"


def test_markdown_column_alignment_becomes_a_class_the_csp_allows():
    html = render_markdown("| 项目 | 金额 |\n|:---:|---:|\n| 收入 | 约四千万 |")
    assert '<th class="align-center">项目</th>' in html and '<td class="align-right">约四千万</td>' in html
    assert "style=" not in html
