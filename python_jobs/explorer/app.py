"""The segment explorer: ``make explore`` serves this Streamlit app on localhost.

It reads the published warehouse (``paths.warehouse_path()``, or ``EXPLORER_WAREHOUSE``) read-only and
opens a new connection on every rerun: it never holds the file between interactions, and the page shows a
new publication as soon as one lands. Every number comes from ``python_jobs.explorer.queries``.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from python_jobs.explorer import queries
from python_jobs.paths import warehouse_path

PAGES = ("Overview", "Personas", "Model", "Moves", "Lookup", "Audiences")


def warehouse() -> Path:
    configured = os.environ.get("EXPLORER_WAREHOUSE")
    return Path(configured) if configured else warehouse_path()


def overview(connection: duckdb.DuckDBPyConnection, found: list[queries.Segmentation]) -> None:
    st.header("Overview")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "segmentation": item.table,
                    "entities": item.entities,
                    "segments": item.segments,
                    "run id": item.run_id or "",
                    "validation": item.validation_status,
                }
                for item in found
            ]
        ),
        hide_index=True,
    )
    for item in found:
        sizes = queries.segment_sizes(connection, item.table)
        st.subheader(item.table)
        st.bar_chart(sizes.set_index("segment_name")["entities"], horizontal=True)


def lift_frame(items: tuple[queries.FeatureLift, ...], title: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                title: item.feature,
                "segment": item.mean,
                "everyone": item.population_mean,
                "lift": queries.lift_label(item.lift),
            }
            for item in items
        ]
    )


def personas(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    st.header(f"Personas · {table}")
    for persona in queries.personas(connection, table):
        with st.container(border=True):
            st.markdown(f"**{persona.segment_name}** · `{persona.segment_code}`")
            st.caption(f"{persona.entities:,} members · {persona.share:.1%} of the segmentation")
            st.info(persona.marketing_action or "No marketing action set for this segment.")
            for items, title in ((persona.features, "sets it apart"), (persona.outcomes, "outcomes")):
                if items:
                    st.dataframe(lift_frame(items, title), hide_index=True)


def model(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    st.header(f"Model · {table}")
    sweep = queries.k_selection(connection, table)
    if sweep is None:
        st.write("A rule segmentation: its segments come from documented rules, not from a k sweep.")
    else:
        chosen = sweep.loc[sweep["is_chosen"].astype(bool), "k"]
        st.write(f"k chosen: **{int(chosen.iloc[0])}** by rule `{sweep['rule'].iloc[0]}`")
        metrics = [column for column in ("inertia", "silhouette", "calinski_harabasz") if column in sweep]
        for metric in metrics:
            st.line_chart(sweep.set_index("k")[metric], y_label=metric)
    profiles = [persona for persona in queries.personas(connection, table) if persona.features]
    if profiles:
        st.subheader("Lift of the features that set each segment apart")
        lifts = pd.DataFrame(
            [
                {"segment": persona.segment_name, "feature": item.feature, "lift": item.lift}
                for persona in profiles
                for item in persona.features
            ]
        ).pivot_table(index="segment", columns="feature", values="lift")
        st.dataframe(lifts)


def moves(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    st.header(f"Moves · {table}")
    events = queries.moves(connection, table)
    if events is None:
        st.warning(f"No membership history for {table} in this warehouse yet.")
    elif events.empty:
        st.write("No one entered or left a segment in the published runs.")
    else:
        st.dataframe(events, hide_index=True)


def lookup(connection: duckdb.DuckDBPyConnection) -> None:
    st.header("Lookup")
    entity_id = st.text_input("An id (contact, learner, user, fan week)")
    if entity_id:
        found = queries.lookup(connection, entity_id.strip())
        if found.empty:
            st.write(f"`{entity_id}` is in no segment.")
        else:
            st.dataframe(found, hide_index=True)


def audiences(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    st.header(f"Audiences · {table}")
    for row in queries.segment_sizes(connection, table).itertuples(index=False):
        ids = queries.audience(connection, table, str(row.segment_code))
        st.download_button(
            f"{row.segment_name} ({row.entities:,} ids)",
            ids.to_csv(index=False),
            file_name=f"{table}__{row.segment_code}.csv",
            mime="text/csv",
            key=f"download-{table}-{row.segment_code}",
        )


def main() -> None:
    st.set_page_config(page_title="Audience segments", layout="wide")
    path = warehouse()
    st.sidebar.title("Audience segments")
    if not path.is_file():
        st.error(f"No published warehouse at {path}: run `make run` first.")
        return
    with duckdb.connect(str(path), read_only=True) as connection:
        found = queries.segmentations(connection)
        if not found:
            st.error(f"{path} holds no segment tables.")
            return
        page = st.sidebar.radio("Page", PAGES)
        table = st.sidebar.selectbox("Segmentation", [item.table for item in found])
        st.sidebar.caption(str(path))
        if page == "Overview":
            overview(connection, found)
        elif page == "Personas":
            personas(connection, table)
        elif page == "Model":
            model(connection, table)
        elif page == "Moves":
            moves(connection, table)
        elif page == "Lookup":
            lookup(connection)
        else:
            audiences(connection, table)


# `streamlit run` (and Streamlit's AppTest) execute the file as __main__; importing it draws nothing.
if __name__ == "__main__":
    main()
