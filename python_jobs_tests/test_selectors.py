"""selectors.yml: one selector per source and per segmentation, each selecting its own path (and tests only
when all they read is selected), plus `production`, the whole project without unit tests."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from python_jobs import dbt_cli
from python_jobs.paths import PROJECT_ROOT
from python_jobs.sources import SOURCES

CONTRACT_PATH = "models/reference/"
# Parses the project once and evaluates every selector against that manifest, in a process of its own (dbt
# keeps global state); prints the nodes and, per selector, the unique ids it selects.
SELECT_ALL = textwrap.dedent(
    """
    import json, sys
    import yaml
    from dbt.cli.main import dbtRunner
    parsed = dbtRunner().invoke(["-q", "parse"])
    assert parsed.success, parsed.exception
    manifest = parsed.result
    runner = dbtRunner(manifest=manifest)
    names = [s["name"] for s in yaml.safe_load(open("selectors.yml"))["selectors"]]
    selected = {}
    for name in names:
        listing = ["-q", "ls", "--selector", name, "--output", "json", "--output-keys", "unique_id"]
        result = runner.invoke(listing)
        assert result.success, (name, result.exception)
        selected[name] = [json.loads(line)["unique_id"] for line in result.result]
    nodes = {}
    for uid, node in {**manifest.nodes, **manifest.unit_tests}.items():
        nodes[uid] = {
            "name": node.name,
            "resource_type": str(node.resource_type),
            "path": node.original_file_path,
            "depends_on": list(getattr(node.depends_on, "nodes", [])),
        }
    print("RESULT " + json.dumps({"selected": selected, "nodes": nodes}))
    """
)


@pytest.fixture(scope="module")
def selections(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    env = dbt_cli.work_dir_env(tmp_path_factory.mktemp("selectors"))
    done = subprocess.run(
        [sys.executable, "-c", SELECT_ALL],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return result


def _segmentations(nodes: dict[str, Any]) -> set[str]:
    return {
        node["name"]
        for node in nodes.values()
        if node["resource_type"] == "model" and node["name"].startswith("seg_") and "__" not in node["name"]
    }


def _ancestors(nodes: dict[str, Any], uid: str) -> set[str]:
    seen: set[str] = set()
    todo = [uid]
    while todo:
        for parent in nodes.get(todo.pop(), {}).get("depends_on", []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_there_is_one_selector_per_source_and_per_segmentation(selections: dict[str, Any]) -> None:
    names = [
        selector["name"]
        for selector in yaml.safe_load(Path(PROJECT_ROOT / "selectors.yml").read_text())["selectors"]
    ]
    assert len(names) == len(set(names))
    expected = {"production"} | {spec.name for spec in SOURCES} | _segmentations(selections["nodes"])
    assert set(names) == expected


def test_every_selector_selects_models_and_tests(selections: dict[str, Any]) -> None:
    nodes = selections["nodes"]
    for name, selected in selections["selected"].items():
        kinds = {nodes[uid]["resource_type"] for uid in selected if uid in nodes}
        assert {"model", "test"} <= kinds, f"selector {name} selects {sorted(kinds) or 'nothing'}"


def test_a_source_selector_keeps_to_its_source(selections: dict[str, Any]) -> None:
    nodes = selections["nodes"]
    for spec in SOURCES:
        selected = set(selections["selected"][spec.name])
        built = {uid for uid in selected if uid.split(".")[0] in ("model", "seed")}
        for uid in built:
            path = nodes[uid]["path"]
            assert f"/{spec.name}/" in path or path.startswith(CONTRACT_PATH), f"{spec.name} selects {path}"
        segment_tables = {uid for uid in built if nodes[uid]["name"] in _segmentations(nodes)}
        assert segment_tables, f"selector {spec.name} builds no segment table"
        for uid in selected:
            if uid.startswith("test."):
                missing = set(nodes[uid]["depends_on"]) - selected
                assert not missing, f"{spec.name} runs {nodes[uid]['name']} without building {missing}"


def test_a_segmentation_selector_builds_its_table_with_what_it_reads(selections: dict[str, Any]) -> None:
    nodes = selections["nodes"]
    for segmentation in _segmentations(nodes):
        selected = set(selections["selected"][segmentation])
        (uid,) = [u for u, node in nodes.items() if node["name"] == segmentation and u.startswith("model.")]
        assert uid in selected
        upstream = {parent for parent in _ancestors(nodes, uid) if parent.split(".")[0] in ("model", "seed")}
        assert upstream <= selected, f"{segmentation} misses {upstream - selected}"
        descendants = {other for other in nodes if uid in _ancestors(nodes, other)}
        for other in selected:
            if other.split(".")[0] in ("model", "seed"):
                related = other in upstream | descendants | {uid} or nodes[other]["path"].startswith(
                    CONTRACT_PATH
                )
                assert related, f"{segmentation} selects the unrelated {nodes[other]['name']}"


def test_the_production_selector_is_everything_but_unit_tests(selections: dict[str, Any]) -> None:
    nodes = selections["nodes"]
    selected = set(selections["selected"]["production"])
    expected = {uid for uid, node in nodes.items() if node["resource_type"] in ("model", "seed", "test")}
    assert expected <= selected
    assert not any(uid.startswith("unit_test.") for uid in selected)
