"""Draw the site-wide share preview (static/relations/share-card.png), 1200 × 630 px.

Its axis shows the published events of the database (the seeds, for the committed
PNG), coloured by tone. Run it again after the site's name, colours or seeds change:

    pip install --group assets   # Pillow, needed only here
    DJANGO_DEBUG=1 python manage.py share_card

It uses DejaVu (Debian's fonts-dejavu-core) where installed, else Pillow's own font.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relations.models import Event
from relations.share import CARD, CARD_HEIGHT, CARD_WIDTH

FONTS = Path("/usr/share/fonts/truetype/dejavu")
# The site's light palette (static/relations/css/site.css).
PAPER, INK, MUTED, RULE = "#fbf9f5", "#1d2329", "#5b6570", "#ddd6ca"
ACCENT, COOP, TENSE = "#1f4e79", "#2f6f4f", "#9a3b2e"
YEARS = range(2009, 2015)


def font(name: str, size: int):
    from PIL import ImageFont

    path = FONTS / name
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default(size)


def wrapped(draw, text: str, face, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=face) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def draw_card(path: Path, title: str, events: list[tuple[date, int, int]]) -> None:
    """The title, the lede, and the timeline's axis with its published events
    (day, tone, significance) drawn as the overview draws them, coloured by tone."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    margin = 80
    draw.rectangle([0, 0, 16, CARD_HEIGHT], fill=ACCENT)
    heading = font("DejaVuSerif-Bold.ttf", 64)
    y = 90
    for line in wrapped(draw, title, heading, CARD_WIDTH - 2 * margin):
        draw.text((margin, y), line, font=heading, fill=INK)
        y += 78
    lede = font("DejaVuSans.ttf", 30)
    text = "Every event cites the exact article passages it rests on."
    for line in wrapped(draw, text, lede, CARD_WIDTH - 2 * margin):
        draw.text((margin, y + 20), line, font=lede, fill=MUTED)
        y += 42
    # The timeline's axis, its years and a scatter of events coloured by tone.
    axis_y, left, right = 500, margin, CARD_WIDTH - margin
    step = (right - left) / len(YEARS)
    draw.line([left, axis_y, right, axis_y], fill=MUTED, width=3)
    years = font("DejaVuSans.ttf", 24)
    for index, year in enumerate(YEARS):
        x = left + index * step
        draw.line([x, axis_y - 12, x, axis_y + 12], fill=RULE, width=2)
        draw.text((x + 6, axis_y + 18), str(year), font=years, fill=INK)
    first, last = date(YEARS[0], 1, 1), date(YEARS[-1] + 1, 1, 1)
    for day, tone, significance in events:
        if not first <= day < last:
            continue
        x = left + (day - first).days / (last - first).days * (right - left)
        y_mark = axis_y - 60 - 16 * tone
        radius = 5 + 3 * significance
        colour = COOP if tone > 0 else TENSE if tone < 0 else MUTED
        box = [x - radius, y_mark - radius, x + radius, y_mark + radius]
        draw.ellipse(box, fill=colour, outline=PAPER, width=2)
    image.save(path, "PNG", optimize=True)


class Command(BaseCommand):
    help = "Draw the share preview image, static/relations/share-card.png (needs Pillow)."

    def handle(self, *args, **options):
        try:
            import PIL  # noqa: F401
        except ImportError:
            raise CommandError("Pillow is needed: pip install --group assets") from None
        path = Path(settings.BASE_DIR) / "static" / CARD
        events = list(
            Event.objects.published().values_list("start_earliest", "tone", "significance")
        )
        if not events:
            raise CommandError("No published event to draw: run load_seeds first.")
        draw_card(path, "US–Pakistan relations, 2009–2014: a sourced timeline", events)
        self.stdout.write(
            f"Wrote {path.relative_to(settings.BASE_DIR)} ({CARD_WIDTH}×{CARD_HEIGHT})."
        )
