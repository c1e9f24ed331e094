"""seeds/ ⇄ the database: `load_seeds` reads it, `export_seeds` writes it back."""

from .export import export_seeds
from .forms import unexported_changes
from .load import LoadReport, SeedError, load_seeds

__all__ = ["LoadReport", "SeedError", "export_seeds", "load_seeds", "unexported_changes"]
