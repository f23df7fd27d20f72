"""Reading raw articles and turning them into clean Article records.

    files and folders --discovery--> InputFile --readers/--> Article --> indexer

- discovery.py, manifest.py: the inputs under the paths a user names, with manifest rows;
  repeats.py: lines that many pages of one source print (furniture, for text cleaning).
- ingestion.py: the pipeline (`ingest`, `read_input`); decoding.py: bytes to text, or one
  clear reason why not; inputs.py: InputFile, Rejected, InputOutcome; skips.py: the stable
  kind of each reason, for the reindex summary.
- readers/: one module per input format (text, html, jsonl, warc), chosen by extension.
- text/: cleaning flattened page text (every visible line of a page) into headline,
  byline and body.
- html/: parsing raw HTML, extracting the main content and the page's own metadata.
- records.py: an Article from what a reader found, metadata merged strongest first
  (manifest, record, page, URL, text); metadata.py: outlet and date from URLs and cells;
  language.py: the language guess; article.py: the Article record and its id.
- resources.py and samples/: the bundled demo corpus.

Knows nothing of Whoosh or Flask.
"""

from corpus.article import Article, article_id, fingerprint_of
from corpus.discovery import discover
from corpus.ingestion import ingest, read_input
from corpus.inputs import Discovery, InputFile, InputOutcome, Rejected
from corpus.resources import samples_path

__all__ = [
    "Article",
    "Discovery",
    "InputFile",
    "InputOutcome",
    "Rejected",
    "article_id",
    "discover",
    "fingerprint_of",
    "ingest",
    "read_input",
    "samples_path",
]
