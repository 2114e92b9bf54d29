"""Names true to the profile: a categorical claim needs a majority, a numeric claim its direction."""

from __future__ import annotations

import numpy as np
import pandas as pd

from python_jobs.segmentation import parse_config, run_segmentation

CHANNELS = ("google", "youtube", "linkedin", "twitter")


def mixed_segments() -> pd.DataFrame:
    """Three segments far apart on ``minutes``: 400 learners 39 % LinkedIn / 51 % YouTube / 10 % Google,
    350 learners 90 % Google, 250 learners 80 % Twitter."""
    rng = np.random.default_rng(5)
    mixes = (
        (400, 0.0, {"linkedin": 156, "youtube": 204, "google": 40}),
        (350, 100.0, {"google": 315, "twitter": 35}),
        (250, 200.0, {"twitter": 200, "google": 50}),
    )
    parts = []
    for rows, centre, counts in mixes:
        channel = np.concatenate([np.full(count, name) for name, count in counts.items()])
        part = pd.DataFrame({"minutes": centre + rng.normal(0, 1, rows), "channel": rng.permutation(channel)})
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    for name in CHANNELS:
        frame[f"is_channel_{name}"] = (frame["channel"] == name).astype("float64")
    frame.insert(0, "learner_id", np.arange(1, len(frame) + 1))
    return frame


def config() -> dict[str, object]:
    return {
        "entity_id": "learner_id",
        "features": ["minutes", *(f"is_channel_{name}" for name in CHANNELS)],
        "k": 3,
        "preprocessing": {"scaler": "none"},
        "naming": {
            "labels": {
                "minutes": ["Heavy watchers", "Light watchers"],
                **{
                    f"is_channel_{name}": label
                    for name, label in zip(
                        CHANNELS, ("Google", "YouTube", "LinkedIn", "Twitter"), strict=True
                    )
                },
            },
            "categories": {"channel": [f"is_channel_{name}" for name in CHANNELS]},
        },
    }


def labels(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [("mixed", code, name, action) for code, name, action in rows],
        columns=["segmentation", "segment_code", "segment_name", "marketing_action"],
    )


def names_by_code(result) -> dict[str, str]:
    return result.segments.groupby("segment_code")["segment_name"].first().to_dict()


def test_a_mixed_segment_gets_no_single_channel_name() -> None:
    frame = mixed_segments()
    plain = run_segmentation(frame, parse_config(config(), "mixed"))
    # Segment 1 (the largest) is the mixed one: LinkedIn is 39 %, far above the population's 15.6 %, so the
    # std-difference rule alone would name it; the majority rule keeps it out.
    mixed = plain.segments["segment_code"] == "1"
    assert frame.loc[mixed.to_numpy(), "is_channel_linkedin"].mean() == 0.39
    linkedin = plain.profiles[
        (plain.profiles["segment_code"] == "1") & (plain.profiles["feature"] == "is_channel_linkedin")
    ]
    assert linkedin["std_difference"].iloc[0] > 0.6
    default = names_by_code(plain)["1"]
    assert "LinkedIn" not in default and "YouTube" in default

    seeded = labels(("1", "LinkedIn Networkers", "Career campaigns"), ("2", "Google Searchers", "Search ads"))
    result = run_segmentation(frame, parse_config(config(), "mixed"), labels=seeded)
    names = names_by_code(result)
    assert names["1"] == default
    assert names["2"] == "Google Searchers"
    actions = result.segments.groupby("segment_code")["marketing_action"].first()
    assert actions["1"] != "Career campaigns" and actions["2"] == "Search ads"
    warnings = result.profiles.drop_duplicates("segment_id").set_index("segment_code")["name_warning"]
    assert pd.isna(warnings["2"]) and pd.isna(warnings["3"])
    assert "segment 1" in warnings["1"] and "LinkedIn Networkers" in warnings["1"]
    assert "is_channel_linkedin is the majority, but it is 39%" in warnings["1"]
    assert "is_channel_youtube (51%)" in warnings["1"]


def test_values_of_one_category_named_together_claim_a_joint_majority() -> None:
    frame = mixed_segments()
    result = run_segmentation(
        frame,
        parse_config(config(), "mixed"),
        labels=labels(("1", "LinkedIn-YouTube Mix", "Mixed"), ("3", "Google-LinkedIn Mix", "None")),
    )
    names = names_by_code(result)
    # 39 % + 51 % is a majority; segment 3 has 20 % Google and no LinkedIn.
    assert names["1"] == "LinkedIn-YouTube Mix"
    assert names["3"] != "Google-LinkedIn Mix"


def test_a_numeric_claim_needs_its_direction() -> None:
    frame = mixed_segments()
    result = run_segmentation(
        frame,
        parse_config(config(), "mixed"),
        labels=labels(("1", "Heavy watchers", "Upsell"), ("3", "Heavy watchers on Twitter", "Retarget")),
    )
    names = names_by_code(result)
    warnings = result.profiles.drop_duplicates("segment_id").set_index("segment_code")["name_warning"]
    assert names["1"] != "Heavy watchers"
    assert "'Heavy watchers' claims minutes is above the population" in warnings["1"]
    assert names["3"] == "Heavy watchers on Twitter"


def test_the_run_summary_lists_the_warning(tmp_path) -> None:
    import duckdb

    from python_jobs.segmentation.notices import warehouse_warnings
    from python_jobs_tests.segmentation_helpers import store_run

    result = run_segmentation(
        mixed_segments(),
        parse_config(config(), "mixed"),
        labels=labels(("1", "LinkedIn Networkers", "Career campaigns")),
    )
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as connection:
        store_run(connection, "seg_mixed", result)
    (warning,) = warehouse_warnings(path)
    assert warning.startswith("mixed segment 1: labels name 'LinkedIn Networkers' not applied")
