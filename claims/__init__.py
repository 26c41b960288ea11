"""claims: who said what about what, and when — claim and stance tracking in news.

The Python API is ``Project``; the ``claims`` command is a thin layer over it.
"""
__version__ = "0.1.0"  # before the imports: modules below read it while the package loads

from claims.errors import ClaimsError, Conflict, InputError, NotFound
from claims.project import IngestReport, Project
from claims.records import Actor, Article, Claim, Mention, Statement, Target

__all__ = [
    "Actor", "Article", "Claim", "ClaimsError", "Conflict", "IngestReport", "InputError", "Mention",
    "NotFound", "Project", "Statement", "Target", "__version__",
]
