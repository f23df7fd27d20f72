"""The OpenAPI description of the JSON API (/api/openapi.json).

- document.py: the paths and the answers' schemas, derived from their dataclasses;
- parameters.py: the query parameters each endpoint takes.
"""

from webapp.openapi.document import openapi_document

__all__ = ["openapi_document"]
