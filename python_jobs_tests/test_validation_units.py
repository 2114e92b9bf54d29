"""Pure parts of the validation job: manifest parsing, expectation building, result flattening."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from python_jobs.segmentation import contract
from python_jobs.validation.cli import single_database, summary_lines
from python_jobs.validation.manifest import ConfigError, Relation, segment_models, validation_block
from python_jobs.validation.results import (
    ExpectationOutcome,
    SuiteOutcome,
    exception_messages,
    outcome_from_result,
    plain,
    results_table,
)
from python_jobs.validation.runner import expectation_config
from python_jobs.validation.suites import (
    CENTROIDS,
    CHOSEN_COLUMN,
    K_SELECTION,
    PROFILES,
    SCALER,
    SHARE_COLUMN,
    SIZE_COLUMN,
    segment_expectations,
)


def node(name: str, package: str = "proj", **fields: Any) -> dict[str, Any]:
    base = {
        "unique_id": f"model.{package}.{name}",
        "resource_type": "model",
        "package_name": package,
        "name": name,
        "database": "audience",
        "schema": "marts",
        "alias": name,
        "config": {"meta": {}},
        "meta": {},
    }
    return base | fields


def manifest(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {"nodes": {n["unique_id"]: n for n in nodes}}


VALID = {"id_column": "contact_id", "allowed_codes": ["1A", "1B"], "cohort": {"model": "fct_x"}}


def test_relations_come_from_the_manifest_alias_and_schema() -> None:
    seg = node("seg_x", alias="seg_x_v2", schema="marts_dev", config={"meta": {"validation": VALID}})
    cohort = node("fct_x", database="other_name", schema="marts_dev")
    [model] = segment_models(manifest(seg, cohort))
    assert model.relation == Relation("audience", "marts_dev", "seg_x_v2")
    assert model.relation.sql == '"audience"."marts_dev"."seg_x_v2"'
    assert model.relation.sibling("__profiles").identifier == "seg_x_v2__profiles"
    assert model.cohort.relation == Relation("other_name", "marts_dev", "fct_x")
    assert model.cohort.where is None
    assert model.allowed_codes == ("1A", "1B")


def test_config_meta_wins_over_legacy_meta_and_other_nodes_are_ignored() -> None:
    legacy = {**VALID, "id_column": "legacy_id"}
    seg = node("seg_x", config={"meta": {"validation": VALID}}, meta={"validation": legacy})
    only_legacy = node("seg_y", meta={"validation": legacy})
    seed = node("seg_seed", resource_type="seed", config={"meta": {"validation": VALID}})
    found = segment_models(manifest(seg, only_legacy, seed, node("fct_x")))
    assert [(m.name, m.id_column) for m in found] == [("seg_x", "contact_id"), ("seg_y", "legacy_id")]
    assert validation_block(node("plain")) is None


def test_cohort_prefers_same_package_and_rejects_ambiguity() -> None:
    seg = node("seg_x", config={"meta": {"validation": VALID}})
    ours, theirs = node("fct_x"), node("fct_x", package="other", schema="elsewhere")
    [model] = segment_models(manifest(seg, ours, theirs))
    assert model.cohort.relation.schema == "marts"
    foreign = node("seg_x", package="third", config={"meta": {"validation": VALID}})
    with pytest.raises(ConfigError, match="ambiguous"):
        segment_models(manifest(foreign, ours, theirs))


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("contact_id", "expected a mapping"),
        ({**VALID, "allowed_codes": []}, "non-empty list of strings"),
        ({**VALID, "allowed_codes": ["1A", "1A"]}, "duplicate codes"),
        ({**VALID, "allowed_codes": "1A"}, "non-empty list of strings"),
        ({**VALID, "cohort": "fct_x"}, "cohort: required"),
        ({**VALID, "cohort": {"model": "fct_x", "filter": "x"}}, r"unknown key\(s\) \['filter'\]"),
        ({**VALID, "cohort": {"model": "fct_x", "where": " "}}, "SQL predicate"),
        ({**VALID, "id_column": ""}, "id_column: required"),
    ],
)
def test_bad_blocks_name_model_and_key(block: Any, message: str) -> None:
    seg = node("seg_x", config={"meta": {"validation": block}})
    with pytest.raises(ConfigError, match=message) as raised:
        segment_models(manifest(seg, node("fct_x")))
    assert "model.proj.seg_x meta.validation" in str(raised.value)


def test_select_filters_and_rejects_unknown_names() -> None:
    nodes = [node(n, config={"meta": {"validation": VALID}}) for n in ("seg_b", "seg_a")]
    found = manifest(*nodes, node("fct_x"))
    assert [m.name for m in segment_models(found)] == ["seg_a", "seg_b"]
    assert [m.name for m in segment_models(found, ["seg_b"])] == ["seg_b"]
    with pytest.raises(ConfigError, match="seg_c"):
        segment_models(found, ["seg_c"])


def test_single_database() -> None:
    seg = node("seg_x", config={"meta": {"validation": VALID}})
    assert single_database(segment_models(manifest(seg, node("fct_x")))) == "audience"
    split = segment_models(manifest(seg, node("fct_x", database="elsewhere")))
    with pytest.raises(ConfigError, match="several databases"):
        single_database(split)


def test_segment_expectations_cover_the_contract() -> None:
    expectations = segment_expectations("contact_id", ["2A", "2Z"], 42, "42 rows of fct_x")
    described = [(e.expectation_type, getattr(e, "column", None)) for e in expectations]
    assert described == [
        ("expect_column_values_to_not_be_null", "contact_id"),
        ("expect_column_values_to_be_unique", "contact_id"),
        ("expect_column_values_to_not_be_null", "segment_code"),
        ("expect_column_values_to_be_in_set", "segment_code"),
        ("expect_column_distinct_values_to_contain_set", "segment_code"),
        ("expect_table_row_count_to_equal", None),
        ("expect_column_values_to_not_be_null", "segment_name"),
        ("expect_column_values_to_not_be_null", "marketing_action"),
    ]
    assert expectations[5].configuration.kwargs == {"value": 42}
    assert expectations[3].configuration.kwargs["value_set"] == ["2A", "2Z"]


def test_side_table_names_are_the_engine_contract() -> None:
    assert tuple(
        side.suffix for side in (contract.PROFILES, contract.CENTROIDS, contract.SCALER, contract.K_SELECTION)
    ) == (PROFILES, CENTROIDS, SCALER, K_SELECTION)
    assert (SIZE_COLUMN, SHARE_COLUMN, CHOSEN_COLUMN) == ("n", "share", "is_chosen")


def test_plain_makes_json_safe_values() -> None:
    value = {"a": [np.int64(3), np.float64("nan"), pd.NA, 1.5, True], "b": np.bool_(False), 7: None}
    assert plain(value) == {"a": [3, None, None, 1.5, True], "b": False, "7": None}
    assert math.isfinite(plain(np.float64(2.5)))
    assert plain([Decimal("0.25"), datetime(2026, 1, 2, tzinfo=UTC)]) == [0.25, "2026-01-02T00:00:00+00:00"]


def test_outcome_from_result_reads_ge_shapes() -> None:
    unexpected = outcome_from_result(
        "seg_x",
        "seg_x",
        "audience.marts.seg_x",
        "expect_column_values_to_be_unique",
        {"column": "contact_id", "batch_id": "warehouse-seg_x"},
        False,
        {
            "unexpected_count": 2,
            "partial_unexpected_list": [np.int64(3), np.int64(3)],
            "observed_value": None,
        },
        {"raised_exception": False, "exception_message": None},
    )
    assert unexpected.kwargs == {"column": "contact_id"}
    assert unexpected.observed_value == {"unexpected_sample": [3, 3]}
    assert unexpected.unexpected_count == 2
    assert unexpected.message is None
    assert unexpected.describe().startswith(
        "seg_x: expect_column_values_to_be_unique(contact_id) | 2 unexpected"
    )

    missing = outcome_from_result(
        "seg_x",
        "seg_x",
        "t",
        "expect_column_distinct_values_to_contain_set",
        {"column": "segment_code", "value_set": ["2A", "2B"]},
        False,
        {"observed_value": None, "missing_count": 1, "partial_missing_list": ["2B"]},
        {},
    )
    assert (missing.observed_value, missing.unexpected_count) == ({"missing": ["2B"]}, 1)


def test_exception_messages_flat_and_nested() -> None:
    nested = {
        "metric-1": {"raised_exception": True, "exception_message": "column x missing"},
        "metric-2": {"raised_exception": True, "exception_message": "column x missing"},
    }
    assert exception_messages(nested) == ["column x missing", "column x missing"]
    assert exception_messages({"raised_exception": False, "exception_message": "ignored"}) == []
    assert exception_messages(None) == []


def test_results_table_one_row_per_expectation() -> None:
    outcome = ExpectationOutcome("s", "m", "db.marts.s", "expect_x", "c", {"value": 1}, False, 2, None, None)
    other = ExpectationOutcome("s", "m", "db.marts.s", "expect_y", None, {}, True, None, None, "why")
    suites = [SuiteOutcome("s", "m", "db.marts.s", (outcome, other))]
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    table = results_table("run-1", when, suites)
    rows = table.to_pylist()
    assert [r["expectation_type"] for r in rows] == ["expect_x", "expect_y"]
    assert rows[0]["run_id"] == "run-1"
    assert rows[0]["validated_at"] == when
    assert json.loads(rows[0]["kwargs_json"]) == {"value": 1}
    assert (rows[0]["observed_value"], rows[1]["observed_value"]) == ("2", None)
    assert rows[1]["exception_message"] == "why"
    assert not suites[0].success
    assert summary_lines(suites) == ["suite  expectations  failed", "s                 2       1"]


def test_a_result_without_its_expectation_is_a_clear_error() -> None:
    configured = SimpleNamespace(expectation_config=SimpleNamespace(id="e1"))
    assert expectation_config("seg_x", configured).id == "e1"
    with pytest.raises(RuntimeError, match=r"suite seg_x: .* without its expectation"):
        expectation_config("seg_x", SimpleNamespace(expectation_config=None))
