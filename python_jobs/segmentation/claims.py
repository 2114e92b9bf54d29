"""Whether a segment's profile supports what a name says about it.

A name makes claims through the naming vocabulary (``naming.labels``): a categorical value (a 0/1 feature
such as a channel, a region or a platform) claims that value is the segment's majority; values of one
category named together (``Google-YouTube Mix``) claim that together they are; a numeric feature's
``above`` / ``below`` term claims that direction by at least ``naming.min_std_difference`` population
standard deviations. The same rule decides the terms of profile-derived names and whether a labels-seed
name may replace one (README "Names and actions").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from python_jobs.segmentation.config import NamingConfig

# More than this share of a segment must hold a claimed categorical value.
MAJORITY = 0.5


@dataclass(frozen=True)
class SegmentProfile:
    """One segment's profile: mean (original units; a 0/1 feature's mean is its share) and std difference
    per profiled column."""

    means: dict[str, float]
    std_differences: dict[str, float]


@dataclass(frozen=True)
class Claim:
    """What a name asserts: ``features`` (values of one category) hold the majority, or one numeric
    feature lies in ``direction`` (+1 above, -1 below) of the population."""

    term: str
    features: tuple[str, ...]
    direction: int = 1
    categorical: bool = True


def segment_profiles(profiles: pd.DataFrame) -> dict[int, SegmentProfile]:
    """The profile table (one row per segment x profiled column) by segment."""
    result: dict[int, SegmentProfile] = {}
    for segment_id, group in profiles.groupby("segment_id"):
        result[int(segment_id)] = SegmentProfile(
            means=dict(zip(group["feature"], group["mean"].astype("float64"), strict=True)),
            std_differences=dict(
                zip(group["feature"], group["std_difference"].astype("float64"), strict=True)
            ),
        )
    return result


def categories(naming: NamingConfig, scaler: pd.DataFrame, binary: set[str]) -> dict[str, str]:
    """The category of every 0/1 profiled column: ``naming.categories``, one-hot dummies by their source
    column, any other 0/1 column its own category."""
    result = {feature: feature for feature in binary}
    one_hot = scaler[scaler["feature_kind"] == "one_hot"]
    result.update(zip(one_hot["feature"], one_hot["source_column"], strict=True))
    for category, features in naming.categories.items():
        result.update(dict.fromkeys(features, category))
    return result


def failure(
    claim: Claim, profile: SegmentProfile, naming: NamingConfig, category_of: dict[str, str]
) -> str | None:
    """Why ``profile`` does not support ``claim`` (None when it does)."""
    if claim.categorical:
        share = sum(profile.means.get(feature, 0.0) for feature in claim.features)
        if share > MAJORITY:
            return None
        category = category_of.get(claim.features[0], claim.features[0])
        siblings = [feature for feature, owner in category_of.items() if owner == category]
        leader = max(siblings, key=lambda feature: profile.means.get(feature, 0.0), default=None)
        found = f"{share:.0%} of the segment"
        if leader is not None and leader not in claim.features:
            found += f"; its largest {category} value is {leader} ({profile.means.get(leader, 0.0):.0%})"
        return f"{claim.term!r} claims {' + '.join(claim.features)} is the majority, but it is {found}"
    difference = profile.std_differences.get(claim.features[0], float("nan"))
    side = "above" if claim.direction > 0 else "below"
    if pd.notna(difference) and claim.direction * difference >= naming.min_std_difference:
        return None
    return (
        f"{claim.term!r} claims {claim.features[0]} is {side} the population by at least "
        f"{naming.min_std_difference} std, but the difference is {difference:+.2f} std"
    )


def claims_in(text: str, naming: NamingConfig, binary: set[str], category_of: dict[str, str]) -> list[Claim]:
    """The claims a free-text name makes through the vocabulary: every term it contains as a whole word
    (case-insensitive); categorical values of one category named together make one joint claim."""
    found: list[tuple[str, str, int]] = []
    for feature, (above, below) in naming.labels.items():
        for term, direction in ((above, 1), (below, -1)):
            if term and not (feature in binary and direction < 0) and _contains(text, term):
                found.append((term, feature, direction))
    claims: list[Claim] = []
    joint: dict[str, list[tuple[str, str]]] = {}
    for term, feature, direction in found:
        if feature in binary:
            joint.setdefault(category_of.get(feature, feature), []).append((term, feature))
        else:
            claims.append(Claim(term, (feature,), direction, categorical=False))
    for members in joint.values():
        terms = "-".join(dict.fromkeys(term for term, _ in members))
        claims.append(Claim(terms, tuple(dict.fromkeys(feature for _, feature in members))))
    return claims


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE) is not None
