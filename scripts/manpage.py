#!/usr/bin/env python3
"""manpage.py BINARY: prints passerelle(1) in roff, made from the binary's own help.

The command tree comes from `--experimental-dump-help`; each command's section is its `--help` text, so the page
says exactly what the installed binary says.
"""
import datetime
import json
import os
import subprocess
import sys


def run(binary, *arguments):
    result = subprocess.run([binary, *arguments], capture_output=True, text=True, env={**os.environ, "COLUMNS": "100"})
    if result.returncode != 0:
        sys.exit(f"manpage: `passerelle {' '.join(arguments)}` failed with status {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def escape(line):
    line = line.replace("\\", "\\e")
    return "\\&" + line if line.startswith((".", "'")) else line


def commands(node, path):
    """Every command below the root, depth first, as (words, abstract)."""
    for child in node.get("subcommands", []):
        if not child.get("shouldDisplay", True) or child["commandName"] == "help":
            continue
        words = path + [child["commandName"]]
        yield words, child.get("abstract", "")
        yield from commands(child, words)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: manpage.py BINARY")
    binary = sys.argv[1]
    tree = json.loads(run(binary, "--experimental-dump-help"))["command"]
    version = run(binary, "--version").strip()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    out = [
        f'.TH PASSERELLE 1 "{date:%Y-%m-%d}" "{escape(version)}" "Passerelle manual"',
        ".SH NAME",
        "passerelle \\- " + escape(tree.get("abstract", "")),
        ".SH SYNOPSIS",
        ".B passerelle",
        ".I command",
        "[\\fIoptions\\fR]",
        ".SH DESCRIPTION",
    ]
    out += [escape(line) for line in tree.get("discussion", "").splitlines()]
    out += [".PP", "Commands:", ".RS"]
    for words, abstract in commands(tree, []):
        out += [".TP", ".B passerelle " + " ".join(words), escape(abstract)]
    out += [".RE", ".SH COMMANDS"]
    for words, _ in commands(tree, []):
        out += [".SS passerelle " + " ".join(words), ".nf"]
        out += [escape(line) for line in run(binary, *words, "--help").rstrip().splitlines()]
        out += [".fi"]
    out += [
        ".SH FILES",
        ".TP", ".I /etc/passerelle/passerelle.yaml", "The configuration the service reads; check it with "
        "\\fBpasserelle config check\\fR.",
        ".TP", ".I /etc/passerelle/passerelle.env", "The secrets (tokens, keys) the configuration names, "
        "readable by root and the passerelle group only.",
        ".TP", ".I /var/lib/passerelle", "The SQLite store of the service.",
        ".TP", ".I /usr/share/doc/passerelle", "The documentation (docs/: operations runbook, troubleshooting, alert rules, dashboard).",
        ".SH ENVIRONMENT",
        ".TP", ".B PASSERELLE_CONFIG", "The configuration file when \\fB\\-\\-config\\fR is not given.",
        ".TP", ".B PASSERELLE_LOG_LEVEL", "The log level of \\fBpasserelle serve\\fR (default: info).",
        ".TP", ".B PASSERELLE_CONTRACTS", "The contracts folder of \\fBpasserelle contracts\\fR; the package installs "
        "it as /usr/share/passerelle/contracts.",
        ".SH SEE ALSO",
        "systemctl(1), journalctl(1)",
    ]
    print("\n".join(out))


main()
