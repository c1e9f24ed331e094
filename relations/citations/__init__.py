"""Citations of sources and timeline entries.

- `items`: what is cited, as CSL-JSON items;
- `styles`: Chicago, APA and MLA by citeproc-py, with `citeproc_patches`
  (the CSL rules citeproc-py skips) and `typography` (title case, quotes);
- `formats`: BibLaTeX, RIS and CSL-JSON downloads.
"""

from .items import event_item, source_item
from .styles import Rendered, render_all

__all__ = ["Rendered", "event_item", "render_all", "source_item"]
