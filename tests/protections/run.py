"""Prove each protection: remove it in a scratch copy of the tree and check that a test fails.

Every `tests/protections/<area>.py` holds a MUTATIONS list. For each mutation this copies the
tracked files once, replaces `find` (which must occur exactly once) by `replace` in `file`,
runs the named tests with this project's Python, and restores the file. A mutation whose tests
still pass is a surviving gap; a `find` that no longer matches is a broken entry. Both make the
exit status non-zero. Usage: `make verify-protections` or
`python tests/protections/run.py [--list] [--only NAME] [--area AREA] [--report FILE]`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REQUIRED = ("name", "protects", "file", "find", "replace", "tests")
OPTIONAL = ("database",)  # "postgresql": its tests run against a scratch PostgreSQL database
PG_SERVER = ("-h", "127.0.0.1", "-p", "5432", "-U", "postgres")
PYTEST = ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]


@dataclass
class Mutation:
    """One protection removed: where, what text changes, and which tests must then fail."""

    area: str
    name: str
    protects: str
    file: str
    find: str
    replace: str
    tests: list[str]
    database: str = "any"
    outcome: str = "not run"
    detail: str = ""
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def load_mutations(folder: Path = HERE) -> list[Mutation]:
    """Read every area module's MUTATIONS list; malformed entries are kept and marked broken."""
    mutations = []
    for path in sorted(folder.glob("*.py")):
        if path.name in ("__init__.py", "run.py"):
            continue
        spec = importlib.util.spec_from_file_location(f"protections_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for entry in getattr(module, "MUTATIONS", []):
            missing = [key for key in REQUIRED if key not in entry]
            values = {key: entry.get(key, "") for key in REQUIRED}
            values["tests"] = list(values["tests"] or [])
            values |= {key: entry[key] for key in OPTIONAL if key in entry}
            mutation = Mutation(area=path.stem, **values)
            mutation.problems += [f"missing key {key!r}" for key in missing]
            mutations.append(mutation)
    _mark_duplicates(mutations)
    return mutations


def _mark_duplicates(mutations: list[Mutation]) -> None:
    """Names are how people run one mutation, so each must be unique across areas."""
    seen: dict[str, str] = {}
    for mutation in mutations:
        if mutation.name in seen:
            mutation.problems.append(f"name also used in {seen[mutation.name]}.py")
        seen.setdefault(mutation.name, mutation.area)


def check_entry(mutation: Mutation, tree: Path) -> None:
    """A mutation must name a file that exists, a `find` present exactly once, and tests."""
    target = tree / mutation.file
    if not target.is_file():
        mutation.problems.append(f"file {mutation.file} does not exist")
        return
    count = target.read_text().count(mutation.find) if mutation.find else 0
    if count != 1:
        mutation.problems.append(f"`find` occurs {count} times in {mutation.file} (must be once)")
    if mutation.find == mutation.replace:
        mutation.problems.append("`replace` equals `find`: nothing is removed")
    if not mutation.tests:
        mutation.problems.append("no tests named")
    for test in mutation.tests:
        if not (tree / test.split("::", 1)[0]).exists():
            mutation.problems.append(f"test file {test.split('::', 1)[0]} does not exist")


def copy_tree(destination: Path) -> Path:
    """Copy the tracked (and new, not ignored) files of the checkout into a scratch folder."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, (item.decode() for item in listed)):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    subprocess.run(  # compiled catalogues are built, not tracked: build the copy's own
        [sys.executable, "-m", "babel.messages.frontend", "compile"]
        + ["-d", str(destination / "portal" / "translations")],
        check=True,
        capture_output=True,
    )
    return destination


def child_environment(tree: Path) -> dict[str, str]:
    """The copy must import its own `portal`, and still find the real seed articles."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    if "PORTAL_SEEDS_DIR" not in env:
        for folder in ROOT.parents:
            if (folder / "shared" / "seeds").is_dir():
                env["PORTAL_SEEDS_DIR"] = str(folder / "shared" / "seeds")
                break
    return env


def run_tests(
    tests: list[str], tree: Path, timeout: int, extra: dict | None = None
) -> tuple[int, str]:
    """Run pytest in the copy; return its exit status and the tail of its output."""
    try:
        done = subprocess.run(
            [sys.executable, *PYTEST, *tests],
            cwd=tree,
            env=child_environment(tree) | (extra or {}),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {timeout} s"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


def assert_copy_is_imported(tree: Path) -> None:
    """Refuse to run when the child would import the checkout's `portal` instead of the copy."""
    probe = subprocess.run(
        [sys.executable, "-c", "import portal; print(portal.__file__)"],
        cwd=tree,
        env=child_environment(tree),
        capture_output=True,
        text=True,
        check=True,
    )
    if not Path(probe.stdout.strip()).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"the scratch copy imports portal from {probe.stdout.strip()}")


def apply_and_run(mutation: Mutation, tree: Path, timeout: int, extra: dict) -> None:
    """Apply one mutation, run its tests, restore the file; record killed or survived."""
    target = tree / mutation.file
    original = target.read_text()
    target.write_text(original.replace(mutation.find, mutation.replace, 1))
    started = time.monotonic()
    try:
        status, tail = run_tests(mutation.tests, tree, timeout, extra)
    finally:
        target.write_text(original)
    mutation.seconds = time.monotonic() - started
    mutation.detail = tail
    if status == 1:
        mutation.outcome = "killed"
    elif status == 0 and "skipped" in tail and "passed" not in tail:
        mutation.outcome = "error"  # tests that never ran prove nothing either way
        mutation.detail = f"every named test was skipped: {tail}"
    elif status == 0:
        mutation.outcome = "survived"
    else:  # 2-5: interrupted, internal error, usage error, nothing collected; -1: timeout
        mutation.outcome = "error"
        mutation.detail = f"pytest exit {status}: {tail}"


def baseline(mutations: list[Mutation], tree: Path, timeout: int, extra: dict) -> None:
    """Every named test must pass unmutated, or a kill would prove nothing."""
    tests = sorted({test for m in mutations for test in m.tests})
    status, tail = run_tests(tests, tree, timeout * 4, extra)
    if status != 0:
        raise SystemExit(f"the named tests fail without any mutation ({tail}); fix them first")


def report_line(mutation: Mutation) -> str:
    """One human-readable line per mutation."""
    if mutation.problems:
        return f"BROKEN    {mutation.area}:{mutation.name}: {'; '.join(mutation.problems)}"
    label = mutation.outcome.upper().ljust(9)
    timing = f" ({mutation.seconds:.0f} s)" if mutation.seconds else ""
    extra = f" -- {mutation.detail}" if mutation.outcome != "killed" else ""
    return f"{label} {mutation.area}:{mutation.name}{timing}{extra}"


def markdown(mutations: list[Mutation]) -> str:
    """A table of the run for docs/security.md."""
    rows = ["| area | mutation | protects | result |", "| --- | --- | --- | --- |"]
    for m in mutations:
        result = "broken" if m.problems else m.outcome
        rows.append(f"| {m.area} | `{m.name}` | {m.protects} | {result} |")
    return "\n".join(rows) + "\n"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    parser.add_argument("--only", action="append", default=[], help="run this mutation (repeat)")
    parser.add_argument("--area", action="append", default=[], help="run one area's file")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per mutation")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    parser.add_argument("--report", type=Path, help="also write a Markdown table here")
    return parser.parse_args(argv)


def select(mutations: list[Mutation], options: argparse.Namespace) -> list[Mutation]:
    """Narrow the list to --only names and --area files; an unknown name is an error."""
    chosen = [m for m in mutations if not options.area or m.area in options.area]
    if options.only:
        unknown = set(options.only) - {m.name for m in mutations}
        if unknown:
            raise SystemExit(f"no mutation named {', '.join(sorted(unknown))} (see --list)")
        chosen = [m for m in chosen if m.name in options.only]
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Run the chosen mutations; exit 1 when any survives or is broken."""
    options = parse_arguments(argv)
    mutations = select(load_mutations(), options)
    if options.list:
        for m in mutations:
            print(f"{m.area}:{m.name} -- {m.protects} [{m.file}]")
        return 0
    with tempfile.TemporaryDirectory(prefix="protections-") as scratch:
        tree = copy_tree(Path(scratch))
        assert_copy_is_imported(tree)
        for mutation in mutations:
            check_entry(mutation, tree)
        runnable = [m for m in mutations if not m.problems]
        on_pg = [m for m in runnable if m.database == "postgresql"]
        with postgresql_database(bool(on_pg)) as pg:
            plain = [m for m in runnable if m not in on_pg]
            for chosen, extra in ((plain, {}), (on_pg, pg)):
                if chosen and not options.no_baseline:
                    baseline(chosen, tree, options.timeout, extra)
            for mutation in runnable:
                extra = pg if mutation in on_pg else {}
                apply_and_run(mutation, tree, options.timeout, extra)
                print(report_line(mutation), flush=True)
    for mutation in mutations:
        if mutation.problems:
            print(report_line(mutation))
    return summarise(mutations, options.report)


@contextlib.contextmanager
def postgresql_database(needed: bool):
    """PORTAL_TEST_DATABASE_URL for the runs: the caller's, else a scratch database on loopback.

    Some protections only exist on PostgreSQL (its restore path); on SQLite their tests skip,
    which proves nothing, so they get a real database whenever one is asked for.
    """
    if not needed or os.environ.get("PORTAL_TEST_DATABASE_URL"):
        yield {}
        return
    name = f"portal_protections_{os.getpid()}"
    made = subprocess.run(["psql", *PG_SERVER, "-qc", f"CREATE DATABASE {name}"], check=False)
    if made.returncode != 0:
        yield {}  # its tests skip and the mutation is reported as not proven
        return
    try:
        yield {"PORTAL_TEST_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"}
    finally:
        drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        subprocess.run(["psql", *PG_SERVER, "-qc", drop], check=False)


def summarise(mutations: list[Mutation], report: Path | None) -> int:
    """Print the totals (and write the table); non-zero unless every mutation was killed."""
    killed = sum(m.outcome == "killed" and not m.problems for m in mutations)
    survived = [m.name for m in mutations if m.outcome == "survived" and not m.problems]
    failing = [m.name for m in mutations if m.problems or m.outcome in ("error", "not run")]
    print(
        f"{len(mutations)} mutations: {killed} killed, {len(survived)} survived, "
        f"{len(failing)} broken or errored"
    )
    if survived:
        print("Survived (a protection no test notices): " + ", ".join(survived))
    if report is not None:
        report.write_text(markdown(mutations))
    return 0 if killed == len(mutations) else 1


if __name__ == "__main__":
    sys.exit(main())
