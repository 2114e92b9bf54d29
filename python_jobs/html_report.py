"""``reports/index.html``: every segmentation on one self-contained page a marketer can open from disk.

The page carries its own CSS and its plots as ``data:`` URIs, and links to nothing outside itself, so it
can be mailed, attached to a ticket or opened offline. It shows what the explorer's overview and persona
pages show (``python_jobs.explorer.queries``): sizes, run ids, validation verdicts, and per segment its
name, marketing action and the features that set it apart.
"""

from __future__ import annotations

import base64
import html
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from python_jobs.explorer import queries

PLOT_FILES = (
    ("k_selection.png", "k selection"),
    ("profile_heatmap.png", "Profile heatmap"),
    ("pca_scatter.png", "PCA scatter"),
    ("dendrogram.png", "Ward dendrogram"),
)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1f2933; }
h1 { margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #d9e2ec; padding-bottom: 0.3rem; margin-top: 2.5rem; }
.meta { color: #52606d; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 0.3rem 0.7rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 0.9rem; }
.card { border: 1px solid #d9e2ec; border-radius: 8px; padding: 0.8rem 1rem; background: #f8fafc; }
.card h3 { margin: 0 0 0.3rem 0; font-size: 1.05rem; } .code { color: #52606d; font-weight: normal; }
.action { background: #e6f6ff; border-left: 4px solid #2186eb; padding: 0.4rem 0.6rem; margin: 0.5rem 0; }
.ok { color: #207227; } .bad { color: #ba2525; font-weight: bold; }
.plots img { max-width: 100%; border: 1px solid #e4e7eb; margin: 0.4rem 0; }
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _image(path: Path) -> str:
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{_e(path.stem)}" src="data:image/png;base64,{encoded}">'


def _lift_table(title: str, items: tuple[queries.FeatureLift, ...]) -> str:
    if not items:
        return ""
    rows = "".join(
        f"<tr><td>{_e(item.feature)}</td><td class=num>{_number(item.mean)}</td>"
        f"<td class=num>{_number(item.population_mean)}</td>"
        f"<td class=num>{_e(queries.lift_label(item.lift))}</td></tr>"
        for item in items
    )
    return f"<table><tr><th>{_e(title)}</th><th>segment</th><th>everyone</th><th>lift</th></tr>{rows}</table>"


def _persona_card(persona: queries.Persona) -> str:
    action = persona.marketing_action or "No marketing action set for this segment."
    return (
        f'<div class="card"><h3>{_e(persona.segment_name)} '
        f'<span class="code">{_e(persona.segment_code)}</span></h3>'
        f"<div>{persona.entities:,} members · {persona.share:.1%}</div>"
        f'<div class="action">{_e(action)}</div>'
        + _lift_table("sets it apart", persona.features)
        + _lift_table("outcomes", persona.outcomes)
        + "</div>"
    )


def _section(connection: duckdb.DuckDBPyConnection, found: queries.Segmentation, reports: Path) -> str:
    cards = "".join(_persona_card(persona) for persona in queries.personas(connection, found.table))
    plots = "".join(
        f"<h4>{_e(title)}</h4>{_image(reports / found.name / file)}"
        for file, title in PLOT_FILES
        if (reports / found.name / file).is_file()
    )
    run = f"run {_e(found.run_id)} · " if found.run_id else ""
    return (
        f'<h2 id="{_e(found.table)}">{_e(found.table)}</h2>'
        f'<p class="meta">{run}{found.entities:,} {_e(found.entity_column)}s in {found.segments} segments · '
        f"validation {_e(found.validation_status)}</p>"
        f'<div class="cards">{cards}</div>' + (f'<div class="plots">{plots}</div>' if plots else "")
    )


def render(connection: duckdb.DuckDBPyConnection, reports: Path, *, title: str = "Audience segments") -> str:
    """The whole page for the warehouse behind ``connection``; plots are read from ``reports/<name>/``."""
    found = queries.segmentations(connection)
    overview_rows = "".join(
        f'<tr><td><a href="#{_e(item.table)}">{_e(item.table)}</a></td><td class=num>{item.entities:,}</td>'
        f"<td class=num>{item.segments}</td><td>{_e(item.run_id or '–')}</td>"
        f'<td class="{"ok" if item.failed_expectations == 0 and item.validation_run_id else "bad"}">'
        f"{_e(item.validation_status)}</td></tr>"
        for item in found
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = (
        f"<h1>{_e(title)}</h1><p class=meta>Generated {generated} · {len(found)} segmentations</p>"
        "<table><tr><th>segmentation</th><th>entities</th><th>segments</th><th>run id</th>"
        f"<th>validation</th></tr>{overview_rows}</table>"
        + "".join(_section(connection, item, reports) for item in found)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def write(connection: duckdb.DuckDBPyConnection, reports: Path) -> Path:
    """Write ``reports/index.html`` and return its path."""
    path = reports / "index.html"
    path.write_text(render(connection, reports), encoding="utf-8")
    return path
