"""One row per model × metric: next-week superfan random forest (and persistence baseline), time split."""

import pandas as pd

from python_jobs.engagement.superfan import evaluate_superfan_classifier, superfan_config_from_meta


def model(dbt, session):
    dbt.config(materialized="table")
    config = superfan_config_from_meta(dbt.config.get("meta"), str(dbt.this.identifier))
    columns = [config.week_column, config.label_column, *config.feature_columns]
    if config.current_label_column is not None:
        columns.append(config.current_label_column)
    rows = dbt.ref("int_facebook_superfan_training_rows").project(", ".join(dict.fromkeys(columns))).df()
    metrics = evaluate_superfan_classifier(rows, config)
    for column in ("train_first_week", "train_last_week", "test_first_week", "test_last_week"):
        metrics[column] = pd.to_datetime(metrics[column]).dt.date
    return metrics
