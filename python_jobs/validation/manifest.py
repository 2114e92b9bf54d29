"""Which tables to validate and against what: read from dbt's ``manifest.json``, never guessed.

A model takes part when its ``config.meta.validation`` (or legacy top-level ``meta.validation``) block
exists. The block is checked strictly so that a typo fails loudly instead of silently weakening a suite::

    meta:
      validation:
        id_column: contact_id                       # required
        allowed_codes: ["2A", "2B", "2Z"]           # every code the table may hold; optional when the
                                                    # table is engine-built (its profiles list them)
        cohort:                                     # required
          model: feat_hubspot_contacts              # a model in the same manifest
          where: "is_apreu_owner"                   # optional SQL predicate on that model
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_jobs.sql_names import qualified_name

VALIDATION_KEYS = frozenset({"id_column", "allowed_codes", "cohort"})
COHORT_KEYS = frozenset({"model", "where"})


class ConfigError(Exception):
    """The manifest, a ``meta.validation`` block or the command line cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Relation:
    """A warehouse relation exactly as dbt resolved it (database, schema, alias)."""

    database: str
    schema: str
    identifier: str

    @property
    def sql(self) -> str:
        return qualified_name(self.database, self.schema, self.identifier)

    @property
    def display(self) -> str:
        return f"{self.database}.{self.schema}.{self.identifier}"

    def sibling(self, suffix: str) -> Relation:
        """A side table written next to this one, e.g. ``<model>__profiles``."""
        return Relation(self.database, self.schema, f"{self.identifier}{suffix}")


@dataclass(frozen=True)
class Cohort:
    model: str
    relation: Relation
    where: str | None


@dataclass(frozen=True)
class SegmentModel:
    """One segment model to validate, as declared in its ``meta.validation`` block."""

    name: str
    unique_id: str
    relation: Relation
    id_column: str
    allowed_codes: tuple[str, ...] | None
    cohort: Cohort


def load_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(
            f"dbt manifest not found at {path}: run `dbt build` (or `dbt parse`) first, "
            "or point DBT_TARGET_PATH / --manifest at the right target folder"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ConfigError(f"cannot read dbt manifest {path}: {error}") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("nodes"), dict):
        raise ConfigError(f"{path} is not a dbt manifest (no 'nodes' mapping)")
    return manifest


def node_relation(node: Mapping[str, Any]) -> Relation:
    identifier = node.get("alias") or node.get("name")
    database, schema = node.get("database"), node.get("schema")
    if not (isinstance(database, str) and isinstance(schema, str) and isinstance(identifier, str)):
        raise ConfigError(f"manifest node {node.get('unique_id')} has no database/schema/alias")
    return Relation(database, schema, identifier)


def validation_block(node: Mapping[str, Any]) -> Any | None:
    """The node's ``validation`` meta block: ``config.meta`` first, then the legacy top-level ``meta``."""
    for meta in ((node.get("config") or {}).get("meta"), node.get("meta")):
        if isinstance(meta, Mapping) and meta.get("validation") is not None:
            return meta["validation"]
    return None


def _models_by_name(manifest: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    models: dict[str, list[Mapping[str, Any]]] = {}
    for node in manifest["nodes"].values():
        if node.get("resource_type") == "model":
            models.setdefault(node["name"], []).append(node)
    return models


def _resolve_model(
    models: Mapping[str, list[Mapping[str, Any]]], name: str, package: str | None, where: str
) -> Mapping[str, Any]:
    candidates = models.get(name, [])
    same_package = [node for node in candidates if node.get("package_name") == package]
    if len(same_package) == 1:
        return same_package[0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ConfigError(f"{where}: cohort model '{name}' is not a model in the manifest")
    raise ConfigError(f"{where}: cohort model '{name}' is ambiguous ({len(candidates)} models of that name)")


def _reject_unknown_keys(where: str, block: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(block) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def parse_segment_model(
    node: Mapping[str, Any], block: Any, models: Mapping[str, list[Mapping[str, Any]]]
) -> SegmentModel:
    """Check one ``meta.validation`` block and resolve its relations; errors name the model and key."""
    where = f"model {node['unique_id']} meta.validation"
    if not isinstance(block, Mapping):
        raise ConfigError(f"{where}: expected a mapping, got {type(block).__name__}")
    _reject_unknown_keys(where, block, VALIDATION_KEYS)

    id_column = block.get("id_column")
    if not isinstance(id_column, str) or not id_column.strip():
        raise ConfigError(f"{where}.id_column: required, a column name")

    allowed = block.get("allowed_codes")
    allowed_codes: tuple[str, ...] | None = None
    if allowed is not None:
        if not isinstance(allowed, list) or not allowed or not all(isinstance(c, str) for c in allowed):
            raise ConfigError(f"{where}.allowed_codes: expected a non-empty list of strings, got {allowed!r}")
        if len(set(allowed)) != len(allowed):
            raise ConfigError(f"{where}.allowed_codes: duplicate codes in {allowed!r}")
        allowed_codes = tuple(allowed)

    cohort_block = block.get("cohort")
    if not isinstance(cohort_block, Mapping):
        raise ConfigError(f"{where}.cohort: required, a mapping with 'model' and optional 'where'")
    _reject_unknown_keys(f"{where}.cohort", cohort_block, COHORT_KEYS)
    cohort_model = cohort_block.get("model")
    if not isinstance(cohort_model, str) or not cohort_model:
        raise ConfigError(f"{where}.cohort.model: required, the name of a model")
    predicate = cohort_block.get("where")
    if predicate is not None and (not isinstance(predicate, str) or not predicate.strip()):
        raise ConfigError(f"{where}.cohort.where: expected a SQL predicate string, got {predicate!r}")
    cohort_node = _resolve_model(models, cohort_model, node.get("package_name"), where)

    return SegmentModel(
        name=node["name"],
        unique_id=node["unique_id"],
        relation=node_relation(node),
        id_column=id_column,
        allowed_codes=allowed_codes,
        cohort=Cohort(model=cohort_model, relation=node_relation(cohort_node), where=predicate),
    )


def segment_models(manifest: Mapping[str, Any], select: Iterable[str] | None = None) -> list[SegmentModel]:
    """Every model with a ``meta.validation`` block, sorted by name; ``select`` limits to those names."""
    models = _models_by_name(manifest)
    found = [
        parse_segment_model(node, block, models)
        for node in manifest["nodes"].values()
        if node.get("resource_type") == "model" and (block := validation_block(node)) is not None
    ]
    found.sort(key=lambda model: model.name)
    if select is None:
        return found
    wanted = set(select)
    missing = sorted(wanted - {model.name for model in found})
    if missing:
        raise ConfigError(f"--select: no model with meta.validation named {missing}")
    return [model for model in found if model.name in wanted]
