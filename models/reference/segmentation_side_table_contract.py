"""One row per column of every table the segmentation engine writes (python_jobs.segmentation.contract)."""

from python_jobs.segmentation.contract import contract_frame


def model(dbt, session):
    return contract_frame()
