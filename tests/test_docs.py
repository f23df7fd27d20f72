"""Every command shown in README.md and docs/*.md runs, or is checked against the project.

Fenced blocks of language sh, bash or console hold commands; in a console block a command
starts with `$ ` and the lines under it are what it prints. A fenced block must name a
language known here (`text` for a diagram), so no command hides in an unlabelled or a `shell`
block. Each command
(each part of an `a && b`) is classified by what it runs, and a command of a kind not known
here fails: a new kind of command must be taught to this file.

- `newsdesk ...` runs for real, in the order of its document, in a working folder per
  document that starts as the README leaves a user: `./newsdesk-data/index` holds the bundled
  samples. `~` is a home folder whose `~/articles` holds a copy of them, `./page.txt` is one of
  them, and the placeholders ID, PATH and DIR stand for an article id, that folder and the
  index. `newsdesk serve` starts on a free port and stops once /healthz answers.
- `curl ...` goes to a real server (tests/live_server.py) on the samples, through the curl
  binary when there is one, else urllib; the answer has the status the document shows
  (`HTTP/1.1 404 ...` under `curl -i`), else 200.
- `python -m bench NAME ...` runs `python -m bench NAME --help`, which must list every option
  shown (the benchmarks need data that is not bundled: tests/test_bench_*.py run them on it).
- `python3 -m venv`, `pip install`, `bash tests/run.sh` and `cog` are checked against the
  project (the extras, the script, the markers, the file), not run.

Output shown under a command must appear in what it prints, in order, each shown line a whole
line with runs of whitespace compared as one space: a line `...` stands for any lines, and
`...` within a line for any text.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib.metadata import metadata
from pathlib import Path

import pytest
from live_server import answering, free_port, serving

from corpus import samples_path
from indexer import SearchRequest, SearchService

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = ["README.md"] + sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md"))
# Documents that explain and show no command; any other shows at least one.
NO_COMMANDS = {"docs/architecture.md"}
COMMAND_LANGUAGES = {"sh", "bash", "console"}
# Blocks that hold no command; a block of any other language fails (a `shell` block would
# otherwise be skipped unseen).
OTHER_LANGUAGES = {"text", "csv", "json", "python", "toml", "yaml"}
# The address the documents' curl commands use: `newsdesk serve`'s default.
DOCUMENTED_BASE = "http://127.0.0.1:8000"

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\S*)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_OPERATORS = {"&&", "|", "||", ";", "&", ">", ">>", "<", "(", ")", ";;", "<<"}


class DocError(AssertionError):
    """A document shows something this file cannot run or check."""


@dataclass(frozen=True)
class Shown:
    """One command of a document, and the output the document shows under it."""

    document: str
    line: int
    text: str
    output: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.document}:{self.line}: {self.text}"


# --- Reading the documents ---------------------------------------------------------------


def fenced_blocks(text: str, document: str) -> list[tuple[str, int, list[str]]]:
    """(language, line number of the first line inside, lines) of every fenced block."""
    # HTML comments (cog's code in docs/cli.md) are not shown to a reader: blank them out,
    # keeping the line numbers.
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    blocks, lines, n = [], text.splitlines(), 0
    while n < len(lines):
        opening = _FENCE.match(lines[n])
        n += 1
        if not opening:
            continue
        fence, language = opening.groups()
        if language not in COMMAND_LANGUAGES | OTHER_LANGUAGES:
            raise DocError(f"{document}:{n}: a fenced block of language {language!r}: "
                           f"say one of {sorted(COMMAND_LANGUAGES | OTHER_LANGUAGES)}")
        start, body = n + 1, []
        while n < len(lines) and not lines[n].strip().startswith(fence):
            body.append(lines[n])
            n += 1
        if n == len(lines):
            raise DocError(f"{document}:{start - 1}: a fenced block is never closed")
        n += 1
        blocks.append((language, start, body))
    return blocks


def shown_commands(document: str, text: str | None = None) -> list[Shown]:
    if text is None:
        text = (REPO / document).read_text("utf-8")
    commands: list[Shown] = []
    for language, start, body in fenced_blocks(text, document):
        if language not in COMMAND_LANGUAGES:
            continue
        console = language == "console"
        current: Shown | None = None
        pending, first = "", 0  # a command continued with a trailing backslash, its first line
        for offset, line in enumerate(body):
            number = start + offset
            if pending:
                number = first
                line, pending = pending + " " + line.strip(), ""
            elif console and not line.startswith("$ "):
                if current is None:
                    if line.strip():
                        raise DocError(f"{document}:{number}: output before any `$ ` command")
                    continue
                commands[-1] = current = Shown(document, current.line, current.text,
                                               current.output + (line,))
                continue
            else:
                line = line[2:] if console else line
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
            if line.endswith("\\"):
                pending, first = line[:-1].rstrip(), number
                continue
            current = Shown(document, number, line.strip())
            commands.append(current)
        if pending:
            raise DocError(f"{document}:{start}: a command ends with a backslash")
    return commands


def words_of(text: str) -> list[str]:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def parts_of(shown: Shown) -> list[list[list[str]]]:
    """The command's parts (split on &&), each a pipeline of commands' words."""
    try:
        words = words_of(shown.text)
    except ValueError as error:
        raise DocError(f"{shown}: cannot be read as a shell command ({error})") from None
    parts: list[list[list[str]]] = [[[]]]
    for word in words:
        if word == "&&":
            parts.append([[]])
        elif word == "|":
            parts[-1].append([])
        elif word in _OPERATORS or (word and set(word) <= set("&|;<>()")):
            raise DocError(f"{shown}: `{word}` is not handled by tests/test_docs.py")
        else:
            parts[-1][-1].append(word)
    if any(not stage for part in parts for stage in part):
        raise DocError(f"{shown}: an empty command")
    return parts


def kind_of(pipeline: list[list[str]], shown: Shown) -> str:
    words = pipeline[0]
    program = words[0].removeprefix(".venv/bin/")
    if len(pipeline) > 1 and program != "curl":
        raise DocError(f"{shown}: only curl's output may be piped (into python3 -m json.tool)")
    if program == "newsdesk":
        return "newsdesk"
    if program == "curl":
        return "curl"
    if program in ("python", "python3") and words[1:3] == ["-m", "bench"]:
        return "bench"
    if program in ("python", "python3") and words[1:3] == ["-m", "venv"]:
        return "venv"
    if program == "pip" or (program in ("python", "python3") and words[1:3] == ["-m", "pip"]):
        return "pip"
    if program == "bash" and words[1:2] == ["tests/run.sh"]:
        return "run.sh"
    if program == "cog":
        return "cog"
    raise DocError(f"{shown}: a command of a kind tests/test_docs.py does not know; "
                   "teach it to run or check this kind")


def classified(document: str) -> list[tuple[Shown, str, list[list[str]]]]:
    return [(shown, kind_of(pipeline, shown), pipeline)
            for shown in shown_commands(document) for pipeline in parts_of(shown)]


# --- Comparing output --------------------------------------------------------------------


def _normal(line: str) -> str:
    return " ".join(line.split())


def assert_shows(shown: Shown, printed: str, output: tuple[str, ...] | None = None) -> None:
    """Each line the document shows is a whole line of `printed`, in order."""
    lines = [_normal(line) for line in printed.splitlines()]
    position = 0
    for want in shown.output if output is None else output:
        want = _normal(want)
        if want in ("", "..."):
            continue
        pattern = re.compile(".*?".join(re.escape(piece) for piece in want.split("...")))
        for n in range(position, len(lines)):
            if pattern.fullmatch(lines[n]):
                position = n + 1
                break
        else:
            raise AssertionError(f"{shown}\nshows {want!r}, which is not (in order) in what it "
                                 f"printed:\n{printed}")


# --- newsdesk ----------------------------------------------------------------------------


@dataclass
class Workspace:
    """A working folder as the README leaves a user, and what the placeholders stand for."""

    cwd: Path
    home: Path
    substitutes: dict[str, str]

    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "NEWSDESK_INDEX"}
        path = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        # Unbuffered: stdout and stderr reach the pipe in the order a terminal shows them.
        return {**env, "HOME": str(self.home), "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}

    def argv(self, words: list[str]) -> list[str]:
        args = []
        for word in words[1:]:
            if word.startswith("~/"):
                word = str(self.home / word[2:])
            args.append(self.substitutes.get(word, word))
        # The console script's own entry point, webapp.cli:main, run from the checkout.
        return [sys.executable, "-c", "from webapp.cli import main; main()", *args]


def run_newsdesk(words: list[str], shown: Shown, workspace: Workspace, logs: Path) -> None:
    if _command_name(words) == "serve":
        return serve(words, shown, workspace, logs)
    done = subprocess.run(workspace.argv(words), cwd=workspace.cwd, env=workspace.env(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    # `watch run` exits 1 when nothing is new: a result, not a failure (it is made for cron).
    name = _command_name(words)
    allowed = {0, 1} if name == "watch" and words[words.index(name) + 1 :][:1] == ["run"] else {0}
    assert done.returncode in allowed, f"{shown}\nexited with {done.returncode}:\n{done.stdout}"
    assert_shows(shown, done.stdout)


def _command_name(words: list[str]) -> str | None:
    """The command after `newsdesk` and its own options (--index DIR)."""
    rest = iter(words[1:])
    for word in rest:
        if word == "--index":
            next(rest, None)
        elif not word.startswith("-"):
            return word
    return None


def serve(words: list[str], shown: Shown, workspace: Workspace, logs: Path) -> None:
    words, port = list(words), str(free_port())
    if "--port" in words:
        words[words.index("--port") + 1] = port
    else:
        words += ["--port", port]
    host = words[words.index("--host") + 1] if "--host" in words else "127.0.0.1"
    if host not in ("127.0.0.1", "0.0.0.0", "localhost"):
        raise DocError(f"{shown}: tests/test_docs.py reaches a server on 127.0.0.1 only")
    log_path = logs / f"serve-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(workspace.argv(words), cwd=workspace.cwd, env=workspace.env(),
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        with answering(process, f"http://127.0.0.1:{port}", log_path):
            pass
    except RuntimeError as error:
        raise AssertionError(f"{shown}\n{error}") from None
    assert_shows(shown, log_path.read_text())


# --- curl --------------------------------------------------------------------------------

_CURL_FLAGS = {"-s": set(), "--silent": set(), "-i": {"include"}, "--include": {"include"},
               "-si": {"include"}, "-is": {"include"}}
_JSON_TOOL = ["python3", "-m", "json.tool"]


def fetch(url: str) -> tuple[int, str, str]:
    """(status, status line and headers, body) of a GET, through curl when there is one."""
    curl = shutil.which("curl")
    if curl:
        done = subprocess.run([curl, "-s", "-i", url], capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        head, _, body = done.stdout.partition(b"\r\n\r\n")
        head_text = head.decode("latin-1")
        return int(head_text.split()[1]), head_text, body.decode("utf-8")
    try:
        response = urllib.request.urlopen(url, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read().decode("utf-8")
        status, reason = response.status, response.reason
        headers = "".join(f"{name}: {value}\r\n" for name, value in response.headers.items())
    return status, f"HTTP/1.1 {status} {reason}\r\n{headers}", body


def run_curl(pipeline: list[list[str]], shown: Shown, base: str) -> None:
    flags, urls = set(), []
    for word in pipeline[0][1:]:
        if word.startswith("-"):
            if word not in _CURL_FLAGS:
                raise DocError(f"{shown}: curl {word} is not handled by tests/test_docs.py")
            flags |= _CURL_FLAGS[word]
        else:
            urls.append(word)
    if len(urls) != 1 or not urls[0].startswith(DOCUMENTED_BASE + "/"):
        raise DocError(f"{shown}: curl one URL on {DOCUMENTED_BASE}")
    if pipeline[1:] not in ([], [_JSON_TOOL]) or (pipeline[1:] and "include" in flags):
        raise DocError(f"{shown}: curl's body may only be piped into python3 -m json.tool")
    status, head, body = fetch(base + urls[0][len(DOCUMENTED_BASE):])
    shown_status = [int(m.group(1)) for line in shown.output
                    if (m := re.match(r"HTTP/[\d.]+ (\d{3})\b", line))]
    expected = shown_status[0] if shown_status else 200
    assert status == expected, f"{shown}\nanswered {status}, not {expected}:\n{body}"
    if pipeline[1:]:
        printed = json.dumps(json.loads(body), indent=4) + "\n"  # what json.tool prints
    elif "include" in flags:
        printed = head + "\r\n\r\n" + body
    else:
        printed = body
    assert_shows(shown, printed)


# --- The commands that are checked, not run ----------------------------------------------

_BENCH_HELP: dict[str, str] = {}


def run_bench(words: list[str], shown: Shown) -> None:
    """`python -m bench NAME DATA ...`: the benchmark's --help lists every option shown."""
    from bench.__main__ import SUITES

    args = words[3:]
    if shown.output:
        raise DocError(f"{shown}: a benchmark's output cannot be checked without its data")
    if not args:
        help_text = _bench(shown)
        for name in SUITES:
            assert name in help_text, f"{shown}\ndoes not list {name}"
        return
    name, rest = args[0], args[1:]
    assert name in SUITES, f"{shown}\nno benchmark {name!r}; there are {sorted(SUITES)}"
    data = [word for word in rest if not word.startswith("-") and _placeholder(word)]
    if not data:
        raise DocError(f"{shown}: give the data as a placeholder (DATA_PATH, PATH/..., "
                       "path/to/...): the benchmarks are too slow for this test")
    if name not in _BENCH_HELP:
        _BENCH_HELP[name] = _bench(shown, name, "--help")
    for option in (word for word in rest if word.startswith("-")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", _BENCH_HELP[name]), (
            f"{shown}\n`python -m bench {name} --help` has no {option}:\n{_BENCH_HELP[name]}")


def _placeholder(word: str) -> bool:
    return "PATH" in word or word.startswith("path/to/")


def _bench(shown: Shown, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "bench", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{shown}\n{done.stdout}{done.stderr}"
    return done.stdout


def check_venv(words: list[str], shown: Shown, markers: set[str]) -> None:
    # The folder tests/run.sh creates, and the one the README's next commands use.
    assert words[3:] == [".venv"], f"{shown}\nthe virtual environment is .venv"
    assert " -m venv .venv" in (REPO / "tests/run.sh").read_text()


def check_pip(words: list[str], shown: Shown, markers: set[str]) -> None:
    args = words[words.index("install") + 1:]
    if args == ["--upgrade", "pip"]:
        return
    # The extras pyproject.toml declared when the project was installed.
    extras = metadata("newsdesk").get_all("Provides-Extra") or []
    targets = [arg for arg in args if arg != "-e"]
    if len(targets) != 1 or set(args) - {"-e", targets[0]}:
        raise DocError(f"{shown}: pip install [-e] .[EXTRAS] is what tests/test_docs.py checks")
    match = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", targets[0])
    assert match, f"{shown}\ninstalls {targets[0]!r}, not this project (.)"
    for extra in filter(None, (match.group(1) or "").split(",")):
        assert extra in extras, f"{shown}\nno extra {extra!r} in pyproject.toml: {sorted(extras)}"


def check_run_sh(words: list[str], shown: Shown, markers: set[str]) -> None:
    script = REPO / "tests/run.sh"
    assert script.is_file() and script.read_text().startswith("#!/usr/bin/env bash")
    assert "bash tests/run.sh" in (REPO / ".ci/run").read_text(), "CI no longer runs tests/run.sh"
    args = words[2:]
    if "-m" in args:
        expression = args[args.index("-m") + 1]
        for word in re.findall(r"\w+", expression):
            assert word in markers | {"and", "or", "not"}, f"{shown}\nno marker {word!r}: {markers}"


def check_cog(words: list[str], shown: Shown, markers: set[str]) -> None:
    flags = [word for word in words[1:] if word.startswith("-")]
    files = [word for word in words[1:] if not word.startswith("-")]
    assert set(flags) <= {"-r", "--check"} and len(files) == 1, f"{shown}\nnot a cog run of one file"
    assert "[[[cog" in (REPO / files[0]).read_text("utf-8"), f"{shown}\n{files[0]} has no cog block"


KINDS = {"newsdesk", "curl", "bench", "venv", "pip", "run.sh", "cog"}


# --- Fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def article_id(sample_index):
    return SearchService(sample_index).search(SearchRequest.from_params({"q": ""})).hits[0].id


@pytest.fixture(scope="session")
def docs_server(sample_index, tmp_path_factory):
    with serving(sample_index, tmp_path_factory.mktemp("docs-server") / "server.log") as base:
        yield base


@pytest.fixture
def workspace(tmp_path, sample_index, article_id):
    home, cwd = tmp_path / "home", tmp_path / "work"
    shutil.copytree(samples_path(), home / "articles")
    shutil.copytree(sample_index, cwd / "newsdesk-data" / "index")
    shutil.copy(sorted(samples_path().glob("*.txt"))[0], cwd / "page.txt")
    substitutes = {"ID": article_id, "PATH": str(home / "articles"),
                   "DIR": str(cwd / "newsdesk-data" / "index")}
    return Workspace(cwd, home, substitutes)


# --- The tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_command_shown_runs(document, workspace, tmp_path, request):
    for shown, kind, pipeline in classified(document):
        words = pipeline[0]
        if kind == "newsdesk":
            run_newsdesk(words, shown, workspace, tmp_path)
        elif kind == "curl":
            run_curl(pipeline, shown, request.getfixturevalue("docs_server"))
        elif kind == "bench":
            run_bench(words, shown)
        else:
            if shown.output:
                raise DocError(f"{shown}: output shown under a command that is not run")
            markers = {line.split(":")[0].strip() for line in request.config.getini("markers")}
            {"venv": check_venv, "pip": check_pip, "run.sh": check_run_sh, "cog": check_cog}[kind](
                words, shown, markers)


def test_the_documents_show_commands_of_every_kind():
    # Guards the parser: a document whose commands stopped being found would pass unseen.
    kinds = set()
    for document in DOCUMENTS:
        found = classified(document)
        kinds |= {kind for _, kind, _ in found}
        assert bool(found) == (document not in NO_COMMANDS), document
    assert kinds == KINDS


def test_the_readme_fits_on_two_screens():
    assert len((REPO / "README.md").read_text("utf-8").splitlines()) <= 100


def test_the_cli_reference_is_generated_from_help():
    # After changing a command or an option: cog -r docs/cli.md
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    check = subprocess.run([sys.executable, "-m", "cogapp", "--check", "docs/cli.md"], cwd=REPO,
                           env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, (check.stdout + check.stderr
                                   + "\ndocs/cli.md is out of date: run `cog -r docs/cli.md`")


def test_the_cli_reference_covers_every_command():
    # cog --check passes on a file whose cog block was deleted, so the headings are counted.
    from webapp.cli import cli

    headings = set(re.findall(r"^## (newsdesk.*)$", (REPO / "docs/cli.md").read_text("utf-8"), re.M))
    assert {"newsdesk"} | {f"newsdesk {name}" for name in cli.commands} <= headings


def test_links_between_documents_lead_somewhere():
    for document in DOCUMENTS:
        text = (REPO / document).read_text("utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if not re.match(r"[a-z]+:", target):
                assert ((REPO / document).parent / target).exists(), f"{document}: {target}"


@pytest.mark.parametrize("text, message", [
    ("```\nnewsdesk stats\n```\n", "of language ''"),
    ("```shell\nnewsdesk stats\n```\n", "of language 'shell'"),
    ("```sh\nnewsdesk stats\n", "never closed"),
    ("```sh\nls -l\n```\n", "does not know"),
    ("```sh\nnewsdesk stats > out.txt\n```\n", "not handled"),
    ("```sh\nnewsdesk search Kursk | head\n```\n", "only curl's output"),
    ("```console\nadded 5\n$ newsdesk stats\n```\n", "output before"),
])
def test_a_command_this_file_cannot_handle_fails(text, message):
    with pytest.raises(DocError, match=message):
        for shown in shown_commands("doc.md", text):
            for pipeline in parts_of(shown):
                kind_of(pipeline, shown)


def test_commands_and_their_output_are_read_from_console_blocks():
    text = ("```console\n$ newsdesk search Kursk \\\n    --limit 2\n1. A title\n...\n"
            "$ newsdesk stats  # what the index holds\n```\n")
    first, second = shown_commands("doc.md", text)
    assert (first.line, first.text, first.output) == (2, "newsdesk search Kursk --limit 2",
                                                      ("1. A title", "..."))
    assert parts_of(second) == [[["newsdesk", "stats"]]]


def test_shown_output_must_appear_in_order():
    shown = Shown("doc.md", 1, "newsdesk stats", ("articles: 5", "...", "index size: ... KB"))
    assert_shows(shown, "articles:   5\nsources: 5\nindex size: 239.2 KB\n")
    with pytest.raises(AssertionError, match="index size"):
        assert_shows(shown, "index size: 1 KB\narticles: 5\n")
    with pytest.raises(AssertionError, match="articles: 5"):
        assert_shows(shown, "articles: 50\n")


@pytest.mark.skipif(not shutil.which("curl"), reason="no curl binary: urllib alone answers")
def test_curl_and_urllib_answer_alike(docs_server, monkeypatch):
    url = docs_server + "/api/articles/0000000000000000"
    with_curl = fetch(url)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with_urllib = fetch(url)
    assert with_curl[0] == with_urllib[0] == 404 and with_curl[2] == with_urllib[2]
    assert with_curl[1].splitlines()[0] == with_urllib[1].splitlines()[0] == "HTTP/1.1 404 NOT FOUND"
