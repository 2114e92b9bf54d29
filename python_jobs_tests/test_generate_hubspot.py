"""The HubSpot demo-data generator: file format, options, determinism and planted structure.

The planted shares are re-measured here with small re-implementations of the seed notebooks' rules
(SEED_FACTS section E): ``hist_latest`` / ``hist_all``, the Cluster 2 geography coalesce and the Cluster 3
substring keyword scores, so a generator change that breaks a segmentation's shape fails here.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import unicodedata
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from python_jobs.generate import hubspot
from python_jobs.generate import hubspot_vocabulary as vocabulary
from python_jobs.generate.__main__ import main as generate_main

EXPECTED_HEADER = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Broadcast Clicks",
    "LinkedIn Clicks",
    "Twitter Clicks",
    "Facebook Clicks",
    "Number of Sessions",
    "Number of Pageviews",
    "Number of Form Submissions",
    "Original Source",
    "Original Source Drill-Down 1",
    "Original Source Drill-Down 2",
    "Canal de adquisición",
    "Latest Traffic Source",
    "Last Referring Site",
    "Likelihood to close",
    "Actividades de promoción APREU",
    "Periodo de ingreso",
    "Periodo de admisión BPM",
    "Create Date",
    "Close Date",
    "Lifecycle Stage",
    "Propiedad del contacto",
    "IP Country",
    "IP State/Region",
    "Ciudad preparatoria BPM",
    "Preparatoria BPM",
    "Estado de preparatoria BPM",
    "Estado de procedencia",
    "País preparatoria BPM",
    "First Conversion",
    "Recent Conversion",
    "First Conversion Date",
    "Recent Conversion Date",
    "¿Cuál es el nombre de tu preparatoria?",
    "Preparatoria donde estudia",
    "¿Qué año de preparatoria estás cursando?",
    "Marketing emails delivered",
    "Marketing emails opened",
    "Marketing emails clicked",
]
# The internal/alias header names SEED_FACTS section E lists (one per export column at most).
SEED_FACTS_ALIASES = {
    "hs_object_id",
    "hs_analytics_num_visits",
    "hs_analytics_num_page_views",
    "num_unique_conversion_events",
    "hs_analytics_source",
    "hs_analytics_source_data_1",
    "hs_analytics_source_data_2",
    "hs_latest_source",
    "hs_analytics_last_referrer",
    "hs_likelihood_to_close",
    "hs_lifecyclestage",
    "Contact Owner",
    "Periodo de ingreso a licenciatura (MQL)",
    "Periodo de admisión BPM (Solicitante → Nuevo Ingreso)",
    "hs_email_delivered",
    "hs_email_open",
    "hs_email_click",
}
# SEED_FACTS tier mix; Cluster 3 mix with Messaging/Niche raised as the generator documents.
TIER_TARGETS = {"domestic": 0.590, "local": 0.293, "unknown": 0.074, "international": 0.043}
PROMOTION_TARGETS = {"Digital": 0.51, "Unknown": 0.4245, "Event": 0.053, "Messaging": 0.01, "Niche": 0.0025}
COUNT_COLUMNS = [
    "Number of Sessions",
    "Number of Pageviews",
    "Number of Form Submissions",
    "Marketing emails delivered",
    "Marketing emails opened",
    "Marketing emails clicked",
]
URL_COLUMNS = ["Last Referring Site", "Original Source Drill-Down 2"]
DATE_COLUMNS = ["Create Date", "Close Date", "First Conversion Date", "Recent Conversion Date"]

# ---- the notebooks' rules (SEED_FACTS section E) -------------------------------------------------


def hist_parts(value: str) -> list[str]:
    return [part.strip() for part in value.split("//") if part.strip()]


def hist_latest(value: str) -> str:
    parts = hist_parts(value)
    return parts[-1] if parts else ""


def hist_all(value: str) -> list[str]:
    return [part for part in hist_parts(value) if part.lower() not in ("nan", "none")]


PROMOTION_KEYWORDS = {
    "Digital": "sitio web, sitio, website, web, formulario, formulario rua, rua, form, google ads, "
    "facebook ads, ads, paid search, organic search, organic, seo, landing page, lp",
    "Event": "open day, openday, open house, fogatada, fogata, tdla, tour de la admision, tour admisión, "
    "gira panama, gira panamá, panama, panamá, feria, feria universitaria, expo, evento carrera, "
    "eventos carreras, visita campus, campus tour, recorrido, conferencia, charla, webinar, "
    "día de puertas abiertas",
    "Messaging": "whatsapp, whats app, wa, mensaje directo, direct message, dm, chat, messenger, "
    "contacto directo, direct contact, llamada, phone call, call",
    "Niche": "lion leaders, lion leader, leaders, programa especial, special program, beca, scholarship, "
    "becas, intercambio, exchange, embajador, ambassador, embajadores, referido, referral, referred, alumni, "
    "ex-alumno",
}
PROMOTION_GROUPS = {
    group: [kw.strip() for kw in text.split(",")] for group, text in PROMOTION_KEYWORDS.items()
}


def token_match(text: str, keyword: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(keyword) + r"(?![a-z0-9])", text) is not None


def promotion_group(text: str, *, whole_tokens: bool = False) -> str:
    """Cluster 3: distinct keywords found per group; ties Event > Digital > Messaging > Niche."""
    text = text.lower()
    scores = {
        group: sum(token_match(text, kw) if whole_tokens else kw in text for kw in keywords)
        for group, keywords in PROMOTION_GROUPS.items()
    }
    best = max(scores.values())
    if best == 0:
        return "Unknown"
    return next(group for group in ("Event", "Digital", "Messaging", "Niche") if scores[group] == best)


def norm_txt(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()
    return text or "unknown"


# fmt: off
STATE_ABBREVIATIONS = {
    "ags": "aguascalientes", "bc": "baja california", "bcs": "baja california sur", "camp": "campeche",
    "chis": "chiapas", "chih": "chihuahua", "coah": "coahuila", "col": "colima", "dgo": "durango",
    "gto": "guanajuato", "gro": "guerrero", "hgo": "hidalgo", "jal": "jalisco", "mich": "michoacan",
    "mor": "morelos", "nay": "nayarit", "nl": "nuevo leon", "oax": "oaxaca", "pue": "puebla",
    "qro": "queretaro", "q.roo": "quintana roo", "slp": "san luis potosi", "sin": "sinaloa", "son": "sonora",
    "tab": "tabasco", "tamps": "tamaulipas", "tlax": "tlaxcala", "ver": "veracruz", "yuc": "yucatan",
    "zac": "zacatecas",
}
# fmt: on
STATE_NORMALIZATION = {
    **STATE_ABBREVIATIONS,
    "edo mex": "estado de mexico",
    "edo. mex.": "estado de mexico",
    "edomex": "estado de mexico",
    "mexico": "estado de mexico",
    "cdmx": "ciudad de mexico",
    "df": "ciudad de mexico",
    "distrito federal": "ciudad de mexico",
    "cuidad de mexico": "ciudad de mexico",
}
MEXICAN_STATES = {*STATE_NORMALIZATION, *STATE_NORMALIZATION.values()}
QRO_TOKENS = ("queretaro", "queretaro de arteaga", "santiago de queretaro", "qro", "qro.", "queretaro, qro")
MX_ALIASES = {"mexico", "mx", "mex", "cdmx", "mexico."}
INTERNATIONAL_MARKERS = {"soy extranjero", "extranjero", "foreign country", "international"}


def geo_tier(row: pd.Series) -> str:
    """Cluster 2's tier from the latest geography values, in the notebook's order of rules."""

    def first_known(*columns: str) -> str:
        return next((v for v in (norm_txt(row[c]) for c in columns) if v != "unknown"), "unknown")

    country = first_known("País preparatoria BPM", "IP Country")
    state = first_known("Estado de preparatoria BPM", "Estado de procedencia", "IP State/Region")
    state = STATE_NORMALIZATION.get(state, state)
    city = norm_txt(row["Ciudad preparatoria BPM"])
    if any(token in city or token in state for token in QRO_TOKENS):
        return "local"
    if state in INTERNATIONAL_MARKERS:
        return "international"
    if country in MX_ALIASES or state in MEXICAN_STATES:
        return "domestic"
    return "international" if country != "unknown" else "unknown"


# ---- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return hubspot.build_contacts(4000, seed=11)


@pytest.fixture(scope="module")
def latest(raw: pd.DataFrame) -> pd.DataFrame:
    return raw.map(hist_latest)


@pytest.fixture(scope="module")
def eligible(latest: pd.DataFrame) -> pd.Series:
    owner = latest["Propiedad del contacto"].str.upper()
    stage = latest["Lifecycle Stage"].str.lower()
    return (owner == "APREU") & ~stage.isin(["other", "subscriber"])


def counts(latest: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(latest[column].replace("", "0"), errors="raise").astype(int)


def write(tmp_path: Path, *extra: str, rows: int = 300, seed: int = 5) -> Path:
    out = tmp_path / "out"
    code = generate_main(["hubspot", "--rows", str(rows), "--seed", str(seed), "--out", str(out), *extra])
    assert code == 0
    return out / "contacts.csv"


# ---- format --------------------------------------------------------------------------------------


def test_header_is_the_real_export_header(tmp_path: Path) -> None:
    assert list(vocabulary.EXPORT_COLUMNS) == EXPECTED_HEADER
    with write(tmp_path).open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == EXPECTED_HEADER


def test_internal_header_style_renames_only_listed_columns(tmp_path: Path) -> None:
    with write(tmp_path, "--header-style", "internal").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    expected = [vocabulary.INTERNAL_HEADER_NAMES.get(name, name) for name in EXPECTED_HEADER]
    assert header == expected
    assert {
        "hs_object_id",
        "hs_analytics_source",
        "hs_latest_source",
        "Contact Owner",
        "hs_email_click",
    } <= set(header)
    assert "Canal de adquisición" in header  # no internal name listed: kept
    assert set(vocabulary.INTERNAL_HEADER_NAMES.values()) == SEED_FACTS_ALIASES


@pytest.mark.parametrize("options", [[], ["--bom"], ["--crlf"], ["--bom", "--crlf"]])
def test_duckdb_reads_every_variant_like_staging(tmp_path: Path, options: list[str]) -> None:
    path = write(tmp_path, *options)
    query = f"select * from read_csv('{path}', all_varchar = true, header = true)"
    frame = duckdb.sql(query).df().fillna("")
    expected = hubspot.build_contacts(300, seed=5)
    assert list(frame.columns) == EXPECTED_HEADER
    assert (frame.to_numpy() == expected.to_numpy()).all()


def test_bom_and_crlf_options(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain").read_bytes()
    with_bom = write(tmp_path / "bom", "--bom").read_bytes()
    with_crlf = write(tmp_path / "crlf", "--crlf").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf") and b"\r\n" not in plain
    assert with_bom == b"\xef\xbb\xbf" + plain
    assert with_crlf.count(b"\r\n") == plain.count(b"\n") and b"\n" not in with_crlf.replace(b"\r\n", b"")
    assert with_crlf.replace(b"\r\n", b"\n") == plain


def test_quotes_and_commas_round_trip(tmp_path: Path) -> None:
    path = write(tmp_path, rows=3000)
    expected = hubspot.build_contacts(3000, seed=5)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back, expected)
    values = pd.Series(expected.to_numpy().ravel())
    assert values.str.contains(",", regex=False).any()
    assert values.str.contains('"', regex=False).any()


def test_deterministic_for_a_seed(tmp_path: Path) -> None:
    first = write(tmp_path / "a", rows=500, seed=3).read_bytes()
    second = write(tmp_path / "b", rows=500, seed=3).read_bytes()
    other = write(tmp_path / "c", rows=500, seed=4).read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    assert first != other


def test_rejects_non_positive_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="--rows must be at least 1"):
        hubspot.build_contacts(0, seed=1)
    with pytest.raises(SystemExit) as exited:
        generate_main(["hubspot", "--rows", "0", "--out", str(tmp_path)])
    assert exited.value.code == 2
    assert "argument --rows: must be at least 1, got 0" in capsys.readouterr().err
    tiny = hubspot.build_contacts(1, seed=1)
    assert tiny.shape == (1, len(EXPECTED_HEADER))


def test_record_ids_unique_and_increase_with_create_date(raw: pd.DataFrame) -> None:
    ids = raw["Record ID"].astype("int64")
    assert ids.is_unique
    created = raw["Create Date"].astype("int64")
    assert (np.diff(ids.to_numpy()[np.argsort(created.to_numpy(), kind="stable")]) > 0).all()


def test_no_null_tokens_as_whole_cells(raw: pd.DataFrame) -> None:
    cells = pd.Series(raw.to_numpy().ravel()).str.strip().str.lower()
    assert not cells.isin(["nan", "none", "null"]).any()


# ---- history strings ---------------------------------------------------------------------------


def test_history_cells_in_text_and_numeric_fields(raw: pd.DataFrame) -> None:
    text_history = raw["Lifecycle Stage"].str.contains("//", regex=False)
    numeric_history = raw["Number of Pageviews"].str.contains("//", regex=False)
    assert 0.2 < text_history.mean() < 0.5
    assert 0.05 < numeric_history.mean() < 0.4
    # URLs (referrers, referral drill-downs) hold '//' themselves; see the generator's docstring.
    cells = pd.Series(raw.drop(columns=URL_COLUMNS).to_numpy().ravel())
    history = cells[cells.str.contains("//", regex=False)]
    assert history.str.contains(" // ", regex=False).mean() > 0.9
    tight = history[~history.str.contains(" // ", regex=False)]
    assert len(tight) > 0 and tight.str.contains(r"\S//\S").all()
    assert history.str.rstrip().str.endswith("//").any()
    first_tokens = history.map(lambda v: v.split("//")[0].strip().lower())
    assert first_tokens.isin(["nan", "none"]).any()


def test_numeric_histories_increase_to_the_latest(raw: pd.DataFrame) -> None:
    for column in COUNT_COLUMNS:
        cells = raw[column][raw[column].str.contains("//", regex=False)]
        assert len(cells) > 0, column
        for cell in cells:
            values = [int(v) for v in hist_all(cell)]
            assert values == sorted(values) and len(set(values)) == len(values), (column, cell)


def test_lifecycle_history_moves_forward(raw: pd.DataFrame) -> None:
    ladder = {stage: rank for rank, stage in enumerate(vocabulary.LIFECYCLE_LADDER)}
    ladder["other"] = 2
    cells = raw["Lifecycle Stage"][raw["Lifecycle Stage"].str.contains("//", regex=False)]
    for cell in cells:
        ranks = [ladder[v.lower()] for v in hist_all(cell)]
        assert ranks == sorted(ranks) and ranks[0] < ranks[-1], cell


def test_latest_value_decides_the_owner(raw: pd.DataFrame, latest: pd.DataFrame) -> None:
    owner_cells = raw["Propiedad del contacto"]
    assert ((owner_cells.str.startswith("APREU //")) & (latest["Propiedad del contacto"] != "APREU")).any()
    assert (owner_cells.str.endswith("// APREU")).any()
    assert (latest["Propiedad del contacto"] == "apreu").any()


# ---- values --------------------------------------------------------------------------------------


def test_dates_are_epoch_milliseconds(raw: pd.DataFrame, latest: pd.DataFrame) -> None:
    for column in DATE_COLUMNS:
        values = latest[column][latest[column] != ""]
        assert values.str.fullmatch(r"\d{13}(\.0)?").all(), column
        as_int = values.astype(float).astype("int64")
        assert as_int.between(hubspot.START_MS - 1700 * hubspot.DAY_MS, hubspot.EXPORT_MS).all(), column
    assert latest["Close Date"].str.endswith(".0").any()
    first = latest["First Conversion Date"].replace("", np.nan).astype(float)
    created = latest["Create Date"].astype(float)
    assert (first.dropna() >= created[first.notna()]).all()


def test_close_outcomes(latest: pd.DataFrame, eligible: pd.Series) -> None:
    closed = latest["Close Date"] != ""
    assert 0.08 < closed[eligible].mean() < 0.125
    close = latest["Close Date"][closed].astype(float)
    created = latest["Create Date"][closed].astype(float)
    assert 1 <= (close < created).sum() <= 10


def test_likelihood_formats(latest: pd.DataFrame) -> None:
    values = latest["Likelihood to close"]
    assert values.str.endswith("%").any()
    numbers = pd.to_numeric(values.str.rstrip("%").replace("", np.nan)).dropna()
    assert numbers.between(0, 100).all()
    assert (numbers <= 1).mean() > 0.01
    scaled = numbers.where(numbers > 1, numbers * 100)
    assert 92 < scaled.mean() < 97


def test_periods_and_vocabularies(latest: pd.DataFrame) -> None:
    periods = latest["Periodo de ingreso"][latest["Periodo de ingreso"] != ""]
    assert periods.str.fullmatch(r"20\d\d(05|10|35|60|75)").all()
    assert set(latest["Original Source"]) <= {
        "PAID_SEARCH", "PAID_SOCIAL", "DIRECT_TRAFFIC", "EMAIL_MARKETING", "ORGANIC_SEARCH", "REFERRALS",
        "OTHER_CAMPAIGNS", "OFFLINE", "SOCIAL_MEDIA", "AI_REFERRALS",
    }  # fmt: skip
    stages = set(latest["Lifecycle Stage"])
    assert {"lead", "marketingqualifiedlead", "salesqualifiedlead", "Other", "subscriber"} <= stages
    assert any(stage[:1].isupper() and stage != "Other" for stage in stages)
    assert {"IMPORT", "INTEGRATION", "CONTACTS", "Facebook"} <= set(latest["Original Source Drill-Down 1"])
    assert "Facebook Ads" in set(latest["Canal de adquisición"])


def test_keyword_traps_are_present(raw: pd.DataFrame) -> None:
    text = " ".join(raw[column].str.cat(sep=" ") for column in vocabulary.EXPORT_COLUMNS[13:19]).lower()
    for trap in (
        "semestre",
        "makeup",
        "make.com",
        "fb.com",
        "https://t.co/",
        "chatgpt.com",
        "lnkd.in",
        "sem -",
    ):
        assert trap in text, trap


def test_pii_is_synthetic(latest: pd.DataFrame) -> None:
    assert set(vocabulary.PII_COLUMNS) <= set(EXPECTED_HEADER)
    emails = latest["Email"][latest["Email"] != ""]
    assert emails.str.fullmatch(r"[a-z]+\.[a-z]+\d*@(mail\.)?example\.(com|org|net)").all()
    assert (latest["First Name"] != "").all() and (latest["Phone Number"] != "").mean() > 0.8


# ---- planted structure -------------------------------------------------------------------------


def test_owner_and_lifecycle_shares(latest: pd.DataFrame, eligible: pd.Series) -> None:
    owner = latest["Propiedad del contacto"].str.upper()
    assert abs((owner == "APREU").mean() - 0.598) < 0.01
    excluded = (owner == "APREU") & ~eligible
    assert abs(excluded.sum() / (owner == "APREU").sum() - 0.0285) < 0.008


def test_paid_cohort_splits_active_and_inactive(latest: pd.DataFrame, eligible: pd.Series) -> None:
    source = latest["Original Source"].str.lower()
    paid = eligible & source.isin(["paid_social", "paid_search"])
    assert abs(paid.sum() / eligible.sum() - 0.1567) < 0.005
    activity = sum(counts(latest, c) for c in COUNT_COLUMNS[:3])
    inactive = paid & (activity <= 2)
    assert abs(inactive.sum() / paid.sum() - 0.2) < 0.02
    inactive_sources = latest.loc[inactive, "Latest Traffic Source"].value_counts(normalize=True)
    assert inactive_sources.idxmax() == "OFFLINE" and inactive_sources["OFFLINE"] > 0.65
    assert (source[inactive] == "paid_social").all()
    active = paid & ~inactive
    assert (counts(latest, "Number of Form Submissions")[active] > 0).all()
    scanned = latest.loc[paid, list(vocabulary.EXPORT_COLUMNS[13:19])].agg(" ".join, axis=1).str.lower()
    assert scanned[inactive].str.contains("tiktok").mean() > 0.12
    assert scanned[active].str.contains("paid_search|google ads").mean() > 0.75


def test_geography_tiers_follow_the_planted_mix(
    raw: pd.DataFrame, latest: pd.DataFrame, eligible: pd.Series
) -> None:
    tiers = latest[eligible].apply(geo_tier, axis=1).value_counts(normalize=True)
    for tier, share in TIER_TARGETS.items():
        assert abs(tiers.get(tier, 0.0) - share) < 0.003, (tier, tiers.to_dict())
    unknown_rows = latest[eligible][latest[eligible].apply(geo_tier, axis=1) == "unknown"]
    assert (counts(unknown_rows, "Number of Sessions") == 0).mean() > 0.98
    domestic_in_qro = latest["IP State/Region"].eq("Queretaro") & latest["Estado de procedencia"].isin(
        ["Guanajuato", "Michoacán", "Sinaloa", "Estado de México", "Ciudad de México", "Hidalgo"]
    )
    assert domestic_in_qro.any()  # only the coalesced state decides the tier
    assert {"Soy extranjero", "Querétaro"} <= set(latest["Estado de procedencia"])
    assert {"Qro.", "CDMX", "Gto"} & set(latest["Estado de preparatoria BPM"])


def test_local_tier_engages_and_closes_more(latest: pd.DataFrame, eligible: pd.Series) -> None:
    frame = latest[eligible]
    tier = frame.apply(geo_tier, axis=1)
    engagement = sum(np.log1p(counts(frame, c)) for c in COUNT_COLUMNS[:3])
    closed = frame["Close Date"] != ""
    by_tier = pd.DataFrame({"tier": tier, "engagement": engagement, "closed": closed}).groupby("tier").mean()
    assert (
        by_tier.loc["local", "closed"] > by_tier.loc["domestic", "closed"] > by_tier.loc["unknown", "closed"]
    )
    assert by_tier.loc["unknown", "engagement"] < 0.1 < by_tier.loc["domestic", "engagement"]


def test_promotion_groups_follow_the_planted_mix(
    raw: pd.DataFrame, latest: pd.DataFrame, eligible: pd.Series
) -> None:
    activities = raw.loc[eligible, "Actividades de promoción APREU"].map(lambda v: " ".join(hist_all(v)))
    text = (
        activities
        + " "
        + latest.loc[eligible, "First Conversion"]
        + " "
        + latest.loc[eligible, "Recent Conversion"]
    )
    groups = text.map(promotion_group).value_counts(normalize=True)
    for group, share in PROMOTION_TARGETS.items():
        assert abs(groups.get(group, 0.0) - share) < 0.002, (group, groups.to_dict())
    token_groups = text.map(lambda t: promotion_group(t, whole_tokens=True)).value_counts(normalize=True)
    assert token_groups["Unknown"] > groups["Unknown"] + 0.05  # 'form' inside 'informativas' no longer counts
    assert abs((raw.loc[eligible, "Actividades de promoción APREU"] != "").mean() - 0.745) < 0.03


@pytest.mark.parametrize("group", ["digital", "event", "messaging", "niche"])
def test_activity_vocabulary_classifies_as_its_group(group: str) -> None:
    for value, _ in [*vocabulary.ACTIVITIES[group], *vocabulary.CONVERSIONS[group]]:
        assert promotion_group(value) == group.capitalize(), value
    for value, _ in [*vocabulary.ACTIVITIES["neutral"], *vocabulary.CONVERSIONS["neutral"]]:
        assert promotion_group(value) == "Unknown", value
    for value, _ in vocabulary.ACTIVITIES["digital_quirk"]:
        assert promotion_group(value) == "Digital" and promotion_group(value, whole_tokens=True) == "Unknown"


def test_fixture_size_keeps_every_segment(tmp_path: Path) -> None:
    """The ``make test`` fixture (sources.py test_args) must leave no segment empty."""
    from python_jobs.sources import get_source

    args = argparse.ArgumentParser()
    hubspot.add_arguments(args)
    namespace = args.parse_args(list(get_source("hubspot").test_args))
    frame = hubspot.build_contacts(namespace.rows, namespace.seed)
    last = frame.map(hist_latest)
    keep = (last["Propiedad del contacto"].str.upper() == "APREU") & ~last[
        "Lifecycle Stage"
    ].str.lower().isin(["other", "subscriber"])
    text = (
        frame.loc[keep, "Actividades de promoción APREU"].map(lambda v: " ".join(hist_all(v)))
        + " "
        + last.loc[keep, "First Conversion"]
        + " "
        + last.loc[keep, "Recent Conversion"]
    )
    groups = text.map(promotion_group).value_counts()
    assert set(groups.index) == {"Digital", "Event", "Messaging", "Niche", "Unknown"}
    assert groups.min() >= 5
    tiers = last[keep].apply(geo_tier, axis=1)
    closed = last.loc[keep, "Close Date"] != ""
    assert tiers.value_counts().min() >= 50
    assert closed.groupby(tiers).sum().min() >= 3
