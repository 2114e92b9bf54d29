"""Stand-in for dbt's ``adapter`` object when sqlfluff renders models with its jinja templater.

Dispatched macros render to a neutral SQL expression so the surrounding SQL can be linted without a
database connection; the real SQL is what dbt compiles. Macros that render a whole optional clause
(``CLAUSE_MACROS``) render to nothing instead, which is what they give on adapters without the clause.
"""

CLAUSE_MACROS = frozenset({"order_rows_for_range_scans"})


def dispatch(macro_name, macro_namespace=None):
    def render(*args, **kwargs):
        return "" if macro_name in CLAUSE_MACROS else "null"

    return render


def quote(identifier):
    return '"' + str(identifier) + '"'
