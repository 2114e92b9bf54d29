"""Synthetic HubSpot contact export (APREU, campus Querétaro) with planted segment structure.

Writes ``<out>/contacts.csv``: one row per contact, shaped like the real 128,903-row export the seed
notebooks read (``sacar_historicos`` output, see ``../shared/reference/SEED_FACTS.md`` section E).
Deterministic for ``--seed`` (one ``numpy.random.Generator``); everything is vectorised.

File format
-----------
* UTF-8 (``--bom`` adds a byte-order mark), ``\\n`` line endings (``--crlf`` for ``\\r\\n``), comma
  separated, minimal quoting: values holding commas or quotes (campaign and import names) are quoted
  and inner quotes doubled.
* 44 columns, ``EXPORT_COLUMNS``: the 39 properties the notebooks use, with their English/Spanish
  export names and accents, plus five PII columns a real export carries (First Name, Last Name, Email,
  Phone Number, Mobile Phone Number) so the pipeline can prove PII never reaches marts. Emails use the
  reserved ``example.*`` domains; names and phones are random.
* ``--header-style internal`` renames the columns that have an internal or alias name listed in
  SEED_FACTS (``INTERNAL_HEADER_NAMES``: ``hs_object_id``, ``hs_analytics_num_visits``, ``Contact Owner``,
  ``Periodo de ingreso a licenciatura (MQL)`` …); the others keep their export names.
* History cells: ``"v1 // v2 // v3"``, oldest first, latest last, in text *and* numeric fields
  (``"0 // 1 // 2"``, numeric histories are increasing). Of the cells with history about 3 % use ``//``
  without spaces, 1.5 % end with a trailing delimiter and 1.5 % start with a ``nan``/``none``/``None``
  token.
* URLs (Last Referring Site, referral drill-downs) contain ``//`` themselves, as in the real export: a
  splitter tolerant of ``//`` without spaces (the notebooks' ``hist_latest``) turns
  ``https://www.google.com/`` into ``['https:', 'www.google.com/']`` and keeps ``www.google.com/`` as the
  latest value; host names and keywords survive, the scheme does not.
* Empty cells are empty strings (never the text ``nan``). Counts are integers; a zero count is ``0`` or
  empty (never set in HubSpot).
* Dates (Create Date, Close Date, First/Recent Conversion Date) are epoch **milliseconds** in UTC; about
  2 % are written as floats (``1597363200000.0``, what pandas writes for a column with gaps).
* Likelihood to close: 0–100 numbers with one decimal (mean about 95); 4 % carry a ``%`` sign, 2 % are on
  the 0–1 scale (``0.93``), 5 % are empty, some have history.

Planted structure (shares of the eligible cohort = APREU owner and lifecycle not other/subscriber)
-----------------------------------------------------------------------------------------------------
Category shares are exact quotas (largest-remainder rounding), so small files keep every group.

* Owner (``Propiedad del contacto``): 59.8 % APREU. 0.6 % of the APREU owners are written ``apreu``
  (lower case); they ARE APREU contacts (compare ``upper(trim(owner))``, as Cluster 3 does). 3 % of the
  APREU cells carry history ``"Admisiones // APREU"``; 1 % of the other owners read ``"APREU // Admisiones"``
  (not APREU: the latest value counts). Other owners: Admisiones, Posgrado, Educación Continua, people's
  names, empty.
* Lifecycle (internal lower-case values lead, marketingqualifiedlead, salesqualifiedlead, opportunity,
  customer, evangelist, other, subscriber; ≈ 1 % empty): 2.85 % of APREU are excluded (0.73 % ``Other``,
  written capitalised, 2.12 % ``subscriber``); 1 % of the other stages are capitalised (``Lead``); 35 %
  carry a forward progression history (``subscriber // lead // marketingqualifiedlead``). Closed contacts
  lean to customer/evangelist/opportunity.
* Geography tiers (Cluster 2), planted per contact and rendered so that the notebook's coalesce rules
  recover them: local (Querétaro) 29.3 %, domestic non-local 59.0 %, unknown 7.4 % (every geography
  field empty, no web activity), international 4.3 % (84 % carry "Soy extranjero"/"Extranjero"/
  "Foreign country"/"International", the rest a foreign country and region). Spellings vary: Querétaro,
  queretaro, Qro., QRO, "Querétaro de Arteaga", "Santiago de Querétaro" (city), "Querétaro, Qro"; Gto,
  Guanajuato, CDMX, "Ciudad de México", DF, edomex, "Edo. Mex.", Michoacán, official long names … IP
  regions use HubSpot's English names ("Mexico City", "State of Mexico") and always come with an IP
  country. Domestic rows whose prep/procedencia state is set may have IP region Querétaro (visiting
  campus): only the coalesced state decides the tier, not any field that mentions Querétaro.
* Web activity: the unknown tier has almost none (1 % "low"); otherwise 28 % "high" (sessions
  1+NegBin, pageviews ≈ 2.6 × sessions, forms Poisson 1.6; local higher) and 72 % "low" (35 % zero, 15 %
  a form without a session, 50 % one or two sessions). Emails delivered/opened/clicked: nested
  binomials, mean email engagement score ≈ 0.17. Social clicks are nearly all zero (≈ 0.04 % of
  contacts, at least one).
* Paid cohort (Cluster 1): latest Original Source PAID_SEARCH or PAID_SOCIAL for 15.67 % of the eligible
  cohort (8 % of the others), 67 % of it PAID_SEARCH.
  - active 80 % (never in the unknown tier): sessions ≥ 1, pageviews ≥ sessions, forms ≥ 1; platform
    kinds Google Ads 84.5 % (PAID_SEARCH, google drill-down, "Google Ads" channel), Facebook 10 %,
    Instagram 2 %, TikTok 1 %, no platform ("mixed") 2.5 %; latest traffic source drawn as PAID_SEARCH
    52.5 %, DIRECT 19.4, PAID_SOCIAL 9.9, EMAIL 9.1, ORGANIC 5.4, REFERRALS 2.2, AI_REFERRALS 1, with
    PAID_SEARCH turned into PAID_SOCIAL for the non-Google kinds (measured ≈ 45 % / 19 / 18 / 9 …).
  - inactive 20 %: PAID_SOCIAL, zero activity (3 % one session), latest traffic source OFFLINE 75.8 %,
    PAID_SOCIAL 21.5, EMAIL 2.7; 21 % TikTok mentions, 79 % no platform keyword at all (IMPORT /
    INTEGRATION drill-downs). 8 % of paid contacts have an earlier non-paid original source in their
    history (``OFFLINE // PAID_SEARCH``); 3 % of the others an earlier paid one (``PAID_SOCIAL // OFFLINE``).
* Keyword-token traps in the scanned source fields: drill-downs "Campaña semestre primavera 2024"
  (``sem`` inside ``semestre``), "TikTok makeup challenge" (``make`` inside ``makeup``), "make.com" and
  "atomchat" integrations, referrers ``http://fb.com/…``, ``https://t.co/…``, ``https://lnkd.in/…``,
  ``https://youtu.be/…``, ``https://chatgpt.com/`` (holds the substring ``t.co`` but is not Twitter) and
  utm query strings with ``utm_medium=cpc``. Legitimate ``SEM - Licenciaturas`` campaign names exist too.
* Close outcome: closed (Close Date set) with probability by tier × planted activity: local high 40 %,
  local low 12 %, domestic 19 / 4 %, international 10 / 3.2 %, unknown 2.9 %; paid active 6.1 %, paid
  inactive 1.2 %; non-APREU 3 %, excluded lifecycle 1.5 %; contacts with "Fogatada 2023" 60 %. The
  high rates sit above the published 2A/2E close rates because the ≥ q70 engagement groups also hold
  the paid-active contacts (6.1 %); measured on 130k rows, seed 42, with the notebook's rules: 2A 14.5 %,
  2B 4.8, 2C 9.1, 2D 4.3, 2E 30.5, 2F 12.1, 2Z 2.7; eligible cohort 10.2 %.
  Days to close log-normal (median 110 low / 150 high, 1–1,700). 0.05 % of all contacts (at least one)
  close *before* they were created. Create dates 2019-01-01 … 2025-09-30 (export date).
* Promotion (Cluster 3; eligible cohort): planted group under the notebook's substring rule — Digital
  51 %, Unknown 42.45 %, Event 5.3 %, Messaging 1 %, Niche 0.25 % (Messaging and Niche are raised from
  the real 0.62 % / 0.05 % so a few-thousand-row fixture keeps both). About 75 % have "Actividades de
  promoción APREU" (1–3 activities, history cells); Unknown contacts have none or only neutral
  activities (Interius - Inbound, Cotizador, BPM, Landbot, Test OV …) and neutral conversions. 30 % of
  the Digital group's key activity is "Sesiones informativas foráneas/locales", Digital under the
  notebook's substring rule (``form`` inside ``informativas``) but Unknown under whole-token matching
  unless a digital conversion backs it: measured on 130k rows, Digital 51.0 → 42.1 % and Unknown
  42.5 → 51.5 % when keywords must match whole tokens.
  First/Recent Conversion (and their dates) exist when forms > 0 and follow the group's vocabulary.
* Periodo de ingreso ``YYYYMM`` with suffixes 05/10/35/60/75 (80 % filled, 10 % with history); Periodo de
  admisión BPM for ≈ 14 % (56 % of the closed); prep-school names for ≈ 23 % of APREU contacts in three
  overlapping fields (≈ 390 distinct names) with case and spacing variants; prep year as free text
  ("1er año", "Segundo", "3ro" …) for 30 %.
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from python_jobs.generate.hubspot_vocabulary import (
    ACTIVITIES,
    CONVERSIONS,
    DOMESTIC_STATES,
    EXPORT_COLUMNS,
    FIRST_NAMES,
    FOREIGN_PLACES,
    IMPORT_NAMES,
    INTERNAL_HEADER_NAMES,
    INTERNATIONAL_MARKERS,
    LAST_NAMES,
    LIFECYCLE_LADDER,
    MEXICO_SPELLINGS,
    PAID_CAMPAIGNS,
    PREP_NAMES,
    PREP_PREFIXES,
    PUBLIC_PREPS,
    QRO_CITIES,
    QRO_STATE_VARIANTS,
    SEARCH_TERMS,
)

START_MS = 1_546_300_800_000  # 2019-01-01T00:00:00Z
EXPORT_MS = 1_759_190_400_000  # 2025-09-30T00:00:00Z, the export date
DAY_MS = 86_400_000

TIERS: Mapping[str, float] = {"domestic": 0.590, "local": 0.293, "unknown": 0.074, "international": 0.043}
PROMO_SHARES: Mapping[str, float] = {
    "digital": 0.51,
    "unknown": 0.4245,
    "event": 0.053,
    "messaging": 0.01,
    "niche": 0.0025,
}


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rows", type=_positive_int, default=130_000, help="number of contacts (default 130000)"
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--header-style",
        choices=("export", "internal"),
        default="export",
        help="export: English/Spanish export names; internal: hs_*/alias names where SEED_FACTS lists one",
    )
    parser.add_argument("--bom", action="store_true", help="start the file with a UTF-8 byte-order mark")
    parser.add_argument("--crlf", action="store_true", help="end lines with CRLF instead of LF")


def generate(args: argparse.Namespace, out_dir: Path) -> list[Path]:
    frame = build_contacts(args.rows, args.seed)
    path = out_dir / "contacts.csv"
    write_contacts_csv(frame, path, header_style=args.header_style, bom=args.bom, crlf=args.crlf)
    return [path]


def write_contacts_csv(
    frame: pd.DataFrame, path: Path, *, header_style: str = "export", bom: bool = False, crlf: bool = False
) -> None:
    """Write the export; ``header_style='internal'`` renames columns per ``INTERNAL_HEADER_NAMES``."""
    if header_style not in ("export", "internal"):
        raise ValueError(f"header_style must be 'export' or 'internal', not {header_style!r}")
    header = [INTERNAL_HEADER_NAMES.get(name, name) if header_style == "internal" else name for name in frame]
    path.parent.mkdir(parents=True, exist_ok=True)
    # The csv module writes the same bytes as DataFrame.to_csv (minimal quoting) in about half the time.
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(zip(*(frame[name].tolist() for name in frame), strict=True))


# --------------------------------------------------------------------------------------------------
# helpers


def _quota(rng: np.random.Generator, size: int, shares: Mapping[str, float]) -> np.ndarray:
    """Labels in exact proportion (largest-remainder rounding), randomly ordered."""
    labels = list(shares)
    weights = np.array([shares[label] for label in labels], dtype=float)
    raw = weights / weights.sum() * size
    counts = np.floor(raw).astype(int)
    remainder = size - counts.sum()
    if remainder > 0:
        counts[np.argsort(-(raw - counts), kind="stable")[:remainder]] += 1
    return rng.permutation(np.repeat(np.array(labels, dtype=object), counts))


def _pick(rng: np.random.Generator, options: Sequence[tuple[str, float]], size: int) -> np.ndarray:
    values = np.array([value for value, _ in options], dtype=object)
    weights = np.array([weight for _, weight in options], dtype=float)
    return values[rng.choice(len(values), size=size, p=weights / weights.sum())]


def _pick_uniform(rng: np.random.Generator, options: Sequence[str], size: int) -> np.ndarray:
    return np.array(options, dtype=object)[rng.integers(0, len(options), size=size)]


def _blank(size: int) -> np.ndarray:
    return np.full(size, "", dtype=object)


def _set_into(target: np.ndarray, mask: np.ndarray, values: np.ndarray | str) -> None:
    """``target[mask] = values[mask]`` (in place), for full-length value arrays or a scalar."""
    if isinstance(values, str):
        target[mask] = values
    else:
        target[mask] = np.asarray(values, dtype=object)[mask]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _render_history(rng: np.random.Generator, layers: Sequence[np.ndarray], depth: np.ndarray) -> np.ndarray:
    """Join ``layers`` (oldest … latest) into history cells using the last ``depth + 1`` of them.

    Rows with an empty latest value get no history. Of the cells with history, about 3 % use ``//`` without
    spaces, 1.5 % end with a trailing delimiter and 1.5 % start with a ``nan``/``none`` token.
    """
    latest = np.asarray(layers[-1], dtype=object)
    size = latest.size
    depth = np.where(latest == "", 0, np.minimum(depth, len(layers) - 1))
    separator = np.where(rng.random(size) < 0.03, "//", " // ").astype(object)
    cell = latest.copy()
    for back in range(1, len(layers)):
        use = depth >= back
        cell[use] = layers[-1 - back][use] + separator[use] + cell[use]
    has_history = depth > 0
    quirk = rng.random(size)
    trailing = has_history & (quirk < 0.015)
    cell[trailing] = cell[trailing] + separator[trailing]
    null_token = has_history & (quirk >= 0.015) & (quirk < 0.03)
    tokens = _pick_uniform(rng, ("nan", "none", "None"), size)
    cell[null_token] = tokens[null_token] + separator[null_token] + cell[null_token]
    return cell


def _count_history(rng: np.random.Generator, counts: np.ndarray, history_share: float) -> np.ndarray:
    """Numeric history ``"0 // 1 // 3"``: increasing earlier values ending at the latest count."""
    size = counts.size
    first_back = np.floor(counts * rng.random(size)).astype(np.int64)
    second_back = np.floor(first_back * rng.random(size)).astype(np.int64)
    depth = np.where(rng.random(size) < history_share, rng.integers(1, 3, size), 0)
    depth = np.where(counts == 0, 0, np.where(first_back == 0, np.minimum(depth, 1), depth))
    layers = [second_back.astype(str).astype(object), first_back.astype(str).astype(object)]
    latest = counts.astype(str).astype(object)
    return _render_history(rng, [*layers, latest], depth)


def _count_cells(
    rng: np.random.Generator, counts: np.ndarray, history_share: float, blank_zero_share: float = 0.4
) -> np.ndarray:
    """Count cells with history; a share of the zeros is left empty (property never set in HubSpot)."""
    cells = _count_history(rng, counts, history_share)
    cells[(counts == 0) & (rng.random(counts.size) < blank_zero_share)] = ""
    return cells


def _ms_text(rng: np.random.Generator, epoch_ms: np.ndarray, present: np.ndarray) -> np.ndarray:
    text = epoch_ms.astype(np.int64).astype(str).astype(object)
    as_float = rng.random(epoch_ms.size) < 0.02
    text[as_float] = text[as_float] + ".0"
    text[~present] = ""
    return text


# --------------------------------------------------------------------------------------------------
# the planted population


@dataclass(frozen=True)
class Population:
    """Latent, planted attributes per contact; the CSV columns are rendered from these."""

    is_apreu: np.ndarray
    excluded_stage: np.ndarray  # "other" / "subscriber" / ""
    is_eligible: np.ndarray
    tier: np.ndarray
    paid_kind: np.ndarray  # "" when not paid; google / facebook / instagram / tiktok / mixed
    is_paid_active: np.ndarray
    activity: np.ndarray  # none / low / high / paid_active
    sessions: np.ndarray
    pageviews: np.ndarray
    forms: np.ndarray
    promo_group: np.ndarray

    @property
    def size(self) -> int:
        return int(self.is_apreu.size)

    @property
    def is_paid(self) -> np.ndarray:
        return self.paid_kind != ""


def plant_population(rng: np.random.Generator, rows: int) -> Population:
    """Assign owner, lifecycle exclusion, tier, paid cohort, web activity and promotion group."""
    is_apreu = _quota(rng, rows, {"apreu": 0.598, "other": 0.402}) == "apreu"
    excluded_stage = _blank(rows)
    apreu_idx = np.flatnonzero(is_apreu)
    other_idx = np.flatnonzero(~is_apreu)
    excluded_stage[apreu_idx] = _quota(
        rng, apreu_idx.size, {"other": 0.0073, "subscriber": 0.0212, "": 0.9715}
    )
    excluded_stage[other_idx] = _quota(rng, other_idx.size, {"other": 0.02, "subscriber": 0.04, "": 0.94})
    is_eligible = is_apreu & (excluded_stage == "")

    tier = _blank(rows)
    paid_kind = _blank(rows)
    is_paid_active = np.zeros(rows, dtype=bool)
    promo_group = _blank(rows)
    for cohort, paid_share, promo in (
        (is_eligible, 0.1567, PROMO_SHARES),
        (~is_eligible, 0.08, {"unknown": 0.85, "digital": 0.12, "event": 0.03}),
    ):
        idx = np.flatnonzero(cohort)
        tier[idx] = _quota(rng, idx.size, TIERS)
        promo_group[idx] = _quota(rng, idx.size, promo)
        n_paid = round(paid_share * idx.size)
        n_active = round(0.8 * n_paid)
        known = idx[tier[idx] != "unknown"]
        active_idx = rng.choice(known, size=min(n_active, known.size), replace=False)
        rest = np.setdiff1d(idx, active_idx)
        inactive_idx = rng.choice(rest, size=min(n_paid - active_idx.size, rest.size), replace=False)
        is_paid_active[active_idx] = True
        paid_kind[active_idx] = _quota(
            rng,
            active_idx.size,
            {"google": 0.845, "facebook": 0.10, "instagram": 0.02, "tiktok": 0.01, "mixed": 0.025},
        )
        paid_kind[inactive_idx] = _quota(rng, inactive_idx.size, {"tiktok": 0.21, "mixed": 0.79})

    activity = np.where(tier == "unknown", "none", "low").astype(object)
    not_paid_known = (paid_kind == "") & (tier != "unknown")
    activity[not_paid_known & (rng.random(rows) < 0.28)] = "high"
    activity[(tier == "unknown") & (paid_kind == "") & (rng.random(rows) < 0.01)] = "low"
    activity[is_paid_active] = "paid_active"
    activity[(paid_kind != "") & ~is_paid_active] = "none"

    sessions, pageviews, forms = _web_counts(rng, activity, tier, paid_kind)
    return Population(
        is_apreu=is_apreu,
        excluded_stage=excluded_stage,
        is_eligible=is_eligible,
        tier=tier,
        paid_kind=paid_kind,
        is_paid_active=is_paid_active,
        activity=activity,
        sessions=sessions,
        pageviews=pageviews,
        forms=forms,
        promo_group=promo_group,
    )


def _negative_binomial(rng: np.random.Generator, mean: np.ndarray | float, size: int) -> np.ndarray:
    shape = 1.5
    mean = np.maximum(np.asarray(mean, dtype=float), 1e-9)
    return rng.negative_binomial(shape, shape / (shape + mean), size=size)


def _web_counts(
    rng: np.random.Generator, activity: np.ndarray, tier: np.ndarray, paid_kind: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    size = activity.size
    sessions = np.zeros(size, dtype=np.int64)
    pageviews = np.zeros(size, dtype=np.int64)
    forms = np.zeros(size, dtype=np.int64)

    high = activity == "high"
    high_mean = np.where(tier == "local", 5.1, np.where(tier == "international", 3.2, 3.8))
    high_sessions = 1 + _negative_binomial(rng, high_mean, size)
    sessions[high] = high_sessions[high]
    forms[high] = rng.poisson(np.where(tier == "local", 1.9, 1.6), size)[high]

    low = activity == "low"
    low_kind = rng.random(size)
    light = low & (low_kind >= 0.5)
    form_only = low & (low_kind >= 0.35) & (low_kind < 0.5)
    sessions[light] = 1 + (rng.random(size) < 0.12)[light]
    forms[form_only] = 1
    forms[light] = (rng.random(size) < 0.66)[light]

    paid = activity == "paid_active"
    sessions[paid] = 1 + _negative_binomial(rng, 1.9, size)[paid]
    forms[paid] = 1 + rng.poisson(0.36, size)[paid]

    # Paid inactive contacts: 3 % opened one page once.
    blip = (activity == "none") & (paid_kind != "") & (rng.random(size) < 0.03)
    sessions[blip] = 1

    extra_pages = _negative_binomial(rng, 1.6 * sessions, size)
    light_pages = (rng.random(size) < 0.3).astype(np.int64)
    pageviews = np.where(high | paid, sessions + extra_pages, sessions + light_pages * (sessions > 0))
    pageviews = np.where(blip, 1, pageviews)
    return sessions, pageviews.astype(np.int64), forms


# --------------------------------------------------------------------------------------------------
# columns


def build_contacts(rows: int, seed: int) -> pd.DataFrame:
    """The export as a DataFrame of text columns, in ``EXPORT_COLUMNS`` order."""
    if rows < 1:
        raise ValueError(f"--rows must be at least 1, got {rows}")
    rng = np.random.default_rng(seed)
    population = plant_population(rng, rows)
    columns: dict[str, np.ndarray] = {}
    columns.update(_web_columns(rng, population))
    columns.update(_source_columns(rng, population))
    promotion, fogatada = _promotion_columns(rng, population)
    columns.update(promotion)
    is_closed, outcome = _outcome_columns(rng, population, fogatada, promotion)
    columns.update(outcome)
    columns.update(_owner_lifecycle_columns(rng, population, is_closed))
    columns.update(_geography_columns(rng, population))
    columns.update(_school_columns(rng, population))
    columns.update(_email_columns(rng, population))
    columns.update(_pii_columns(rng, rows))
    missing = [name for name in EXPORT_COLUMNS if name not in columns]
    if missing:
        raise AssertionError(f"generator does not build {missing}")
    return pd.DataFrame({name: columns[name] for name in EXPORT_COLUMNS})


def _web_columns(rng: np.random.Generator, population: Population) -> dict[str, np.ndarray]:
    size = population.size
    columns = {
        "Number of Sessions": _count_cells(rng, population.sessions, 0.35),
        "Number of Pageviews": _count_cells(rng, population.pageviews, 0.35),
        "Number of Form Submissions": _count_cells(rng, population.forms, 0.25),
    }
    # Social clicks: essentially never recorded; a handful of contacts (at least one) have a few.
    clicks = np.zeros((4, size), dtype=np.int64)
    n_clicked = max(1, round(0.0004 * size))
    candidates = np.flatnonzero(population.sessions > 0)
    pool = candidates if candidates.size >= n_clicked else np.arange(size)
    clicked = rng.choice(pool, size=min(n_clicked, pool.size), replace=False)
    clicks[rng.integers(0, 4, clicked.size), clicked] = rng.integers(1, 4, clicked.size)
    for row, name in enumerate(("Broadcast Clicks", "LinkedIn Clicks", "Twitter Clicks", "Facebook Clicks")):
        columns[name] = _count_cells(rng, clicks[row], 0.0, blank_zero_share=0.7)
    return columns


def _ids(rng: np.random.Generator, size: int, digits: int) -> np.ndarray:
    low = 10 ** (digits - 1)
    return rng.integers(low, 10 * low, size=size).astype(str).astype(object)


def _source_columns(rng: np.random.Generator, population: Population) -> dict[str, np.ndarray]:
    """Original source (+ drill-downs, channel), latest traffic source and last referring site."""
    size = population.size
    kind = population.paid_kind
    active_web = population.sessions > 0
    original = _blank(size)
    drill_1 = _blank(size)
    drill_2 = _blank(size)
    channel = _blank(size)

    # Non-paid contacts: the source follows web activity.
    not_paid = kind == ""
    with_web = not_paid & active_web
    original[with_web] = _pick(
        rng,
        (
            ("DIRECT_TRAFFIC", 30),
            ("ORGANIC_SEARCH", 25),
            ("SOCIAL_MEDIA", 12),
            ("REFERRALS", 10),
            ("EMAIL_MARKETING", 8),
            ("OFFLINE", 8),
            ("OTHER_CAMPAIGNS", 5),
            ("AI_REFERRALS", 2),
        ),
        size,
    )[with_web]
    no_web = not_paid & ~active_web
    original[no_web] = _pick(
        rng, (("OFFLINE", 80), ("EMAIL_MARKETING", 8), ("DIRECT_TRAFFIC", 6), ("OTHER_CAMPAIGNS", 6)), size
    )[no_web]
    original[kind == "google"] = "PAID_SEARCH"
    original[(kind != "") & (kind != "google")] = "PAID_SOCIAL"

    # Platform kinds of paid contacts.
    social_platform = _pick(rng, (("Facebook", 6), ("Instagram", 3), ("LinkedIn", 1), ("YouTube", 1)), size)
    platform_by_kind = {"facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok"}
    platform = social_platform.copy()
    for paid, name in platform_by_kind.items():
        platform[kind == paid] = name

    is_source = {name: original == name for name in np.unique(original)}
    none_mask = np.zeros(size, dtype=bool)
    # PAID_SEARCH
    mask = is_source.get("PAID_SEARCH", none_mask)
    _set_into(drill_1, mask, _pick(rng, (("google", 9), ("bing", 1)), size))
    _set_into(
        drill_2, mask, np.where(rng.random(size) < 0.5, _pick(rng, SEARCH_TERMS, size), _ids(rng, size, 11))
    )
    _set_into(channel, mask, np.where(rng.random(size) < 0.85, "Google Ads", ""))
    # PAID_SOCIAL with a platform
    platform_paid = np.isin(kind, ("facebook", "instagram", "tiktok"))
    _set_into(drill_1, platform_paid, platform)
    _set_into(
        drill_2,
        platform_paid,
        np.where(rng.random(size) < 0.7, _pick(rng, PAID_CAMPAIGNS, size), _ids(rng, size, 18)),
    )
    _set_into(channel, platform_paid, np.where(rng.random(size) < 0.85, platform + " Ads", ""))
    # TikTok inactive contacts often carry the platform in the channel only; a few 'makeup' campaigns.
    tiktok_inactive = (kind == "tiktok") & ~population.is_paid_active
    _set_into(drill_1, tiktok_inactive, _pick(rng, (("INTEGRATION", 5), ("IMPORT", 3), ("TikTok", 2)), size))
    _set_into(
        drill_2,
        tiktok_inactive,
        _pick(rng, (("TikTok Lead Gen - marzo 2023", 6), ("TikTok makeup challenge", 1), ("", 3)), size),
    )
    channel[tiktok_inactive] = "TikTok Ads"
    # PAID_SOCIAL without platform keywords (imports and integrations of lead forms).
    mixed = kind == "mixed"
    _set_into(drill_1, mixed, _pick(rng, (("INTEGRATION", 5), ("IMPORT", 4), ("CONTACTS", 1)), size))
    _set_into(
        drill_2,
        mixed,
        np.where(
            rng.random(size) < 0.03,
            _pick(rng, (("Campaña semestre primavera 2024", 4), ("make.com", 1), ("atomchat", 1)), size),
            np.where(rng.random(size) < 0.6, _ids(rng, size, 7), ""),
        ),
    )
    _set_into(
        channel, mixed, _pick(rng, (("", 600), ("Base de datos", 300), ("Evento", 97), ("WhatsApp", 3)), size)
    )
    # OFFLINE
    mask = is_source.get("OFFLINE", none_mask)
    offline_d1 = _pick(rng, (("IMPORT", 55), ("INTEGRATION", 20), ("CONTACTS", 15), ("CRM_UI", 10)), size)
    _set_into(drill_1, mask, offline_d1)
    integration = _pick(rng, (("Landbot", 6), ("Zapier", 2), ("make.com", 1), ("atomchat", 1)), size)
    offline_d2 = np.where(offline_d1 == "INTEGRATION", integration, _pick(rng, IMPORT_NAMES, size))
    _set_into(drill_2, mask, np.where(offline_d1 == "CRM_UI", "", offline_d2))
    _set_into(channel, mask, _pick(rng, (("", 4), ("Base de datos", 3), ("Evento", 2), ("Feria", 1)), size))
    # ORGANIC_SEARCH
    mask = is_source.get("ORGANIC_SEARCH", none_mask)
    _set_into(drill_1, mask, _pick(rng, (("google", 8), ("bing", 1), ("yahoo", 1)), size))
    _set_into(
        drill_2,
        mask,
        _pick(rng, (("Keywords unavailable", 7), ("universidad queretaro", 2), ("uvaq", 1)), size),
    )
    _set_into(channel, mask, _pick(rng, (("Orgánico", 5), ("", 5)), size))
    # SOCIAL_MEDIA
    mask = is_source.get("SOCIAL_MEDIA", none_mask)
    _set_into(
        drill_1, mask, _pick(rng, (("Facebook", 5), ("Instagram", 3), ("Twitter", 1), ("LinkedIn", 1)), size)
    )
    _set_into(
        drill_2,
        mask,
        _pick(rng, (("", 6), ("Publicación orgánica", 3), ("Post sorteo, verano 2022", 1)), size),
    )
    _set_into(channel, mask, _pick(rng, (("Redes sociales", 6), ("", 4)), size))
    # REFERRALS
    mask = is_source.get("REFERRALS", none_mask)
    referral_site = _pick(
        rng,
        (
            ("https://lnkd.in/eQx7Pd2", 2),
            ("https://t.co/Zk3vR8aLmQ", 1),
            ("http://fb.com/universidad", 1),
            ("https://www.eventbrite.com.mx/e/open-day-2023", 1),
            ("https://www.preparatorias.mx/directorio", 3),
            ("https://www.universidades.com.mx/", 2),
        ),
        size,
    )
    _set_into(drill_1, mask, np.array([site.split("/")[2] for site in referral_site], dtype=object))
    _set_into(drill_2, mask, referral_site)
    _set_into(channel, mask, np.where(rng.random(size) < 0.5, "Referido", ""))
    # DIRECT_TRAFFIC, EMAIL_MARKETING, OTHER_CAMPAIGNS, AI_REFERRALS
    mask = is_source.get("DIRECT_TRAFFIC", none_mask)
    _set_into(drill_1, mask, _pick(rng, (("www.universidad-demo.mx", 6), ("URL", 2), ("", 2)), size))
    _set_into(channel, mask, _pick(rng, (("Sitio web", 6), ("", 4)), size))
    mask = is_source.get("EMAIL_MARKETING", none_mask)
    _set_into(
        drill_1,
        mask,
        _pick(
            rng,
            (("Newsletter Admisiones Octubre 2023", 3), ("Invitación Open Day", 2), ("Recordatorio BPM", 1)),
            size,
        ),
    )
    _set_into(drill_2, mask, _ids(rng, size, 9))
    _set_into(channel, mask, _pick(rng, (("Email", 5), ("", 5)), size))
    mask = is_source.get("OTHER_CAMPAIGNS", none_mask)
    _set_into(
        drill_1, mask, _pick(rng, (("qr_feria_2023", 3), ("whatsapp_blast_2023", 1), ("radio_qro", 1)), size)
    )
    _set_into(drill_2, mask, _pick(rng, (("qr", 3), ("", 2)), size))
    _set_into(channel, mask, _pick(rng, (("Evento", 3), ("WhatsApp", 1), ("", 3)), size))
    mask = is_source.get("AI_REFERRALS", none_mask)
    _set_into(
        drill_1, mask, _pick(rng, (("chatgpt.com", 6), ("perplexity.ai", 2), ("gemini.google.com", 2)), size)
    )

    original_cell = _source_history(rng, original, kind)
    latest_source = _latest_traffic_source(rng, population, original)
    referrer = _referrers(rng, population, latest_source, original, kind, referral_site)
    # Latest-traffic history records changes only: "original // latest", sometimes an older one before.
    changed = latest_source != original
    latest_cell = _render_history(
        rng,
        [
            _pick(rng, (("OFFLINE", 3), ("DIRECT_TRAFFIC", 3), ("EMAIL_MARKETING", 2)), size),
            original,
            latest_source,
        ],
        np.where(changed, np.where(rng.random(size) < 0.2, 2, 1), 0),
    )
    return {
        "Original Source": original_cell,
        "Original Source Drill-Down 1": _render_history(
            rng, [_pick(rng, (("IMPORT", 1),), size), drill_1], (rng.random(size) < 0.04).astype(int)
        ),
        "Original Source Drill-Down 2": drill_2,
        "Canal de adquisición": _render_history(
            rng,
            [_pick(rng, (("Base de datos", 1), ("Evento", 1)), size), channel],
            (rng.random(size) < 0.05).astype(int),
        ),
        "Latest Traffic Source": latest_cell,
        "Last Referring Site": referrer,
    }


def _source_history(rng: np.random.Generator, original: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """8 % of paid contacts were re-attributed from a non-paid source; 3 % of others from a paid one."""
    size = original.size
    earlier = np.where(
        kind != "",
        _pick(rng, (("OFFLINE", 3), ("DIRECT_TRAFFIC", 1), ("ORGANIC_SEARCH", 1)), size),
        _pick(rng, (("PAID_SOCIAL", 1), ("PAID_SEARCH", 1)), size),
    )
    depth = (rng.random(size) < np.where(kind != "", 0.08, 0.03)).astype(int)
    return _render_history(rng, [earlier, original], depth)


def _latest_traffic_source(
    rng: np.random.Generator, population: Population, original: np.ndarray
) -> np.ndarray:
    size = population.size
    kind = population.paid_kind
    latest = original.copy()
    changed = (kind == "") & (population.sessions > 0) & (rng.random(size) < 0.4)
    latest[changed] = _pick(
        rng, (("DIRECT_TRAFFIC", 4), ("ORGANIC_SEARCH", 3), ("EMAIL_MARKETING", 2), ("REFERRALS", 1)), size
    )[changed]
    active = population.is_paid_active
    latest[active] = _pick(
        rng,
        (
            ("PAID_SEARCH", 52.5),
            ("DIRECT_TRAFFIC", 19.4),
            ("PAID_SOCIAL", 9.9),
            ("EMAIL_MARKETING", 9.1),
            ("ORGANIC_SEARCH", 5.4),
            ("REFERRALS", 2.2),
            ("AI_REFERRALS", 1.0),
        ),
        size,
    )[active]
    # Keep social/search consistent with the planted platform of active paid contacts.
    latest[active & (kind != "google") & (latest == "PAID_SEARCH")] = "PAID_SOCIAL"
    inactive = (kind != "") & ~active
    latest[inactive] = _pick(rng, (("OFFLINE", 75.8), ("PAID_SOCIAL", 21.5), ("EMAIL_MARKETING", 2.7)), size)[
        inactive
    ]
    return latest


def _referrers(
    rng: np.random.Generator,
    population: Population,
    latest_source: np.ndarray,
    original: np.ndarray,
    kind: np.ndarray,
    referral_site: np.ndarray,
) -> np.ndarray:
    size = population.size
    referrer = _blank(size)
    web = population.sessions > 0
    google = _pick(
        rng,
        (
            ("https://www.google.com/", 6),
            ("https://www.google.com.mx/", 2),
            ("https://www.googleadservices.com/pagead/aclk?utm_source=google&utm_medium=cpc", 1),
        ),
        size,
    )
    by_platform = {
        "Facebook": _pick(
            rng,
            (
                ("https://www.facebook.com/", 4),
                ("https://l.facebook.com/", 3),
                ("https://m.facebook.com/", 2),
                (
                    "https://www.universidad-demo.mx/?utm_source=facebook&utm_medium=cpc&utm_campaign=lic2024",
                    1,
                ),
            ),
            size,
        ),
        "Instagram": _pick(rng, (("https://l.instagram.com/", 7), ("https://www.instagram.com/", 3)), size),
        "TikTok": _pick(rng, (("https://www.tiktok.com/", 1),), size),
        "LinkedIn": _pick(rng, (("https://www.linkedin.com/", 1), ("https://lnkd.in/gR4mPz", 1)), size),
        "YouTube": _pick(rng, (("https://www.youtube.com/", 1), ("https://youtu.be/q8Xf0demo", 1)), size),
        "Twitter": _pick(rng, (("https://t.co/Ab12Cd34", 1), ("https://x.com/", 1)), size),
    }
    search = (latest_source == "PAID_SEARCH") | (latest_source == "ORGANIC_SEARCH")
    referrer[web & search] = google[web & search]
    platform = np.where(kind == "facebook", "Facebook", np.where(kind == "instagram", "Instagram", "TikTok"))
    social_platform = _pick(rng, (("Facebook", 6), ("Instagram", 3), ("Twitter", 1), ("YouTube", 1)), size)
    platform = np.where(np.isin(kind, ("facebook", "instagram", "tiktok")), platform, social_platform)
    social = (latest_source == "PAID_SOCIAL") | (latest_source == "SOCIAL_MEDIA")
    for name, urls in by_platform.items():
        mask = web & social & (platform == name)
        referrer[mask] = urls[mask]
    referrals = web & (latest_source == "REFERRALS")
    referrer[referrals] = np.where(
        original == "REFERRALS",
        referral_site,
        _pick(
            rng,
            (
                ("https://www.preparatorias.mx/directorio", 3),
                ("https://lnkd.in/eQx7Pd2", 1),
                ("https://t.co/Zk3vR8aLmQ", 1),
                ("http://fb.com/universidad", 1),
            ),
            size,
        ),
    )[referrals]
    ai = web & (latest_source == "AI_REFERRALS")
    referrer[ai] = _pick(
        rng,
        (("https://chatgpt.com/", 6), ("https://www.perplexity.ai/", 2), ("https://gemini.google.com/", 2)),
        size,
    )[ai]
    # Referrers are recorded for most, not all, sessions.
    referrer[rng.random(size) < 0.15] = ""
    return referrer


def _promotion_columns(
    rng: np.random.Generator, population: Population
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """APREU activities (history cells) and First/Recent Conversion text; also flags Fogatada 2023."""
    size = population.size
    group = population.promo_group
    has_forms = population.forms > 0
    has_activity = np.ones(size, dtype=bool)
    # Digital contacts without activities carry their evidence in a (digital) conversion.
    conversion_only = (group == "digital") & has_forms & (rng.random(size) < 0.15)
    has_activity[conversion_only] = False
    has_activity[group == "unknown"] = rng.random(size)[group == "unknown"] < 0.5

    key = _pick(rng, ACTIVITIES["neutral"], size)
    quirk = rng.random(size) < 0.3
    digital_key = np.where(
        quirk, _pick(rng, ACTIVITIES["digital_quirk"], size), _pick(rng, ACTIVITIES["digital"], size)
    )
    key[group == "digital"] = digital_key[group == "digital"]
    for name in ("event", "messaging", "niche"):
        key[group == name] = _pick(rng, ACTIVITIES[name], size)[group == name]

    draw = rng.random(size)
    count = 1 + (draw < 0.17).astype(int) + (draw < 0.05).astype(int)
    layers = [_pick(rng, ACTIVITIES["neutral"], size) for _ in range(3)]
    slot = 3 - count + np.floor(rng.random(size) * count).astype(int)
    for position in range(3):
        layers[position][slot == position] = key[slot == position]
    layers[2][~has_activity] = ""
    activities = _render_history(rng, layers, count - 1)
    fogatada = has_activity & (key == "Fogatada 2023")

    def conversions() -> np.ndarray:
        own_share = np.where(conversion_only, 1.0, np.where(group == "digital", 0.6, 0.5))
        own = _pick(rng, CONVERSIONS["neutral"], size)
        for name in ("digital", "event", "messaging", "niche"):
            mask = (group == name) & (rng.random(size) < own_share)
            own[mask] = _pick(rng, CONVERSIONS[name], size)[mask]
        own[~has_forms] = ""
        return own

    first = conversions()
    later = conversions()
    recent = np.where(population.forms >= 2, later, first)
    recent_cell = _render_history(
        rng, [first, recent], ((population.forms >= 2) & (rng.random(size) < 0.3)).astype(int)
    )
    columns = {
        "Actividades de promoción APREU": activities,
        "First Conversion": first,
        "Recent Conversion": recent_cell,
    }
    return columns, fogatada


def _outcome_columns(
    rng: np.random.Generator,
    population: Population,
    fogatada: np.ndarray,
    promotion: Mapping[str, np.ndarray],
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Close outcome, dates (epoch ms), Record ID, likelihood to close and academic periods."""
    size = population.size
    tier = population.tier
    high = population.activity == "high"
    rate = np.select(
        [tier == "local", tier == "domestic", tier == "international"],
        [np.where(high, 0.40, 0.12), np.where(high, 0.19, 0.04), np.where(high, 0.10, 0.032)],
        default=0.029,
    )
    rate = np.where(population.is_paid_active, 0.061, rate)
    rate = np.where(population.is_paid & ~population.is_paid_active, 0.012, rate)
    rate = np.where(~population.is_apreu, 0.03, rate)
    rate = np.where(population.excluded_stage != "", 0.015, rate)
    rate = np.where(fogatada, 0.6, rate)
    is_closed = rng.random(size) < rate

    median_days = np.where(high | population.is_paid_active, 150.0, 110.0)
    days = np.clip(np.round(median_days * np.exp(0.9 * rng.standard_normal(size))), 1, 1700).astype(np.int64)
    intraday = rng.integers(0, DAY_MS, size)
    close_ms = rng.integers(START_MS + 180 * DAY_MS, EXPORT_MS - 40 * DAY_MS, size) + intraday % 3_600_000
    create_ms = np.where(
        is_closed, close_ms - days * DAY_MS - intraday, rng.integers(START_MS, EXPORT_MS, size)
    )
    # A handful of contacts close before they were created (a HubSpot data-entry quirk).
    closed_idx = np.flatnonzero(is_closed)
    n_backwards = min(closed_idx.size, max(1, round(0.0005 * size)))
    backwards = rng.choice(closed_idx, size=n_backwards, replace=False)
    create_ms[backwards] = close_ms[backwards] + rng.integers(1, 30, n_backwards) * DAY_MS

    record_id = np.empty(size, dtype=np.int64)
    record_id[np.argsort(create_ms, kind="stable")] = 1_000 + np.cumsum(rng.integers(1, 400, size))

    # Conversions happen after creation and before the export.
    last_ms = np.maximum(create_ms, EXPORT_MS - 60_000)
    first_conv_ms = np.minimum(create_ms + (rng.exponential(3.0, size) * DAY_MS).astype(np.int64), last_ms)
    recent_gap = np.where(population.forms >= 2, (rng.exponential(60.0, size) * DAY_MS).astype(np.int64), 0)
    recent_conv_ms = np.minimum(first_conv_ms + recent_gap, last_ms)
    has_first = promotion["First Conversion"] != ""
    recent_changed = (population.forms >= 2) & (rng.random(size) < 0.2)
    recent_cell = _render_history(
        rng,
        [_ms_text(rng, first_conv_ms, has_first), _ms_text(rng, recent_conv_ms, has_first)],
        recent_changed.astype(int),
    )

    # HubSpot's predicted likelihood: high for almost everyone (mean ≈ 95), long tail downwards.
    likelihood = np.clip(np.round(100.0 - rng.gamma(1.5, 3.4, size), 1), 0.0, 100.0)
    likelihood_text = likelihood.astype(str).astype(object)
    style = rng.random(size)
    likelihood_text[style < 0.04] = likelihood_text[style < 0.04] + "%"
    unit_scale = (style >= 0.04) & (style < 0.06)
    likelihood_text[unit_scale] = np.round(likelihood[unit_scale] / 100, 3).astype(str)
    likelihood_text[(style >= 0.06) & (style < 0.11)] = ""
    earlier = np.clip(np.round(likelihood - rng.uniform(0, 8, size), 1), 0, 100).astype(str).astype(object)
    likelihood_cell = _render_history(
        rng, [earlier, likelihood_text], ((style >= 0.11) & (style < 0.21)).astype(int)
    )

    create_year = create_ms.astype("datetime64[ms]").astype("datetime64[Y]").astype(np.int64) + 1970
    suffixes = (("10", 25), ("60", 55), ("35", 8), ("75", 7), ("05", 5))
    entry_year = create_year + rng.choice([0, 1, 1, 2], size)
    period = (entry_year.astype(str).astype(object) + _pick(rng, suffixes, size)).astype(object)
    earlier_period = ((entry_year - 1).astype(str).astype(object) + _pick(rng, suffixes, size)).astype(object)
    period[rng.random(size) >= 0.8] = ""
    period_cell = _render_history(rng, [earlier_period, period], (rng.random(size) < 0.1).astype(int))
    admission = period.copy()
    admission[rng.random(size) >= np.where(is_closed, 0.7, 0.12)] = ""

    columns = {
        "Record ID": record_id.astype(str).astype(object),
        "Create Date": create_ms.astype(str).astype(object),
        "Close Date": _ms_text(rng, close_ms, is_closed),
        "First Conversion Date": _ms_text(rng, first_conv_ms, has_first),
        "Recent Conversion Date": recent_cell,
        "Likelihood to close": likelihood_cell,
        "Periodo de ingreso": period_cell,
        "Periodo de admisión BPM": admission,
    }
    return is_closed, columns


def _owner_lifecycle_columns(
    rng: np.random.Generator, population: Population, is_closed: np.ndarray
) -> dict[str, np.ndarray]:
    size = population.size
    apreu = population.is_apreu
    owner = _pick(
        rng,
        (
            ("Admisiones", 35),
            ("Posgrado", 20),
            ("Educación Continua", 10),
            ("María Fernanda López", 5),
            ("José Luis Hernández", 4),
            ("Ana Sofía Martínez", 3),
            ("Roberto Sánchez", 3),
            ("", 20),
        ),
        size,
    )
    owner[apreu] = np.where(rng.random(size) < 0.006, "apreu", "APREU")[apreu]
    earlier_owner = np.where(apreu, "Admisiones", "APREU").astype(object)
    owner_depth = (rng.random(size) < np.where(apreu, 0.03, 0.01)).astype(int)
    owner_cell = _render_history(rng, [earlier_owner, owner], owner_depth)

    ladder = np.array(LIFECYCLE_LADDER, dtype=object)
    closed_stage = _pick(
        rng,
        (
            ("customer", 20),
            ("opportunity", 20),
            ("evangelist", 30),
            ("salesqualifiedlead", 20),
            ("marketingqualifiedlead", 10),
        ),
        size,
    )
    open_stage = _pick(
        rng,
        (
            ("lead", 45),
            ("marketingqualifiedlead", 32),
            ("salesqualifiedlead", 12),
            ("evangelist", 5),
            ("opportunity", 4),
            ("customer", 1),
            ("", 1),
        ),
        size,
    )
    stage = np.where(is_closed, closed_stage, open_stage).astype(object)
    stage[population.excluded_stage == "other"] = "Other"
    stage[population.excluded_stage == "subscriber"] = "subscriber"
    rank = np.array([LIFECYCLE_LADDER.index(s) if s in LIFECYCLE_LADDER else -1 for s in stage])
    rank[stage == "Other"] = 2
    previous_rank = np.floor(rng.random(size) * np.maximum(rank, 0)).astype(int)
    oldest_rank = np.floor(rng.random(size) * np.maximum(previous_rank, 0)).astype(int)
    wants_history = (rng.random(size) < 0.35) & (rank > 0)
    depth = np.where(wants_history, np.where(previous_rank > 0, rng.integers(1, 3, size), 1), 0)
    capitalised = (population.excluded_stage == "") & (rng.random(size) < 0.01)
    stage[capitalised] = np.array([value.capitalize() for value in stage[capitalised]], dtype=object)
    lifecycle = _render_history(rng, [ladder[oldest_rank], ladder[previous_rank], stage], depth)
    return {"Propiedad del contacto": owner_cell, "Lifecycle Stage": lifecycle}


def _geography_columns(rng: np.random.Generator, population: Population) -> dict[str, np.ndarray]:
    """Prep-school state/city/country, Estado de procedencia and IP country/region, rendered per tier.

    Rendering keeps the notebook's tier: state = first non-empty of (prep state, procedencia, IP region),
    country = first non-empty of (prep country, IP country); Querétaro tokens in city or state → local.
    """
    size = population.size
    tier = population.tier
    ip_present = (population.sessions > 0) & (tier != "unknown") & (rng.random(size) < 0.95)
    prep_state, procedencia, city = _blank(size), _blank(size), _blank(size)
    country_prep, ip_country, ip_state = _blank(size), _blank(size), _blank(size)
    has_proc = rng.random(size) < 0.55
    has_prep = rng.random(size) < 0.25
    has_city = rng.random(size) < 0.25
    has_country = rng.random(size) < 0.25
    mexico = _pick(rng, MEXICO_SPELLINGS, size)
    ip_mexico = np.where(rng.random(size) < 0.6, "Mexico", "mexico").astype(object)

    # Domestic, not Querétaro.
    domestic = tier == "domestic"
    weights = np.array([state.weight for state in DOMESTIC_STATES])
    state_index = rng.choice(len(DOMESTIC_STATES), size=size, p=weights / weights.sum())
    canonical, variant, odd, town, ip_name = (_blank(size) for _ in range(5))
    for index, state in enumerate(DOMESTIC_STATES):
        mask = domestic & (state_index == index)
        count = int(mask.sum())
        canonical[mask] = state.name
        variant[mask] = _pick_uniform(rng, state.variants, count)
        odd[mask] = _pick_uniform(rng, state.odd_variants, count) if state.odd_variants else ""
        town[mask] = _pick_uniform(rng, state.cities, count)
        ip_name[mask] = state.ip_name
    use_odd = (odd != "") & (rng.random(size) < 0.3)
    dropdown = np.where(rng.random(size) < 0.1, np.char.upper(canonical.astype(str)), canonical).astype(
        object
    )
    _set_into(procedencia, domestic & has_proc, dropdown)
    _set_into(prep_state, domestic & has_prep, np.where(use_odd, odd, variant))
    _set_into(city, domestic & has_city, town)
    _set_into(country_prep, domestic & has_country, mexico)
    _set_into(ip_country, domestic & ip_present, ip_mexico)
    visiting = (has_proc | has_prep) & (rng.random(size) < 0.15)
    _set_into(ip_state, domestic & ip_present, np.where(visiting, "Queretaro", ip_name))
    nothing = domestic & ~has_proc & ~has_prep & ~has_country & ~ip_present
    _set_into(procedencia, nothing, canonical)
    odd_alone = domestic & has_prep & use_odd & (country_prep == "") & (ip_country == "")
    _set_into(country_prep, odd_alone, mexico)

    # Local: Querétaro.
    local = tier == "local"
    qro_state = _pick(rng, QRO_STATE_VARIANTS, size)
    qro_city = _pick(rng, QRO_CITIES, size)
    city_has_token = np.isin(qro_city, ("Querétaro", "Santiago de Querétaro", "qro"))
    _set_into(procedencia, local & has_proc, np.where(rng.random(size) < 0.85, "Querétaro", "Queretaro"))
    _set_into(prep_state, local & (rng.random(size) < 0.3), qro_state)
    local_city = local & (rng.random(size) < 0.35)
    _set_into(city, local_city, qro_city)
    _set_into(country_prep, local & has_country, mexico)
    _set_into(ip_country, local & ip_present, ip_mexico)
    anchored = (procedencia != "") | (prep_state != "") | (local_city & city_has_token)
    away = anchored & (rng.random(size) < 0.2)
    ip_qro = np.where(rng.random(size) < 0.7, "Queretaro", "Querétaro")
    _set_into(
        ip_state,
        local & ip_present,
        np.where(away, _pick_uniform(rng, ("Mexico City", "Guanajuato"), size), ip_qro),
    )
    unanchored = local & ~anchored & ~ip_present
    _set_into(procedencia, unanchored, np.full(size, "Querétaro", dtype=object))

    # International: markers for 84 %, otherwise a foreign country and region.
    international = tier == "international"
    place = rng.integers(0, len(FOREIGN_PLACES), size)
    places = np.array(FOREIGN_PLACES, dtype=object)
    country_name, ip_country_name, region, foreign_city = (places[place, column] for column in range(4))
    marker = international & (rng.random(size) < 0.84)
    marker_text = _pick(rng, INTERNATIONAL_MARKERS, size)
    _set_into(procedencia, marker & (marker_text == "Soy extranjero"), marker_text)
    _set_into(prep_state, marker & (marker_text != "Soy extranjero"), marker_text)
    _set_into(country_prep, marker & (rng.random(size) < 0.5), country_name)
    living_in_qro = marker & (rng.random(size) < 0.15)
    _set_into(ip_country, marker & ip_present, np.where(living_in_qro, "Mexico", ip_country_name))
    _set_into(ip_state, marker & ip_present, np.where(living_in_qro, "Queretaro", region))
    _set_into(city, marker & (rng.random(size) < 0.1), foreign_city)
    foreign = international & ~marker
    _set_into(country_prep, foreign & (rng.random(size) < 0.7), country_name)
    _set_into(ip_country, foreign & ip_present, ip_country_name)
    _set_into(ip_state, foreign & ip_present, region)
    _set_into(city, foreign & (rng.random(size) < 0.4), foreign_city)
    _set_into(country_prep, foreign & (country_prep == "") & (ip_country == ""), country_name)

    return {
        "IP Country": ip_country,
        "IP State/Region": ip_state,
        "Ciudad preparatoria BPM": city,
        "Estado de preparatoria BPM": prep_state,
        "Estado de procedencia": procedencia,
        "País preparatoria BPM": country_prep,
    }


def _school_columns(rng: np.random.Generator, population: Population) -> dict[str, np.ndarray]:
    size = population.size
    private = _pick_uniform(rng, PREP_PREFIXES, size) + " " + _pick_uniform(rng, PREP_NAMES, size)
    public = (
        _pick_uniform(rng, PUBLIC_PREPS, size) + " " + rng.integers(1, 40, size).astype(str).astype(object)
    )
    school = np.where(rng.random(size) < 0.65, private, public).astype(object)

    def free_text(names: np.ndarray) -> np.ndarray:
        style = rng.random(size)
        text = names.copy()
        text[style < 0.1] = np.char.upper(names[style < 0.1].astype(str))
        lower = (style >= 0.1) & (style < 0.2)
        text[lower] = np.char.lower(names[lower].astype(str))
        spaced = (style >= 0.2) & (style < 0.23)
        text[spaced] = names[spaced] + " "
        return text

    apreu = population.is_apreu
    bpm = np.where(apreu & (rng.random(size) < 0.08), school, "").astype(object)
    asked = np.where(apreu & (rng.random(size) < 0.12), free_text(school), "").astype(object)
    studies = np.where(apreu & (rng.random(size) < 0.06), free_text(school), "").astype(object)
    year = _pick(
        rng,
        (
            ("1er año", 8),
            ("Primero", 4),
            ("2do año", 8),
            ("Segundo", 5),
            ("3er año", 12),
            ("3ro", 6),
            ("Tercero", 6),
            ("Ya terminé la preparatoria", 4),
        ),
        size,
    )
    year[~apreu | (rng.random(size) >= 0.3)] = ""
    return {
        "Preparatoria BPM": bpm,
        "¿Cuál es el nombre de tu preparatoria?": asked,
        "Preparatoria donde estudia": studies,
        "¿Qué año de preparatoria estás cursando?": year,
    }


def _email_columns(rng: np.random.Generator, population: Population) -> dict[str, np.ndarray]:
    size = population.size
    mean = np.where(population.is_apreu, 9.0, 4.0)
    delivered = np.where(rng.random(size) < 0.15, 0, _negative_binomial(rng, mean, size))
    opened = rng.binomial(delivered, rng.beta(2.5, 5.5, size))
    clicked = rng.binomial(opened, rng.beta(1.2, 8.0, size))
    return {
        "Marketing emails delivered": _count_cells(rng, delivered, 0.2),
        "Marketing emails opened": _count_cells(rng, opened, 0.2),
        "Marketing emails clicked": _count_cells(rng, clicked, 0.1),
    }


def _pii_columns(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Synthetic names, e-mails on reserved example.* domains and random phone numbers."""
    first_index = rng.integers(0, len(FIRST_NAMES), size)
    last_index = rng.integers(0, len(LAST_NAMES), size)
    second_index = rng.integers(0, len(LAST_NAMES), size)
    first_names = np.array(FIRST_NAMES, dtype=object)
    last_names = np.array(LAST_NAMES, dtype=object)
    first_ascii = np.array([_ascii(name.split()[0]) for name in FIRST_NAMES], dtype=object)
    last_ascii = np.array([_ascii(name) for name in LAST_NAMES], dtype=object)
    last = np.where(
        rng.random(size) < 0.7,
        last_names[last_index] + " " + last_names[second_index],
        last_names[last_index],
    ).astype(object)
    suffix = np.where(rng.random(size) < 0.5, rng.integers(1, 1000, size).astype(str), "").astype(object)
    domain = _pick(
        rng, (("example.com", 5), ("example.org", 2), ("example.net", 2), ("mail.example.com", 1)), size
    )
    email = first_ascii[first_index] + "." + last_ascii[last_index] + suffix + "@" + domain
    email[rng.random(size) < 0.03] = ""
    area = _pick(
        rng, (("442", 5), ("446", 1), ("427", 1), ("477", 1), ("443", 1), ("55", 1), ("81", 1)), size
    )
    digits = np.char.zfill(rng.integers(0, 10**8, size).astype(str), 8).astype(object)
    local_number = np.array(
        [number[: 10 - len(code)] for number, code in zip(digits, area, strict=True)], dtype=object
    )
    style = rng.random(size)
    phone = np.where(
        style < 0.5,
        area + local_number,
        np.where(style < 0.8, "+52 " + area + " " + local_number, "(" + area + ") " + local_number),
    ).astype(object)
    phone[rng.random(size) < 0.1] = ""
    mobile = ("+52 1 " + area + " " + local_number[::-1]).astype(object)
    mobile[rng.random(size) >= 0.4] = ""
    return {
        "First Name": first_names[first_index],
        "Last Name": last,
        "Email": email,
        "Phone Number": phone,
        "Mobile Phone Number": mobile,
    }
