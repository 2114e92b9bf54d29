"""The segmentation config: parsed and validated from the model's YAML ``config.meta.segmentation`` block.

Every key is documented in ``python_jobs/segmentation/README.md``. Parsing is strict: an unknown key or a
value of the wrong kind raises ``SegmentationConfigError`` naming the segmentation and the key, so a typo in
YAML fails the model instead of silently using a default.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

ALGORITHMS = ("kmeans", "minibatch_kmeans", "ward", "gaussian_mixture")
RULES = ("silhouette", "elbow", "davies_bouldin", "ward_gap", "bic")
SCALERS = ("standard", "robust", "none")
MISSING_POLICIES = ("median", "zero", "error")
CODE_RULES = ("rank", "levels")

# Rows x restarts a fit may spend beyond ``n_init``, by algorithm: a full-covariance mixture start costs
# tens of k-means starts (docs/decisions/0035-restart-budget.md).
RESTART_ROW_BUDGETS = {"kmeans": 500_000, "minibatch_kmeans": 500_000, "gaussian_mixture": 50_000}

LEVEL_CODES: dict[int, tuple[str, ...]] = {
    2: ("High", "Low"),
    3: ("High", "Medium", "Low"),
    4: ("Very high", "High", "Low", "Very low"),
    5: ("Very high", "High", "Medium", "Low", "Very low"),
}


class SegmentationConfigError(ValueError):
    """A segmentation config that cannot be used; the message names the segmentation and the key."""


@dataclass(frozen=True)
class ClipConfig:
    columns: tuple[str, ...] = ()
    lower: float = 0.01
    upper: float = 0.99


@dataclass(frozen=True)
class PreprocessingConfig:
    fill: dict[str, float] = field(default_factory=dict)
    missing: str = "median"
    log1p: tuple[str, ...] = ()
    clip_quantiles: ClipConfig = field(default_factory=ClipConfig)
    one_hot: tuple[str, ...] = ()
    scaler: str = "standard"


@dataclass(frozen=True)
class KConfig:
    fixed: int | None = None
    min: int | None = None
    max: int | None = None
    rule: str = "fixed"

    @property
    def candidates(self) -> tuple[int, ...]:
        if self.fixed is not None:
            return (self.fixed,)
        assert self.min is not None and self.max is not None
        return tuple(range(self.min, self.max + 1))


@dataclass(frozen=True)
class RankingConfig:
    columns: tuple[str, ...]
    codes: tuple[str, ...] = ()
    code_rule: str | None = None
    code_prefix: str = ""

    def codes_for(self, k: int, segmentation: str) -> tuple[str, ...]:
        """Codes in ranking order (highest score first) for a partition into ``k`` segments."""
        if self.codes:
            if len(self.codes) < k:
                raise SegmentationConfigError(
                    f"segmentation {segmentation!r}: ranking.codes lists {len(self.codes)} codes "
                    f"but the partition has k={k} segments"
                )
            return tuple(self.code_prefix + code for code in self.codes[:k])
        if self.code_rule == "levels":
            if k not in LEVEL_CODES:
                raise SegmentationConfigError(
                    f"segmentation {segmentation!r}: ranking code rule 'levels' supports k in "
                    f"{sorted(LEVEL_CODES)}, got k={k}"
                )
            return tuple(self.code_prefix + code for code in LEVEL_CODES[k])
        return tuple(f"{self.code_prefix}{position}" for position in range(1, k + 1))


@dataclass(frozen=True)
class NamingConfig:
    """How default names are built from profiles: ``labels`` maps a feature to a name term.

    A label is either one string (used when the segment is above the population on that feature; binary
    0/1 features only ever describe a segment by presence) or a two-item list ``[above, below]``.
    """

    labels: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # Categorical variables spread over 0/1 features (``{channel: [is_channel_google, ...]}``): values of
    # one category named together claim a joint majority (README "Names and actions").
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_terms: int = 3
    min_std_difference: float = 0.5
    separator: str = " · "


@dataclass(frozen=True)
class SegmentationConfig:
    name: str
    entity_id: str
    features: tuple[str, ...]
    k: KConfig
    algorithm: str = "kmeans"
    preprocessing: PreprocessingConfig = field(default_factory=PreprocessingConfig)
    where: str | None = None
    profile_columns: tuple[str, ...] = ()
    n_init: int = 10
    final_n_init: int | None = None
    max_restarts: int = 100
    restart_patience: int = 20
    restart_row_budget: int | None = None
    random_seed: int = 42
    sample_size: int = 10_000
    silhouette_sample_size: int | None = None
    sweep_sample_size: int | None = None
    pca_components: int = 0
    passthrough: tuple[str, ...] = ()
    derived_columns: dict[str, str] = field(default_factory=dict)
    ranking: RankingConfig | None = None
    naming: NamingConfig = field(default_factory=NamingConfig)
    match_max_distance: float | None = None
    plots: bool = False

    @property
    def restart_rows(self) -> int:
        """``restart_row_budget``, else the algorithm's default (docs/decisions/0035-restart-budget.md)."""
        if self.restart_row_budget is not None:
            return self.restart_row_budget
        return RESTART_ROW_BUDGETS.get(self.algorithm, RESTART_ROW_BUDGETS["kmeans"])

    @property
    def final_fit_n_init(self) -> int:
        """Restarts of the fit at the chosen k on every row (``final_n_init``, else ``n_init``)."""
        return self.n_init if self.final_n_init is None else self.final_n_init

    @property
    def input_columns(self) -> tuple[str, ...]:
        """Columns read from the features relation, entity id first, each once."""
        ordered = [
            self.entity_id,
            *self.features,
            *self.preprocessing.one_hot,
            *self.profile_columns,
            *self.passthrough,
        ]
        if self.ranking is not None:
            ordered.extend(self.ranking.columns)
        return tuple(dict.fromkeys(ordered))

    def fingerprint(self) -> str:
        """Canonical JSON of the whole config (part of the run id)."""
        return json.dumps(asdict(self), sort_keys=True, default=str)


_TOP_KEYS = {
    "name",
    "entity_id",
    "features",
    "where",
    "profile_columns",
    "preprocessing",
    "algorithm",
    "k",
    "n_init",
    "final_n_init",
    "max_restarts",
    "restart_patience",
    "restart_row_budget",
    "random_seed",
    "sample_size",
    "silhouette_sample_size",
    "sweep_sample_size",
    "pca_components",
    "passthrough",
    "derived_columns",
    "ranking",
    "naming",
    "match_max_distance",
    "plots",
}
_PREPROCESSING_KEYS = {"fill", "missing", "log1p", "clip_quantiles", "one_hot", "scaler"}


def _fail(name: str, message: str) -> SegmentationConfigError:
    return SegmentationConfigError(f"segmentation {name!r}: {message}")


def _str_list(name: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _fail(name, f"{key} must be a list of column names, got {value!r}")
    if not all(isinstance(item, str) and item for item in value):
        raise _fail(name, f"{key} must contain only non-empty strings, got {value!r}")
    return tuple(value)


def _int(name: str, key: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(name, f"{key} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _parse_k(name: str, value: Any, algorithm: str) -> KConfig:
    if isinstance(value, int) and not isinstance(value, bool):
        return KConfig(fixed=_int(name, "k", value, 2), rule="fixed")
    if not isinstance(value, dict):
        raise _fail(name, f"k must be an integer or {{min, max, rule}}, got {value!r}")
    unknown = set(value) - {"min", "max", "rule"}
    if unknown:
        raise _fail(name, f"unknown key(s) under k: {sorted(unknown)}")
    k_min = _int(name, "k.min", value.get("min"), 2)
    k_max = _int(name, "k.max", value.get("max"), 2)
    if k_max < k_min:
        raise _fail(name, f"k.max ({k_max}) is below k.min ({k_min})")
    rule = value.get("rule", "silhouette")
    if rule not in RULES:
        raise _fail(name, f"k.rule must be one of {RULES}, got {rule!r}")
    if rule == "bic" and algorithm != "gaussian_mixture":
        raise _fail(name, "k.rule 'bic' needs algorithm 'gaussian_mixture'")
    if rule == "elbow" and k_max - k_min < 2:
        raise _fail(name, "k.rule 'elbow' needs at least three candidate k values")
    return KConfig(min=k_min, max=k_max, rule=rule)


def _parse_preprocessing(name: str, value: Any) -> PreprocessingConfig:
    if value is None:
        return PreprocessingConfig()
    if not isinstance(value, dict):
        raise _fail(name, f"preprocessing must be a mapping, got {value!r}")
    unknown = set(value) - _PREPROCESSING_KEYS
    if unknown:
        raise _fail(name, f"unknown key(s) under preprocessing: {sorted(unknown)}")
    fill = value.get("fill") or {}
    if not isinstance(fill, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in fill.values()
    ):
        raise _fail(name, f"preprocessing.fill must map column -> number, got {fill!r}")
    missing = value.get("missing", "median")
    if missing not in MISSING_POLICIES:
        raise _fail(name, f"preprocessing.missing must be one of {MISSING_POLICIES}, got {missing!r}")
    clip_value = value.get("clip_quantiles")
    clip = ClipConfig()
    if clip_value is not None:
        if not isinstance(clip_value, dict) or set(clip_value) - {"columns", "lower", "upper"}:
            raise _fail(
                name, f"preprocessing.clip_quantiles must be {{columns, lower, upper}}: {clip_value!r}"
            )
        lower = float(clip_value.get("lower", 0.01))
        upper = float(clip_value.get("upper", 0.99))
        if not 0.0 <= lower < upper <= 1.0:
            raise _fail(name, f"clip_quantiles needs 0 <= lower < upper <= 1, got {lower}, {upper}")
        clip = ClipConfig(
            columns=_str_list(name, "clip_quantiles.columns", clip_value.get("columns")),
            lower=lower,
            upper=upper,
        )
    scaler = value.get("scaler", "standard")
    if scaler not in SCALERS:
        raise _fail(name, f"preprocessing.scaler must be one of {SCALERS}, got {scaler!r}")
    return PreprocessingConfig(
        fill={str(k): float(v) for k, v in fill.items()},
        missing=missing,
        log1p=_str_list(name, "preprocessing.log1p", value.get("log1p")),
        clip_quantiles=clip,
        one_hot=_str_list(name, "preprocessing.one_hot", value.get("one_hot")),
        scaler=scaler,
    )


def _parse_ranking(name: str, value: Any) -> RankingConfig | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"columns", "codes", "code_prefix"}:
        raise _fail(name, f"ranking must be {{columns, codes, code_prefix}}, got {value!r}")
    columns = _str_list(name, "ranking.columns", value.get("columns"))
    if not columns:
        raise _fail(name, "ranking.columns must list at least one column")
    codes_value = value.get("codes", "rank")
    prefix = value.get("code_prefix", "")
    if not isinstance(prefix, str):
        raise _fail(name, f"ranking.code_prefix must be text, got {prefix!r}")
    if isinstance(codes_value, str):
        if codes_value not in CODE_RULES:
            raise _fail(name, f"ranking.codes must be a list of codes or one of {CODE_RULES}")
        return RankingConfig(columns=columns, code_rule=codes_value, code_prefix=prefix)
    codes = _str_list(name, "ranking.codes", codes_value)
    if len(set(codes)) != len(codes):
        raise _fail(name, f"ranking.codes has duplicates: {list(codes)}")
    return RankingConfig(columns=columns, codes=codes, code_prefix=prefix)


def _parse_naming(name: str, value: Any) -> NamingConfig:
    if value is None:
        return NamingConfig()
    keys = {"labels", "categories", "max_terms", "min_std_difference", "separator"}
    if not isinstance(value, dict) or set(value) - keys:
        raise _fail(name, f"naming must be {{{', '.join(sorted(keys))}}}: {value!r}")
    labels: dict[str, tuple[str, str | None]] = {}
    for feature, label in (value.get("labels") or {}).items():
        if isinstance(label, str):
            # One string labels the 'above' side; "" keeps the feature out of names on both sides.
            labels[feature] = (label, "" if label == "" else None)
        elif isinstance(label, list | tuple) and len(label) == 2 and all(isinstance(x, str) for x in label):
            labels[feature] = (label[0], label[1])
        else:
            raise _fail(name, f"naming.labels.{feature} must be a string or [above, below], got {label!r}")
    raw_categories = value.get("categories") or {}
    if not isinstance(raw_categories, dict):
        raise _fail(name, f"naming.categories must map a category to its 0/1 columns, got {raw_categories!r}")
    categories = {
        str(category): _str_list(name, f"naming.categories.{category}", columns)
        for category, columns in raw_categories.items()
    }
    return NamingConfig(
        labels=labels,
        categories=categories,
        max_terms=_int(name, "naming.max_terms", value.get("max_terms", 3), 1),
        min_std_difference=float(value.get("min_std_difference", 0.5)),
        separator=str(value.get("separator", " · ")),
    )


def parse_config(raw: dict[str, Any], default_name: str) -> SegmentationConfig:
    """Validate a ``meta.segmentation`` mapping; ``default_name`` is the model name without ``seg_``."""
    if not isinstance(raw, dict):
        raise SegmentationConfigError(
            f"segmentation {default_name!r}: config.meta.segmentation must be a mapping, got {raw!r}"
        )
    name = raw.get("name", default_name)
    if not isinstance(name, str) or not name:
        raise SegmentationConfigError(f"segmentation {default_name!r}: name must be non-empty text")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise _fail(name, f"unknown key(s): {sorted(unknown)} (known: {sorted(_TOP_KEYS)})")
    entity_id = raw.get("entity_id")
    if not isinstance(entity_id, str) or not entity_id:
        raise _fail(name, "entity_id (the id column of the features relation) is required")
    preprocessing = _parse_preprocessing(name, raw.get("preprocessing"))
    features = _str_list(name, "features", raw.get("features"))
    if not features and not preprocessing.one_hot:
        raise _fail(name, "features must list at least one column (or preprocessing.one_hot one)")
    if len(set(features)) != len(features):
        raise _fail(name, f"features has duplicates: {list(features)}")
    algorithm = raw.get("algorithm", "kmeans")
    if algorithm not in ALGORITHMS:
        raise _fail(name, f"algorithm must be one of {ALGORITHMS}, got {algorithm!r}")
    if "k" not in raw:
        raise _fail(name, "k is required (an integer, or {min, max, rule})")
    k = _parse_k(name, raw["k"], algorithm)
    where = raw.get("where")
    if where is not None and (not isinstance(where, str) or not where.strip()):
        raise _fail(name, f"where must be a SQL boolean expression, got {where!r}")
    derived = raw.get("derived_columns") or {}
    if not isinstance(derived, dict) or not all(isinstance(v, str) for v in derived.values()):
        raise _fail(name, f"derived_columns must map column -> SQL expression, got {derived!r}")
    sweep_sample = raw.get("sweep_sample_size")
    final_n_init = raw.get("final_n_init")
    silhouette_sample = raw.get("silhouette_sample_size")
    n_init = _int(name, "n_init", raw.get("n_init", 10), 1)
    max_restarts = _int(name, "max_restarts", raw.get("max_restarts", 100), 1)
    if max_restarts < n_init:
        raise _fail(name, f"max_restarts ({max_restarts}) is below n_init ({n_init})")
    match_max = raw.get("match_max_distance")
    if match_max is not None and (not isinstance(match_max, int | float) or match_max <= 0):
        raise _fail(name, f"match_max_distance must be a positive number, got {match_max!r}")
    transformed = (
        set(preprocessing.log1p) | set(preprocessing.clip_quantiles.columns) | set(preprocessing.fill)
    )
    pca_components = _int(name, "pca_components", raw.get("pca_components", 0), 0)
    plots = raw.get("plots", False)
    if not isinstance(plots, bool):
        raise _fail(name, f"plots must be true or false, got {plots!r}")
    if plots and pca_components < 2:
        raise _fail(name, "plots: true needs pca_components >= 2 (the scatter plot uses pca_1 and pca_2)")
    stray = transformed - set(features)
    if stray:
        raise _fail(name, f"preprocessing names columns that are not features: {sorted(stray)}")
    return SegmentationConfig(
        name=name,
        entity_id=entity_id,
        features=features,
        k=k,
        algorithm=algorithm,
        preprocessing=preprocessing,
        where=where,
        profile_columns=_str_list(name, "profile_columns", raw.get("profile_columns")),
        n_init=n_init,
        final_n_init=None if final_n_init is None else _int(name, "final_n_init", final_n_init, 1),
        max_restarts=max_restarts,
        restart_patience=_int(name, "restart_patience", raw.get("restart_patience", 20), 1),
        restart_row_budget=None
        if raw.get("restart_row_budget") is None
        else _int(name, "restart_row_budget", raw["restart_row_budget"], 0),
        random_seed=_int(name, "random_seed", raw.get("random_seed", 42), 0),
        sample_size=_int(name, "sample_size", raw.get("sample_size", 10_000), 100),
        silhouette_sample_size=None
        if silhouette_sample is None
        else _int(name, "silhouette_sample_size", silhouette_sample, 100),
        sweep_sample_size=None
        if sweep_sample is None
        else _int(name, "sweep_sample_size", sweep_sample, 100),
        pca_components=pca_components,
        passthrough=_str_list(name, "passthrough", raw.get("passthrough")),
        derived_columns={str(k): v for k, v in derived.items()},
        ranking=_parse_ranking(name, raw.get("ranking")),
        naming=_parse_naming(name, raw.get("naming")),
        match_max_distance=None if match_max is None else float(match_max),
        plots=plots,
    )
