"""seeds/ ⇄ the database: `load_seeds` reads it, `export_seeds` writes it back.

- `read`: the TOML files, where values stand in them, problems and reports;
- `records`: what each object looks like in seeds/;
- `sync`, `sync_events`: the load, one transaction, through the write path;
- `digests`: fingerprints that tell a curator's unexported change;
- `export`, `toml`: writing the files back, stable and readable in a diff.
"""

from .digests import unexported_changes
from .export import export_seeds
from .read import LoadReport, SeedError
from .sync import load_seeds

__all__ = ["LoadReport", "SeedError", "export_seeds", "load_seeds", "unexported_changes"]
