"""axe-core inside a Playwright page: the accessibility violations a page has.

The script is evaluated through the DevTools protocol, not added as a <script> tag, so the
pages' Content-Security-Policy (no inline script) stays on while they are checked.
"""
from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def violations(page, impacts=SERIOUS, context=None):
    """axe's violations of the given impacts on the page as it is now, as [(id, impact, help, targets)]."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate("(context) => axe.run(context || document, {resultTypes: ['violations']})"
                          ".then(r => r.violations.map(v => [v.id, v.impact, v.help,"
                          " v.nodes.map(n => n.target.join(' ')).slice(0, 5)]))", context)
    return [tuple(v) for v in found if v[1] in impacts]
