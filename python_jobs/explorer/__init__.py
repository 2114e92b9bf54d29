"""The segment explorer (``make explore``): a Streamlit app over the published warehouse, and the queries
it shares with the self-contained HTML report."""
