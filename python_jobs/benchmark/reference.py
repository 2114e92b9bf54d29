"""The pandas reference for the ad-log benchmark: the seed notebook's way, deliberately separate code.

``pandas.read_csv`` of the raw CSVs, pandas groupby for the same per-user features as
``feat_ad_logs_users``, the same preprocessing as ``seg_ad_users`` (fill, log1p, 1st/99th percentile
clipping, RobustScaler), a KMeans sweep k=2..10 on all users (silhouette on a sample) and a final KMeans.
Run as a subprocess by the benchmark so its wall time and peak memory are measured on their own:
``python -m python_jobs.benchmark.reference --raw-dir DIR --k K --out labels.parquet``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import RobustScaler

SECONDS_PER_DAY = 86_400
UTC_PLUS_8_SECONDS = 8 * 3_600
PRIMARY_PID = "430548_1007"


@dataclass(frozen=True)
class ReferenceConfig:
    """The seg_ad_users preprocessing and sweep, restated for the reference."""

    features: tuple[str, ...]
    fill: dict[str, float]
    log1p: tuple[str, ...]
    clip_columns: tuple[str, ...]
    clip_lower: float = 0.01
    clip_upper: float = 0.99
    k_min: int = 2
    k_max: int = 10
    n_init: int = 10
    random_seed: int = 42
    silhouette_sample: int = 10_000


def number(block: Mapping[str, object], key: str, default: float | None = None) -> float:
    """``block[key]`` as a float (``default`` when absent); a value that is not a number is an error."""
    value = block.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key!r} must be a number, got {value!r}")
    return float(value)


def config_from_meta(meta: dict[str, object]) -> ReferenceConfig:
    """Read the reference settings from seg_ad_users' ``meta.segmentation`` block (same YAML source)."""
    prep = meta.get("preprocessing") or {}
    assert isinstance(prep, dict)
    clip = prep.get("clip_quantiles") or {}
    k = meta.get("k") or {}
    features = meta["features"]
    assert isinstance(clip, dict) and isinstance(k, dict) and isinstance(features, list)
    return ReferenceConfig(
        features=tuple(str(feature) for feature in features),
        fill={str(key): float(value) for key, value in (prep.get("fill") or {}).items()},
        log1p=tuple(prep.get("log1p") or ()),
        clip_columns=tuple(clip.get("columns") or ()),
        clip_lower=number(clip, "lower", 0.01),
        clip_upper=number(clip, "upper", 0.99),
        k_min=int(number(k, "min", 2)),
        k_max=int(number(k, "max", 10)),
        n_init=int(number(meta, "n_init", 10)),
        random_seed=int(number(meta, "random_seed", 42)),
        silhouette_sample=int(number(meta, "sample_size", 10_000)),
    )


def read_logs(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """The four CSVs with pandas.read_csv (raw_sample: every daily file), pid as text."""
    days = sorted((raw_dir / "raw_sample").glob("raw_sample_*.csv"))
    if not days:
        raise FileNotFoundError(f"no raw_sample_*.csv under {raw_dir / 'raw_sample'}")
    impressions = pd.concat([pd.read_csv(path, dtype={"pid": str}) for path in days], ignore_index=True)
    profiles = pd.read_csv(raw_dir / "user_profile.csv")
    profiles.columns = [column.strip() for column in profiles.columns]
    ads = pd.read_csv(raw_dir / "ad_feature.csv", na_values=["NULL"])
    behaviour = pd.read_csv(raw_dir / "behavior_log.csv")
    return {"impressions": impressions, "profiles": profiles, "ads": ads, "behaviour": behaviour}


def user_features(
    impressions: pd.DataFrame, ads: pd.DataFrame, behaviour: pd.DataFrame, profiles: pd.DataFrame
) -> pd.DataFrame:
    """One row per user with an impression: the columns of feat_ad_logs_users, computed with pandas."""
    impressions = impressions.drop_duplicates(["user", "time_stamp", "adgroup_id", "pid"])
    impressions = impressions.assign(
        display_day=(impressions["time_stamp"] + UTC_PLUS_8_SECONDS) // SECONDS_PER_DAY,
        is_primary_pid=impressions["pid"] == PRIMARY_PID,
    ).merge(ads, on="adgroup_id", how="left")
    grouped = impressions.groupby("user")
    features = pd.DataFrame(
        {
            "impression_count": grouped.size(),
            "click_count": grouped["clk"].sum(),
            "active_day_count": grouped["display_day"].nunique(),
            "distinct_ad_count": grouped["adgroup_id"].nunique(),
            "distinct_category_count": grouped["cate_id"].nunique(),
            "distinct_brand_count": grouped["brand"].nunique(),
            "distinct_campaign_count": grouped["campaign_id"].nunique(),
            "primary_pid_share": grouped["is_primary_pid"].mean(),
        }
    )
    features["click_through_rate"] = features["click_count"] / features["impression_count"]
    clicked = impressions[impressions["clk"] == 1]
    features["mean_clicked_ad_price"] = clicked.groupby("user")["price"].mean()
    tags = behaviour.groupby(["user", "btag"]).size().unstack(fill_value=0)
    for tag, column in (("pv", "page_view_count"), ("cart", "cart_count"), ("fav", "favourite_count")):
        features[column] = tags[tag] if tag in tags.columns else 0
    features["purchase_count"] = tags["buy"] if "buy" in tags.columns else 0
    features["behaviour_event_count"] = behaviour.groupby("user").size()
    count_columns = [
        "page_view_count",
        "cart_count",
        "favourite_count",
        "purchase_count",
        "behaviour_event_count",
    ]
    features[count_columns] = features[count_columns].fillna(0).astype("int64")
    features = features.join(profiles.set_index("userid"), how="left")
    features.index.name = "user_id"
    return features.reset_index()


def preprocess(features: pd.DataFrame, config: ReferenceConfig) -> np.ndarray:
    """fill → log1p → clip at the configured quantiles → RobustScaler (median / IQR)."""
    columns = []
    for column in config.features:
        values = features[column].astype("float64")
        values = values.fillna(config.fill.get(column, float(values.median())))
        if column in config.log1p:
            values = np.log1p(values)
        if column in config.clip_columns:
            values = values.clip(values.quantile(config.clip_lower), values.quantile(config.clip_upper))
        columns.append(values.to_numpy())
    matrix = np.column_stack(columns)
    scaler = RobustScaler()
    scaler.fit(matrix)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    return (matrix - scaler.center_) / scale


def sweep(matrix: np.ndarray, config: ReferenceConfig) -> pd.DataFrame:
    """KMeans for every k on all rows: inertia and silhouette (on a seeded sample), one row per k."""
    rng = np.random.default_rng(config.random_seed)
    sample = rng.choice(len(matrix), size=min(config.silhouette_sample, len(matrix)), replace=False)
    records = []
    for k in range(config.k_min, config.k_max + 1):
        fitted = KMeans(n_clusters=k, n_init=config.n_init, random_state=config.random_seed).fit(matrix)
        silhouette = float(silhouette_score(matrix[sample], fitted.labels_[sample]))
        records.append({"k": k, "inertia": float(fitted.inertia_), "silhouette": silhouette})
        print(f"  reference sweep k={k}: silhouette {silhouette:.3f}", flush=True)
    return pd.DataFrame(records)


def partition_inertia(matrix: np.ndarray, labels: np.ndarray) -> float:
    """Within-cluster sum of squared distances of a partition of ``matrix`` (the KMeans objective)."""
    total = 0.0
    for label in np.unique(labels):
        members = matrix[labels == label]
        total += float(((members - members.mean(axis=0)) ** 2).sum())
    return total


def run(
    raw_dir: Path, config: ReferenceConfig, final_k: int, compare: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, dict[str, object]]:
    """The whole reference: returns (user_id, label) at ``final_k`` and a summary with step timings."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    logs = read_logs(raw_dir)
    timings["read_csv_s"] = time.perf_counter() - started
    step = time.perf_counter()
    features = user_features(logs["impressions"], logs["ads"], logs["behaviour"], logs["profiles"])
    del logs
    timings["groupby_s"] = time.perf_counter() - step
    step = time.perf_counter()
    matrix = preprocess(features, config)
    table = sweep(matrix, config)
    timings["sweep_s"] = time.perf_counter() - step
    step = time.perf_counter()
    final = KMeans(n_clusters=final_k, n_init=config.n_init, random_state=config.random_seed).fit(matrix)
    timings["final_fit_s"] = time.perf_counter() - step
    labels = pd.DataFrame({"user_id": features["user_id"].to_numpy(), "label": final.labels_})
    summary: dict[str, object] = {
        "users": len(features),
        "best_k_by_silhouette": int(table.loc[table["silhouette"].idxmax(), "k"]),
        "final_k": final_k,
        "inertia_reference": round(float(final.inertia_), 3),
        **{key: round(value, 2) for key, value in timings.items()},
    }
    if compare is not None:
        # The other partition's KMeans objective on this same matrix: with several local optima, a low ARI
        # says which run found the better one.
        ours = features[["user_id"]].merge(compare, on="user_id", how="left")["segment_id"]
        if ours.isna().any():
            raise ValueError(f"--compare lacks {int(ours.isna().sum())} of the reference's users")
        summary["inertia_compared"] = round(partition_inertia(matrix, ours.to_numpy()), 3)
    return labels, summary


def main(argv: list[str] | None = None) -> int:
    import yaml

    from python_jobs.paths import PROJECT_ROOT

    parser = argparse.ArgumentParser(prog="python -m python_jobs.benchmark.reference", description=__doc__)
    parser.add_argument("--raw-dir", type=Path, required=True, help="folder with the ad-log CSVs")
    parser.add_argument("--k", type=int, required=True, help="k of the final KMeans (ours, for the ARI)")
    parser.add_argument("--out", type=Path, required=True, help="Parquet file for (user_id, label)")
    parser.add_argument(
        "--compare", type=Path, default=None, help="Parquet (user_id, segment_id): report its inertia too"
    )
    args = parser.parse_args(argv)
    models = yaml.safe_load((PROJECT_ROOT / "models/marts/ad_logs/_ad_logs__models.yml").read_text())
    meta = next(model for model in models["models"] if model["name"] == "seg_ad_users")
    config = config_from_meta(meta["config"]["meta"]["segmentation"])
    compare = pd.read_parquet(args.compare) if args.compare is not None else None
    labels, summary = run(args.raw_dir, config, args.k, compare)
    labels.to_parquet(args.out, index=False)
    print("REFERENCE " + json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
