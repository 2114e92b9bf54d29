"""Stand-in for dbt's ``adapter`` object when sqlfluff renders models with its jinja templater.

Dispatched macros render to a neutral SQL expression so the surrounding SQL can be linted without a
database connection; the real SQL is what dbt compiles.
"""


def dispatch(macro_name, macro_namespace=None):
    def render(*args, **kwargs):
        return "null"

    return render


def quote(identifier):
    return '"' + str(identifier) + '"'
