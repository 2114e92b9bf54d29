"""The segmentation engine's quality bars on planted data: recovery, k rules, stable ids, bad input."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.metrics import adjusted_rand_score

from python_jobs.generate import learners as learners_generator
from python_jobs.paths import PROJECT_ROOT
from python_jobs.segmentation import (
    PreviousRun,
    SegmentationConfigError,
    SegmentationInputError,
    SegmentationResult,
    parse_config,
    run_segmentation,
)
from python_jobs.segmentation.scoring import StoredModel, StoredModelMismatch, score_with_stored_model
from python_jobs_tests.segmentation_helpers import blobs

CHANNELS = {1: "google", 2: "facebook", 3: "youtube", 4: "linkedin", 5: "twitter", 6: "instagram"}
CHANNELS |= {7: "friend", 8: "other"}
REGIONS = {0: "anglo_saxon", 1: "western_europe", 2: "world"}


def learners_config() -> dict[str, Any]:
    """The seg_learners config exactly as declared in the model's YAML."""
    path = PROJECT_ROOT / "models" / "marts" / "learners" / "_learners__models.yml"
    models = yaml.safe_load(path.read_text())["models"]
    return next(m for m in models if m["name"] == "seg_learners")["config"]["meta"]["segmentation"]


def learner_features(csv_path: Path) -> pd.DataFrame:
    """feat_learners computed in pandas from a generated export (the SQL model's logic)."""
    raw = pd.read_csv(csv_path)
    frame = pd.DataFrame(
        {
            "learner_id": np.arange(1, len(raw) + 1),
            "minutes_watched": raw["minutes_watched"].fillna(0.0),
            "clv": raw["CLV"],
            "region_code": raw["region"],
        }
    )
    for code, name in CHANNELS.items():
        frame[f"is_channel_{name}"] = raw["channel"] == code
    for code, name in REGIONS.items():
        frame[f"is_region_{name}"] = raw["region"] == code
    frame["channel_name"] = raw["channel"].map(CHANNELS)
    frame["region_label"] = raw["region"].map(REGIONS)
    return frame


def generate_learners(tmp_path: Path, rows: int, seed: int) -> Path:
    return learners_generator.generate(argparse.Namespace(rows=rows, seed=seed), tmp_path)[0]


def blob_config(**overrides: Any) -> dict[str, Any]:
    return {"entity_id": "entity_id", "features": [f"x{i}" for i in range(5)], "k": 4} | overrides


@pytest.fixture(scope="module")
def learners_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, SegmentationResult]:
    csv_path = generate_learners(tmp_path_factory.mktemp("learners"), 3800, 42)
    frame = learner_features(csv_path)
    return frame, run_segmentation(frame, parse_config(learners_config(), "learners"))


def test_learners_default_config_recovers_the_planted_groups(learners_run) -> None:
    _, result = learners_run
    truth = learners_generator.planted_groups(3800, 42)
    assert result.k == len(learners_generator.PLANTED_GROUPS)
    assert adjusted_rand_score(truth, result.segments["segment_id"]) >= 0.90
    chosen = result.k_selection[result.k_selection["is_chosen"]]
    assert chosen["rule"].tolist() == ["ward_gap"]
    assert result.k_selection["k"].tolist() == list(range(3, 11))
    assert result.k_selection["ward_gap"].idxmax() == chosen.index[0]


def test_learners_default_names_come_from_the_profile(learners_run) -> None:
    frame, result = learners_run
    names = result.segments.groupby("segment_name")["learner_id"].count()
    instagram = result.segments.loc[frame["is_channel_instagram"].to_numpy(), "segment_name"]
    # Every Instagram learner lands in one segment whose default name starts with its dominant channel.
    assert instagram.nunique() == 1
    assert instagram.iloc[0].startswith("Instagram")
    assert len(names) == result.k
    # region_code is labelled "" in the YAML: a code is not a description, on either side.
    assert not any("region" in name for name in names.index)


@pytest.mark.parametrize("algorithm", ["kmeans", "minibatch_kmeans", "ward", "gaussian_mixture"])
def test_every_algorithm_recovers_planted_blobs(algorithm: str) -> None:
    frame, truth = blobs(3000, seed=3)
    result = run_segmentation(frame, parse_config(blob_config(algorithm=algorithm, n_init=3), "blobs"))
    assert adjusted_rand_score(truth, result.segments["segment_id"]) >= 0.90
    if algorithm == "ward":
        assert result.k_selection["ward_sample_agreement"].iloc[0] >= 0.95


@pytest.mark.parametrize("rule", ["silhouette", "elbow", "davies_bouldin", "ward_gap"])
def test_every_rule_finds_the_planted_k(rule: str) -> None:
    frame, truth = blobs(2000, seed=5)
    config = parse_config(blob_config(k={"min": 2, "max": 8, "rule": rule}, n_init=3), "blobs")
    result = run_segmentation(frame, config)
    assert result.k == 4
    assert adjusted_rand_score(truth, result.segments["segment_id"]) >= 0.90


def test_bic_rule_with_a_mixture() -> None:
    frame, _ = blobs(1500, seed=8, centers=3)
    config = parse_config(
        blob_config(algorithm="gaussian_mixture", k={"min": 2, "max": 5, "rule": "bic"}, n_init=2), "blobs"
    )
    result = run_segmentation(frame, config)
    assert result.k == 3
    assert result.k_selection["bic"].notna().all()


def test_sweep_on_a_sample_then_final_fit_on_all_rows() -> None:
    frame, truth = blobs(6000, seed=9)
    config = parse_config(
        blob_config(
            k={"min": 2, "max": 6, "rule": "silhouette"},
            sweep_sample_size=1000,
            silhouette_sample_size=400,
            n_init=2,
        ),
        "blobs",
    )
    result = run_segmentation(frame, config)
    assert result.k_selection["n_rows_swept"].unique().tolist() == [1000]
    assert result.k_selection["silhouette_sample_rows"].unique().tolist() == [400]
    assert len(result.segments) == 6000
    assert adjusted_rand_score(truth, result.segments["segment_id"]) >= 0.90


def test_parallel_sweep_gives_the_same_table() -> None:
    from threadpoolctl import threadpool_limits

    from python_jobs.segmentation.selection import sweep

    frame, _ = blobs(3000, seed=4)
    config = parse_config(blob_config(k={"min": 2, "max": 6, "rule": "elbow"}, n_init=3), "blobs")
    matrix = frame[list(config.features)].to_numpy()
    with threadpool_limits(limits=1):
        serial_table, serial_partitions, _ = sweep(matrix, config, workers=1)
    parallel_table, parallel_partitions, _ = sweep(matrix, config, workers=2)
    pd.testing.assert_frame_equal(serial_table, parallel_table, check_exact=True)
    for k, partition in serial_partitions.items():
        np.testing.assert_array_equal(partition.centroids, parallel_partitions[k].centroids)


def test_sweep_silhouette_from_shared_distances_matches_per_k(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweep computes the silhouette sample's distances once for every k; over the memory budget each k
    computes its own. Both give sklearn's silhouette of the same sample."""
    from sklearn.metrics import silhouette_score

    from python_jobs.segmentation import selection

    frame, _ = blobs(2500, seed=6)
    config = parse_config(
        blob_config(k={"min": 2, "max": 5, "rule": "silhouette"}, n_init=2, sample_size=800), "blobs"
    )
    matrix = frame[list(config.features)].to_numpy()
    shared_table, partitions, _ = selection.sweep(matrix, config)
    monkeypatch.setattr(selection, "SILHOUETTE_DISTANCE_BYTES", 800**2 * 8 - 1)
    assert selection.silhouette_distances(matrix, np.arange(800)) is None
    per_k_table, _, _ = selection.sweep(matrix, config)
    np.testing.assert_allclose(shared_table["silhouette"], per_k_table["silhouette"], rtol=1e-12)
    positions = selection.silhouette_positions(len(matrix), config)
    assert len(positions) == 800
    for row in shared_table.itertuples():
        labels, _ = selection.assign(matrix, partitions[row.k].centroids)
        expected = silhouette_score(matrix[positions], labels[positions])
        assert row.silhouette == pytest.approx(expected, rel=1e-12)
    assert int(shared_table.loc[shared_table["is_chosen"], "k"].iloc[0]) == 4


def test_final_n_init_sets_the_restarts_of_the_all_rows_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    from python_jobs.segmentation import fit

    frame, _ = blobs(2000, seed=5)
    restarts: list[int | None] = []
    original = fit.fit_partition

    def spy(matrix: np.ndarray, k: int, config: Any, ward: Any = None, n_init: int | None = None) -> Any:
        restarts.append(n_init)
        return original(matrix, k, config, ward, n_init=n_init)

    monkeypatch.setattr(fit, "fit_partition", spy)
    base = blob_config(k={"min": 2, "max": 5, "rule": "silhouette"}, sweep_sample_size=500, n_init=4)
    run_segmentation(frame, parse_config(base, "blobs"))
    run_segmentation(frame, parse_config(base | {"final_n_init": 2}, "blobs"))
    assert restarts == [4, 2]
    with pytest.raises(SegmentationConfigError, match="final_n_init"):
        parse_config(base | {"final_n_init": 0}, "blobs")


def _sampled_blob_config(**overrides: Any) -> Any:
    options = {"k": {"min": 2, "max": 6, "rule": "silhouette"}, "sweep_sample_size": 1500, "n_init": 3}
    return parse_config(blob_config(**options) | overrides, "blobs")


def test_scoring_with_the_stored_model_reproduces_the_fit() -> None:
    frame, _ = blobs(4000, seed=12)
    config = _sampled_blob_config()
    fitted = run_segmentation(frame, config)
    scored = score_with_stored_model(frame, config, StoredModel.from_result(fitted))
    columns = ["entity_id", "segment_id", "segment_code", "segment_name", "distance_to_centroid"]
    pd.testing.assert_frame_equal(scored.segments[columns], fitted.segments[columns], check_exact=True)
    assert scored.run_id != fitted.run_id, "a scoring run is not the fit it replays"
    assert set(scored.lineage["status"]) == {"kept"}
    assert set(scored.lineage["previous_run_id"]) == {fitted.run_id}
    pd.testing.assert_frame_equal(
        scored.k_selection.drop(columns="run_id"), fitted.k_selection.drop(columns="run_id")
    )
    for name in ("centroids", "scaler"):
        pd.testing.assert_frame_equal(
            getattr(scored, name).drop(columns="run_id"), getattr(fitted, name).drop(columns="run_id")
        )


def test_scoring_assigns_new_rows_and_keeps_old_ones() -> None:
    frame, truth = blobs(5000, seed=13)
    config = _sampled_blob_config()
    fitted = run_segmentation(frame.iloc[:4500], config)
    scored = score_with_stored_model(frame, config, StoredModel.from_result(fitted))
    np.testing.assert_array_equal(
        scored.segments["segment_id"].to_numpy()[:4500], fitted.segments["segment_id"].to_numpy()
    )
    assert adjusted_rand_score(truth[4500:], scored.segments["segment_id"].to_numpy()[4500:]) >= 0.95
    assert scored.k == fitted.k


def test_scoring_refuses_a_stale_model() -> None:
    frame, _ = blobs(3000, seed=14)
    fitted = run_segmentation(frame, _sampled_blob_config())
    narrower = _sampled_blob_config(features=["x0", "x1", "x2", "x3"])
    with pytest.raises(StoredModelMismatch, match="stale: features"):
        score_with_stored_model(frame, narrower, StoredModel.from_result(fitted))
    logged = _sampled_blob_config(preprocessing={"log1p": ["x0"]})
    with pytest.raises(StoredModelMismatch, match="log1p"):
        score_with_stored_model(frame.assign(x0=frame["x0"].abs()), logged, StoredModel.from_result(fitted))


def test_rerun_on_the_same_data_gives_identical_tables(learners_run) -> None:
    frame, first = learners_run
    config = parse_config(learners_config(), "learners")
    second = run_segmentation(frame, config, previous=PreviousRun(first.centroids, first.lineage))
    for name in ("segments", "profiles", "centroids", "scaler", "k_selection"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), check_exact=True)
    assert set(second.lineage["status"]) == {"kept"}


def test_rerun_with_five_percent_more_rows_keeps_segment_ids(learners_run, tmp_path: Path) -> None:
    frame, first = learners_run
    extra = learner_features(generate_learners(tmp_path, 190, 4242))
    extra["learner_id"] += len(frame)
    grown = pd.concat([frame, extra], ignore_index=True)
    config = parse_config(learners_config(), "learners")
    second = run_segmentation(grown, config, previous=PreviousRun(first.centroids, first.lineage))
    old = first.segments.set_index("learner_id")["segment_id"]
    new = second.segments.set_index("learner_id")["segment_id"].loc[old.index]
    retained = float((old == new).mean())
    assert retained >= 0.95, f"only {retained:.1%} of learners kept their segment id"
    assert second.run_id != first.run_id


def test_ids_follow_centroids_not_label_numbers() -> None:
    frame, _ = blobs(2000, seed=11)
    first = run_segmentation(frame, parse_config(blob_config(random_seed=1), "blobs"))
    # Another seed gives other label numbers; matching must restore the same ids per entity.
    second = run_segmentation(
        frame.sample(frac=1.0, random_state=3),
        parse_config(blob_config(random_seed=7), "blobs"),
        previous=PreviousRun(first.centroids, first.lineage),
    )
    merged = first.segments.merge(second.segments, on="entity_id", suffixes=("_first", "_second"))
    assert (merged["segment_id_first"] == merged["segment_id_second"]).mean() >= 0.99


def test_new_k_gets_new_ids_and_retires_old_ones() -> None:
    frame, _ = blobs(2000, seed=12)
    first = run_segmentation(frame, parse_config(blob_config(k=4), "blobs"))
    fewer = run_segmentation(
        frame, parse_config(blob_config(k=3), "blobs"), previous=PreviousRun(first.centroids, first.lineage)
    )
    statuses = fewer.lineage["status"].value_counts().to_dict()
    assert statuses == {"kept": 3, "retired": 1}
    more = run_segmentation(
        frame, parse_config(blob_config(k=5), "blobs"), previous=PreviousRun(fewer.centroids, fewer.lineage)
    )
    new_ids = more.lineage.loc[more.lineage["status"] == "new", "segment_id"].tolist()
    retired = fewer.lineage.loc[fewer.lineage["status"] == "retired", "segment_id"].tolist()
    # Two clusters more than the previous run: both get ids above every id ever issued (4), so the id
    # retired in the previous run is never reissued.
    assert new_ids == [5, 6]
    assert not set(retired) & set(more.segments["segment_id"])


def test_match_max_distance_refuses_far_matches() -> None:
    frame, _ = blobs(2000, seed=13)
    first = run_segmentation(frame, parse_config(blob_config(), "blobs"))
    moved = frame.copy()
    moved[[f"x{i}" for i in range(5)]] *= -1
    second = run_segmentation(
        moved,
        parse_config(blob_config(match_max_distance=0.01, preprocessing={"scaler": "none"}), "blobs"),
        previous=PreviousRun(first.centroids, first.lineage),
    )
    assert set(second.lineage.loc[second.lineage["status"] != "retired", "status"]) == {"new"}
    assert second.segments["segment_id"].min() == 5


def test_profiles_add_up_and_lift_is_relative_to_the_population(learners_run) -> None:
    _, result = learners_run
    per_segment = result.profiles.drop_duplicates("segment_id")
    assert per_segment["n"].sum() == len(result.segments)
    assert per_segment["share"].sum() == pytest.approx(1.0)
    minutes = result.profiles[result.profiles["feature"] == "minutes_watched"]
    weighted = (minutes["mean"] * minutes["n"]).sum() / minutes["n"].sum()
    assert weighted == pytest.approx(minutes["population_mean"].iloc[0])
    assert (minutes["lift"] - minutes["mean"] / minutes["population_mean"]).abs().max() < 1e-12
    assert len(result.centroids) == result.k * len(result.scaler)


def test_ranking_assigns_codes_by_score_and_labels_override_names() -> None:
    frame, _ = blobs(1500, seed=14, centers=3)
    config = parse_config(
        blob_config(
            k=3,
            ranking={"columns": ["x0"], "codes": "levels"},
            derived_columns={"tag": "segment_code || '!'"},
        ),
        "blobs",
    )
    labels = pd.DataFrame(
        {
            "segmentation": ["blobs"],
            "segment_code": ["High"],
            "segment_name": ["Top x0"],
            "marketing_action": ["Call"],
        }
    )
    result = run_segmentation(frame, config, labels=labels)
    means = result.segments.assign(x0=frame["x0"]).groupby("segment_code")["x0"].mean()
    assert means["High"] > means["Medium"] > means["Low"]
    top = result.segments[result.segments["segment_code"] == "High"]
    assert set(top["segment_name"]) == {"Top x0"} and set(top["marketing_action"]) == {"Call"}
    assert (result.segments["tag"] == result.segments["segment_code"] + "!").all()


def test_label_override_is_skipped_when_the_profile_no_longer_matches() -> None:
    frame, _ = blobs(1500, seed=14, centers=3)
    config = parse_config(blob_config(k=3, ranking={"columns": ["x0"], "codes": "levels"}), "blobs")
    plain = run_segmentation(frame, config)
    top_name = plain.segments.loc[plain.segments["segment_code"] == "High", "segment_name"].iloc[0]
    labels = pd.DataFrame(
        {
            "segmentation": ["blobs", "blobs"],
            "segment_code": ["High", "Low"],
            "segment_name": ["Top x0", "Bottom x0"],
            "marketing_action": ["Call", "Wait"],
            # The High override was written for this profile; the Low one for a profile it no longer has.
            "default_name_contains": [top_name.split(" · ")[0].upper(), "no such profile"],
        }
    )
    result = run_segmentation(frame, config, labels=labels)
    names = result.segments.groupby("segment_code")["segment_name"].first()
    assert names["High"] == "Top x0"
    assert names["Low"] == plain.segments.groupby("segment_code")["segment_name"].first()["Low"]
    low_actions = set(result.segments.loc[result.segments["segment_code"] == "Low", "marketing_action"])
    assert low_actions != {"Wait"}


def test_preprocessing_fill_log_clip_one_hot() -> None:
    rng = np.random.default_rng(15)
    frame = pd.DataFrame(
        {
            "entity_id": range(1, 401),
            "spend": np.where(rng.random(400) < 0.1, np.nan, rng.lognormal(3, 1, 400)),
            "visits": rng.poisson(4, 400).astype(float),
            "plan": rng.choice(["free", "pro", None], 400),
        }
    )
    config = parse_config(
        {
            "entity_id": "entity_id",
            "features": ["spend", "visits"],
            "k": 3,
            "preprocessing": {
                "fill": {"spend": 0},
                "log1p": ["spend"],
                "clip_quantiles": {"columns": ["visits"], "lower": 0.05, "upper": 0.95},
                "one_hot": ["plan"],
                "scaler": "robust",
            },
        },
        "prep",
    )
    scaler = run_segmentation(frame, config).scaler.set_index("feature")
    assert scaler.loc["spend", "fill_value"] == 0.0 and scaler.loc["spend", "apply_log1p"]
    assert scaler.loc["visits", "clip_lower"] == frame["visits"].quantile(0.05)
    assert set(scaler.index) == {"spend", "visits", "plan__blank", "plan__free", "plan__pro"}


def test_missing_values_default_to_the_median() -> None:
    frame, _ = blobs(500, seed=16)
    frame.loc[:9, "x0"] = np.nan
    result = run_segmentation(frame, parse_config(blob_config(), "blobs"))
    fill = result.scaler.set_index("feature").loc["x0", "fill_value"]
    assert fill == pytest.approx(frame["x0"].median())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda f: f.iloc[0:0], "has no rows"),
        (
            lambda f: f.assign(x1=f["x1"].astype(object).where(f.index != 7, "n/a")),
            "'x1' has a non-numeric value 'n/a' for entity_id=8",
        ),
        (lambda f: f.assign(entity_id=f["entity_id"].where(f.index != 3, 1)), "is not unique"),
        (lambda f: f.drop(columns=["x2"]), "lacks column(s) ['x2']"),
        (lambda f: f.head(3), "too few for k=4"),
    ],
)
def test_bad_input_fails_naming_column_and_row(mutate, message: str) -> None:
    frame, _ = blobs(200, seed=17)
    with pytest.raises(SegmentationInputError, match=None) as error:
        run_segmentation(mutate(frame), parse_config(blob_config(), "blobs"))
    assert message in str(error.value)
