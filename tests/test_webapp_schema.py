"""The JSON API against its own OpenAPI document: generated requests, every response checked.

schemathesis reads /api/openapi.json from the app in-process and sends at least 300 generated
requests per operation (valid ones, invalid ones, and the spec's examples of risky inputs).
Every response must match the documented status codes, content type and body schema; no
request may cause a server error; and every request the spec calls valid must be answered
with success. The one check left out is "invalid data must be rejected": in a query string
an empty value means "not given" (what an HTML form sends for an untouched field), which no
JSON Schema type for an integer or a list can say.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection

from corpus import samples_path
from indexer import reindex
from webapp.app import create_app

EXAMPLES_PER_OPERATION = 300


def _app_on_sample_index():
    # The schema is loaded when the module is imported (schemathesis parametrizes at collection),
    # so the index is built here rather than in a fixture.
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    reindex(folder / "index", [samples_path()])
    return create_app({"INDEX_DIR": str(folder / "index"), "TESTING": True})


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _app_on_sample_index())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_response_matches_the_spec(case):
    case.call_and_validate(excluded_checks=[negative_data_rejection])
