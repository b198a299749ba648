"""The peacekg command as a user runs it: outputs, error sentences and exit statuses."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import Result
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import peacekg.build
from conftest import REPO_ROOT
from peacekg.build import build_store
from peacekg.cli import app
from peacekg.config import Settings, get_settings
from peacekg.namespaces import PREFIXES
from peacekg.sparql.catalogue import UnknownQuery, find_named_query
from peacekg.store import OxigraphStore

DATA = REPO_ROOT / "data"
ONTOLOGY = REPO_ROOT / "ontology"
QUERIES = REPO_ROOT / "queries"
CQ1 = next(QUERIES.glob("CQ01-*.rq"))

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args])


@dataclass
class FakeReport:
    conforms: bool
    text: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the shipped data, shared by the read-only tests."""
    store_path = tmp_path_factory.mktemp("cli") / "store"
    settings = Settings(data_dir=DATA, ontology_dir=ONTOLOGY, store_path=store_path, _env_file=None)
    build_store(settings)
    return store_path


@pytest.fixture
def reader(built: Path) -> Iterator[OxigraphStore]:
    with OxigraphStore(built, read_only=True, prefixes=PREFIXES) as store:
        yield store


def _expected_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# -- build -----------------------------------------------------------------------------------


def test_build_prints_what_it_loaded(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    result = run("build", "--store", store_path, "--data", DATA, "--ontology", ONTOLOGY)
    assert result.exit_code == 0, result.stderr
    with OxigraphStore(store_path, read_only=True) as store:
        quads, graphs = store.count(), len(store.graphs())
        triples = store.select(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
        ).rows[0][0]
    assert re.fullmatch(
        rf"Built {re.escape(str(store_path))}: {quads} quads, {triples} distinct triples, "
        rf"{graphs} named graphs \(compile [\d.]+ s, validate [\d.]+ s, load [\d.]+ s, "
        rf"swap [\d.]+ s\)\.\n",
        result.stdout,
    )


def test_build_stops_on_a_broken_facts_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    facts = sorted((data / "articles").glob("*.facts.yaml"))[0]
    facts.write_text("article: [unclosed\n", encoding="utf-8")
    result = run("build", "--store", tmp_path / "store", "--data", data, "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {facts}, line 2")
    assert "YAML syntax error" in result.stderr
    assert not (tmp_path / "store").exists()


def test_build_prints_the_report_of_violations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = FakeReport(False, "stance <x>: A stance must have exactly one holder.")
    monkeypatch.setattr(peacekg.build, "validate", lambda *args, **kwargs: report)
    result = run("build", "--store", tmp_path / "store", "--data", DATA, "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    assert result.stderr == (
        "stance <x>: A stance must have exactly one holder.\n"
        "Error: The facts do not conform to the ontology's shapes; the store was left as it "
        "was.\n"
    )
    assert result.stdout == ""


def test_build_without_shapes(tmp_path: Path) -> None:
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    shutil.copy(ONTOLOGY / "peacekg.ttl", ontology)
    result = run("build", "--store", tmp_path / "store", "--data", DATA, "--ontology", ontology)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")  # one sentence, no traceback
    assert "shapes" in result.stderr
    assert not (tmp_path / "store").exists()


def test_build_with_a_missing_data_directory(tmp_path: Path) -> None:
    result = run("build", "--store", tmp_path / "store", "--data", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr == f"Error: The data directory {tmp_path / 'nowhere'} does not exist.\n"


# -- query -----------------------------------------------------------------------------------


def test_query_before_any_build(tmp_path: Path) -> None:
    result = run("query", "--name", "CQ1", "--store", tmp_path / "store", "--queries", QUERIES)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: There is no store at {tmp_path / 'store'}. Run `peacekg build` first.\n"
    )


def test_named_query_as_csv_gives_the_expected_answer(built: Path) -> None:
    result = run("query", "--name", "CQ1", "-f", "csv", "--store", built, "--queries", QUERIES)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == _expected_csv(CQ1.with_suffix(".csv"))  # the query has ORDER BY


def test_named_query_as_table(built: Path) -> None:
    result = run("query", "--name", "cq01", "--store", built, "--queries", QUERIES)
    assert result.exit_code == 0, result.stderr
    header, *rows = _expected_csv(CQ1.with_suffix(".csv"))
    assert result.stdout.endswith(f"{len(rows)} rows\n")
    header_line = result.stdout.splitlines()[1]
    assert [cell.strip() for cell in header_line.strip("┃").split("┃")] == header


def test_query_file_as_json(built: Path) -> None:
    result = run("query", CQ1, "--format", "json", "--store", built)
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    header, *rows = _expected_csv(CQ1.with_suffix(".csv"))
    assert answer["head"]["vars"] == header
    values = [
        [b.get(var, {}).get("value", "") for var in header] for b in answer["results"]["bindings"]
    ]
    assert values == rows


def test_inline_query_knows_the_prefixes(built: Path, reader: OxigraphStore) -> None:
    query = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a pk:Event }"
    expected = reader.select(query).rows[0][0]
    result = run("query", query, "--format", "csv", "--store", built)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == f"n\r\n{expected}\r\n".encode()
    assert int(str(expected)) > 0


def test_ask_prints_yes_or_no(built: Path) -> None:
    yes = run("query", "ASK { ?e a pk:Event }", "--store", built)
    no = run("query", "ASK { ?e a pk:NoSuchClass }", "--store", built)
    assert (yes.exit_code, yes.stdout, no.exit_code, no.stdout) == (0, "yes\n", 0, "no\n")


def test_construct_prints_turtle(built: Path, reader: OxigraphStore) -> None:
    query = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a pk:Event ; rdfs:label ?l }"
    result = run("query", query, "--store", built)
    assert result.exit_code == 0, result.stderr
    printed = Graph().parse(data=result.stdout, format="turtle")
    assert len(printed) > 0
    assert isomorphic(printed, reader.construct(query))


def test_construct_cannot_be_csv(built: Path) -> None:
    result = run("query", "CONSTRUCT WHERE { ?s ?p ?o }", "-f", "csv", "--store", built)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: CSV output needs a SELECT or ASK query; use --format table or json.\n"
    )


def test_syntax_error_points_at_the_place(built: Path) -> None:
    result = run("query", "SELECT ?x\nWHERE { ?x pk:label ?y", "--store", built)
    assert result.exit_code == 2
    shown, caret, error = result.stderr.splitlines()
    assert shown == "  2 | WHERE { ?x pk:label ?y"
    match = re.fullmatch(
        r'Error: The SPARQL query is not valid: error at 2:(\d+): expected one of ",", (.*), …\.',
        error,
    )
    assert match, error
    assert caret == " " * (len("  2 | ") + int(match.group(1)) - 1) + "^"


def test_an_update_is_refused(built: Path) -> None:
    result = run("query", "INSERT DATA { id:a id:b id:c }", "--store", built)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: peacekg query runs SELECT, ASK, CONSTRUCT and DESCRIBE; this is an update.\n"
    )


def test_a_missing_query_file(built: Path) -> None:
    result = run("query", "queries/nope.rq", "--store", built)
    assert result.exit_code == 2
    assert result.stderr == "Error: There is no query file at queries/nope.rq.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give a query (SPARQL text or the path of a .rq file) or --name."),
        (("ASK {}", "--name", "CQ1"), "Give a query or --name, not both."),
    ],
)
def test_query_needs_one_query(args: tuple[str, ...], message: str) -> None:
    result = run("query", *args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"


def test_an_unknown_query_name_lists_the_names(tmp_path: Path) -> None:
    for name in ("CQ01-first.rq", "CQ02-second.rq"):
        (tmp_path / name).write_text("ASK {}")
    result = run("query", "--name", "CQ9", "--queries", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: No query in {tmp_path} match 'CQ9'; the queries are: CQ01-first, CQ02-second.\n"
    )


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("CQ1", "CQ01-first.rq"),
        ("cq01", "CQ01-first.rq"),
        ("CQ10", "CQ10-tenth.rq"),
        ("CQ01-first", "CQ01-first.rq"),
        ("other", "other.rq"),
    ],
)
def test_find_named_query(tmp_path: Path, name: str, found: str) -> None:
    for file in ("CQ01-first.rq", "CQ10-tenth.rq", "other.rq", "CQ01-first.csv"):
        (tmp_path / file).write_text("")
    assert find_named_query(tmp_path, name).path == tmp_path / found


def test_find_named_query_refuses_an_ambiguous_name(tmp_path: Path) -> None:
    for file in ("CQ01-first.rq", "CQ10-tenth.rq"):
        (tmp_path / file).write_text("")
    with pytest.raises(UnknownQuery, match=r"2 queries in .* match 'CQ'"):
        find_named_query(tmp_path, "CQ")


# -- export ----------------------------------------------------------------------------------


def test_export_nquads_keeps_every_graph(built: Path, reader: OxigraphStore) -> None:
    result = runner.invoke(app, ["export", "-f", "nquads", "--store", str(built)])
    assert result.exit_code == 0, result.stderr
    dataset = Dataset()
    dataset.parse(data=result.stdout_bytes, format="nquads")
    assert len(result.stdout_bytes.splitlines()) == reader.count()
    assert sorted(g.identifier for g in dataset.graphs() if len(g)) == reader.graphs()


def test_export_turtle_to_a_file(built: Path, reader: OxigraphStore, tmp_path: Path) -> None:
    output = tmp_path / "out" / "peacekg.ttl"
    result = run("export", "--format", "turtle", "--output", output, "--store", built)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {output} (turtle).\n"
    distinct = reader.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    ).rows[0][0]
    assert len(Graph().parse(output, format="turtle")) == int(str(distinct))
    assert [p.name for p in output.parent.iterdir()] == ["peacekg.ttl"]


def test_export_jsonld_is_compacted_with_the_prefixes(built: Path, reader: OxigraphStore) -> None:
    result = run("export", "--format", "jsonld", "--store", built)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["@context"] == PREFIXES
    named = [node["@id"] for node in document["@graph"] if "@graph" in node]
    assert sorted(named) == sorted(str(g) for g in reader.graphs())


def test_export_to_an_unwritable_place(built: Path) -> None:
    result = run("export", "--output", "/proc/peacekg/out.ttl", "--store", built)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cannot write /proc/peacekg/out.ttl: ")


# -- validate --------------------------------------------------------------------------------


def test_validate_the_shipped_data() -> None:
    result = run("validate", DATA, "--ontology", ONTOLOGY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{DATA} conforms to the ontology's shapes.\n"


def test_validate_an_rdf_file_with_violations(tmp_path: Path) -> None:
    path = tmp_path / "stance.ttl"
    path.write_text(
        "@prefix pk: <https://w3id.org/peacekg/ontology#> .\n"
        "<https://w3id.org/peacekg/id/s1> a pk:Stance .\n"
    )
    result = run("validate", path, "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "stance <https://w3id.org/peacekg/id/s1>: A stance must have exactly one holder" in (
        result.stderr
    )
    assert all(line.startswith("stance <https://w3id.org/peacekg/id/s1>: ") for line in lines[:-1])
    assert lines[-1] == f"Error: {path} does not conform to the ontology's shapes."


def test_validate_an_rdf_file_that_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b\n")
    result = run("validate", path, "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path} is not valid TURTLE: ")


def test_validate_a_broken_facts_file(tmp_path: Path) -> None:
    path = tmp_path / "new.facts.yaml"
    path.write_text("article: [unclosed\n")
    result = run("validate", path, "--data", DATA, "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}, line 2")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing", "There is no file or directory at {path}."),
        (
            lambda tmp: tmp / "notes.md",
            "{path} is neither a facts file (*.facts.yaml) nor an RDF file "
            "(.ttl .nt .nq .trig .jsonld .rdf).",
        ),
        (
            lambda tmp: tmp,
            "{path} holds no facts files (*.facts.yaml) and is not a data directory.",
        ),
    ],
    ids=["missing", "unknown-kind", "empty-directory"],
)
def test_validate_says_what_it_cannot_read(tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    if path.suffix == ".md":
        path.write_text("# notes\n")
    result = run("validate", path, "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message.format(path=path)}\n"


# -- settings and entry points ---------------------------------------------------------------


def test_environment_sets_the_store_and_options_override_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEACEKG_STORE_PATH", str(tmp_path / "from-env"))
    from_env = run("query", "ASK {}")
    from_option = run("query", "ASK {}", "--store", tmp_path / "from-option")
    assert f"There is no store at {tmp_path / 'from-env'}." in from_env.stderr
    assert f"There is no store at {tmp_path / 'from-option'}." in from_option.stderr


def test_relative_paths_are_resolved_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = get_settings(store_path=Path("var/elsewhere"), _env_file=None)
    assert settings.store_path == tmp_path / "var" / "elsewhere"
    assert settings.data_dir == tmp_path / "data"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


README_COMMANDS = [
    shlex.split(line, comments=True)[1:]
    for line in (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    if line.startswith(".venv/bin/peacekg ")
]


def test_the_readme_shows_commands() -> None:
    assert [args[0] for args in README_COMMANDS] == [
        "build", "validate", "query", "query", "export", "serve",
        "draft", "ingest", "conflicts", "retract", "synth",
    ]  # fmt: skip


@pytest.mark.parametrize("args", README_COMMANDS, ids=" ".join)
def test_readme_commands_take_the_options_shown(args: list[str]) -> None:
    result = run(*args, "--help")  # options are parsed, nothing is run
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith(f"Usage: peacekg {args[0]} ")


def test_python_dash_m_runs_the_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "peacekg", "--help"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    for command in ("build", "validate", "query", "export"):
        assert command in completed.stdout


# -- serve -----------------------------------------------------------------------------------


def test_serve_without_a_store(tmp_path: Path) -> None:
    result = run("serve", "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: There is no store at {tmp_path / 'store'}. Run `peacekg build` first.\n"
    )


def test_serve_answers_sparql_on_loopback(built: Path, reader: OxigraphStore) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "peacekg", "serve", "--store", str(built), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        health = None
        deadline = time.monotonic() + 20
        while health is None and time.monotonic() < deadline and server.poll() is None:
            try:
                health = httpx.get(f"{base}/health", timeout=2).json()
            except httpx.TransportError:
                time.sleep(0.2)
        assert health == {"status": "ok", "quads": reader.count(), "graphs": len(reader.graphs())}
        query = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a pk:Event }"
        answer = httpx.get(
            f"{base}/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=5
        )
        assert answer.text == f"n\r\n{reader.select(query).rows[0][0]}\r\n"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    assert stderr.startswith(f"Serving {built} at {base}/sparql (Ctrl-C stops).")


def test_a_query_text_longer_than_a_file_name_is_run(built: Path) -> None:
    """Regression: a query text over 255 characters was tried as a file path and crashed with
    'File name too long'."""
    padding = "\n".join(f"# comment line {n} of a long query" for n in range(20))
    text = f"{padding}\nSELECT (COUNT(*) AS ?n) WHERE {{ ?s a pk:Article }}"
    assert len(text) > 300
    result = run("query", text, "--format", "csv", "--store", built)
    assert result.exit_code == 0, result.stderr
    header, count = result.stdout.split()
    assert header == "n" and int(count) >= 1
