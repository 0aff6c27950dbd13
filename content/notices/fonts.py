"""The CJK font printed notices are set in: found once, or a clear error (never boxes)."""
import functools
from pathlib import Path

# (path, face index in a collection). Noto Sans CJK SC is face 2 of Debian's collection.
CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
INSTALL_HINT = "install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)"


class FontMissing(RuntimeError):
    pass


@functools.cache
def cjk_font():
    """(path, face index) of the first Debian CJK font installed; FontMissing when none is."""
    for path, index in CANDIDATES:
        if Path(path).is_file():
            return path, index
    raise FontMissing("printed notices need a CJK font and none was found: " + INSTALL_HINT)
