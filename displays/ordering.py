"""The order staff see screens in: numbers in names compare as numbers (屏3 before 屏27)."""
import functools
import re
import unicodedata

_NUMBER = re.compile(r"(\d+)")  # any Unicode digits: full-width ２７ counts as 27


@functools.lru_cache(maxsize=8192)  # a county's staff pages sort its 1,000 screens on every request
def natural_key(text):
    """A sort key for `text` in which every run of digits compares by its value."""
    parts = _NUMBER.split(unicodedata.normalize("NFKC", text or "").casefold())
    # split() alternates text and digits, starting with text, so equal positions hold equal types
    return tuple(int(part) if n % 2 else part for n, part in enumerate(parts)), text or ""


def display_order(display):
    """Sort key for a screen in staff lists: by hall, then by name, both naturally; then by id."""
    return natural_key(display.get("hall")), natural_key(display.get("name")), display.get("id", 0)
