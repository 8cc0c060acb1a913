"""The "nicht mehr aktuell" banner, put into a superseded Fassung's copy when the site is assembled.

The cached build stays as it was; only the published copy carries the banner, so a
Fassung built once never needs rebuilding when a newer one arrives. No script involved.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from stratdoc.core.edition import Edition, german_date

# the theme's header; the banner goes right before it, below the skip link
_ANCHOR = '<header id="pst-header"'
# "Änderung vorschlagen" (sphinxext.propose_link): a superseded text takes no proposals
_PROPOSE = re.compile(r'<p class="stratdoc-propose">.*?</p>\n?', re.S)


def banner(href: str, current: Edition) -> str:
    label = f"Fassung {current.version} vom {german_date(current.date)}"
    return (
        '<aside class="bd-header-announcement stratdoc-superseded" '
        'aria-label="Hinweis zur Fassung"><div class="bd-header-announcement__content">'
        "Diese Fassung ist nicht mehr aktuell. Aktuelle Fassung: "
        f'<a href="{escape(href)}">{escape(label)}</a></div></aside>\n'
    )


def same_page_in(page: Path, folder: Path, target: Path) -> str:
    """Relative link from *page* (inside *folder*) to the same page in *target*, else its start."""
    rel = page.relative_to(folder)
    up = "../" * len(rel.parts)
    dest = rel if (target / rel).is_file() else Path("index.html")
    return f"{up}{target.name}/{dest.as_posix()}"


def add_banner(page: Path, folder: Path, latest: Path, current: Edition) -> bool:
    """Put the banner into *page* of the copy in *folder*; False where the page has no header."""
    text = page.read_text(encoding="utf-8")
    at = text.find(_ANCHOR)
    if at < 0:
        return False
    marked = text[:at] + banner(same_page_in(page, folder, latest), current) + text[at:]
    marked = _PROPOSE.sub("", marked)
    # a fresh file, not the hard link into the cache
    page.unlink()
    page.write_text(marked, encoding="utf-8")
    return True
