#!/usr/bin/env python3
"""The documentation stands alone: every relative link in README.md and docs/**/*.md resolves inside the
repository (to a file, and to a heading when it names one), no tracked file points outside the repository to the
design folder it was written from, and every metric the alert rules and the dashboard query is one the gateway
writes. Prints each problem with its file and line; exits 1 if there is any."""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Spelled in two parts so that this file does not match its own search.
OUTSIDE = "../" + "shared"
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|^\s*\[[^\]]+\]:\s*(\S+)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")


def slug(heading):
    text = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path):
    found, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def links(path):
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            yield number, match.group(1) or match.group(2)


def check_links(problems):
    pages = [ROOT / "README.md"] + sorted((ROOT / "docs").rglob("*.md"))
    for page in pages:
        if not page.exists():
            continue
        for number, target in links(page):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue
            where = f"{page.relative_to(ROOT)}:{number}"
            file_part, _, anchor = target.partition("#")
            resolved = (page.parent / file_part).resolve() if file_part else page
            if ROOT not in resolved.parents and resolved != ROOT:
                problems.append(f"{where}: link {target} leads outside the repository")
            elif not resolved.exists():
                problems.append(f"{where}: dead link {target} (no {resolved.relative_to(ROOT)})")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                problems.append(f"{where}: link {target}: {resolved.relative_to(ROOT)} has no heading #{anchor}")
    return len(pages)


def check_outside_mentions(problems):
    try:
        listed = subprocess.run(["git", "-c", "safe.directory=*", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    except FileNotFoundError:
        listed = None
    if listed is not None and listed.returncode == 0:
        files = [ROOT / name for name in listed.stdout.decode().split("\0") if name]
    else:
        files = [path for path in ROOT.rglob("*") if path.is_file() and ".build" not in path.parts and ".git" not in path.parts]
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE in line:
                problems.append(f"{path.relative_to(ROOT)}:{number}: mentions {OUTSIDE}, which is not part of the project")


def written_metrics():
    names = set()
    for path in list((ROOT / "Sources").rglob("*.swift")) + list((ROOT / "adapters").rglob("*.swift")):
        names.update(re.findall(r"\bpasserelle_[a-z0-9_]+", path.read_text(encoding="utf-8")))
    return names


def queried(expression):
    for name in re.findall(r"\bpasserelle_[a-z0-9_]+", expression):
        yield re.sub(r"_(bucket|sum|count)$", "", name) if not name.endswith("_total") else name


def check_metrics(problems):
    known = written_metrics()
    rules = (ROOT / "docs" / "alerts.yml").read_text(encoding="utf-8")
    for number, line in enumerate(rules.splitlines(), 1):
        if line.strip().startswith("expr:"):
            for name in queried(line):
                if name not in known:
                    problems.append(f"docs/alerts.yml:{number}: metric {name} is not written by the gateway")
    dashboard = json.loads((ROOT / "docs" / "grafana-dashboard.json").read_text(encoding="utf-8"))
    panels = dashboard.get("panels", [])
    if not panels:
        problems.append("docs/grafana-dashboard.json: no panels")
    for panel in panels:
        for target in panel.get("targets", []):
            for name in queried(target.get("expr", "")):
                if name not in known:
                    problems.append(f"docs/grafana-dashboard.json: panel \"{panel.get('title')}\" queries {name}, "
                                    "which the gateway does not write")


def check_rules(problems):
    try:
        result = subprocess.run(["promtool", "check", "rules", str(ROOT / "docs" / "alerts.yml")],
                                capture_output=True, text=True)
    except FileNotFoundError:
        problems.append("docs/alerts.yml: promtool is missing; install Debian's prometheus package (make setup does)")
        return
    if result.returncode != 0:
        problems.append("docs/alerts.yml: promtool check rules failed:\n" + result.stdout + result.stderr)


def main():
    problems = []
    pages = check_links(problems)
    check_outside_mentions(problems)
    check_metrics(problems)
    check_rules(problems)
    for problem in problems:
        print(f"check-docs: {problem}")
    if problems:
        print(f"check-docs: FAILED, {len(problems)} problem(s)")
        return 1
    print(f"check-docs: {pages} pages, every relative link resolves; alert rules and dashboard query written metrics")
    return 0


sys.exit(main())
