"""Secrets committed to the repository, in its files or its history: key-shaped values and risky file names.

Notebook outputs are not scanned (printed data, not code), values are never shown in full, and example
files (.env.example) are expected to hold empty placeholders.
"""

from __future__ import annotations

import json
import re

from detect_secrets.core.scan import scan_line
from detect_secrets.settings import transient_settings

from vetml.takehome.findings import CheckResult, Evidence, Status
from vetml.takehome.project import Project

# detect-secrets' detectors for credentials with a known shape, and its keyword detector ("password = ...").
# The high-entropy detectors are left out: lock files, hashes and ids would drown the real findings.
DETECTORS = ["AWSKeyDetector", "ArtifactoryDetector", "AzureStorageKeyDetector", "BasicAuthDetector",
             "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "JwtTokenDetector",
             "KeywordDetector", "MailchimpDetector", "NpmDetector", "OpenAIDetector", "PrivateKeyDetector",
             "PypiTokenDetector", "SendGridDetector", "SlackDetector", "SquareOAuthDetector", "StripeDetector",
             "TelegramBotTokenDetector", "TwilioKeyDetector"]  # fmt: skip
MAX_LINES = 20_000
# detect-secrets' keyword detector wants quotes; .env files and shell exports assign without them.
ASSIGNMENT = re.compile(r"(?i)^\s*(?:export\s+)?[\w.-]*(?:secret|password|passwd|api[_-]?key|access[_-]?key|token)"
                        r"[\w.-]*\s*[:=]\s*(?P<value>[A-Za-z0-9+/_\-]{16,})\s*$")  # fmt: skip
RISKY_NAMES = re.compile(
    r"(^|/)(\.env|id_rsa|id_dsa|id_ed25519|\.pypirc|\.netrc|credentials\.json|"
    r"service[-_]account[\w-]*\.json|[\w.-]+\.(?:pem|key|p12|pfx))$"
)
EXAMPLE_NAMES = re.compile(r"\.(example|sample|template|dist)$|example")
_PLACEHOLDER = re.compile(r"(?i)(x{4,}|your|change|replace|example|dummy|placeholder|<|\$\{|os\.environ|getenv)")
ENVIRONMENT_READS = re.compile(r"os\.environ|os\.getenv|getenv\(|BaseSettings|\$\{\{\s*secrets\.")
SKIP_SCAN = re.compile(r"(^|/)(uv\.lock|poetry\.lock|Pipfile\.lock|package-lock\.json|[\w.-]+\.lock)$")


def check(project: Project) -> CheckResult:
    """Absent (the practice of keeping secrets out is missing) when a secret or risky file is committed;
    evidenced when credentials come from the environment or an example file; not applicable otherwise."""
    found = [*_risky_files(project), *_in_texts(project)]
    if found:
        problems = [f"{item.quote} in {item.path}" + (f" line {item.line}" if item.line else "") for item in found]
        return CheckResult(
            check="secrets",
            status=Status.ABSENT,
            summary=f"{len(found)} committed secret(s).",
            evidence=found,
            problems=problems,
        )
    safe = [Evidence(path=path, quote="credentials read from the environment") for path in _environment_users(project)]
    if not safe:
        return CheckResult(check="secrets", status=Status.NOT_APPLICABLE, summary="No credentials are used.")
    return CheckResult(
        check="secrets", status=Status.EVIDENCED, summary="Credentials come from the environment.", evidence=safe[:5]
    )


def _risky_files(project: Project) -> list[Evidence]:
    return [
        Evidence(path=path, quote="a file that usually holds credentials")
        for path in sorted(project.files)
        if RISKY_NAMES.search(path) and not EXAMPLE_NAMES.search(path)
    ]


def _in_texts(project: Project) -> list[Evidence]:
    with transient_settings({"plugins_used": [{"name": name} for name in DETECTORS]}):
        return _scan_all(project)


def _scan_all(project: Project) -> list[Evidence]:
    found: list[Evidence] = []
    sources = [(path, _scannable(path, project.text(path))) for path in sorted(project.files)]
    sources += [(f"history {key}", text) for key, text in sorted(project.removed_texts.items())]
    for path, text in sources:
        if text and not SKIP_SCAN.search(path) and not EXAMPLE_NAMES.search(path):
            found.extend(_scan(path, text))
    return found


def _scannable(path: str, text: str | None) -> str | None:
    """A notebook's code and markdown only: outputs are printed data, not code."""
    if text is None or not path.endswith(".ipynb"):
        return text
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return text
    parts = ["".join(cell.get("source", "")) for cell in cells if isinstance(cell, dict)]
    return "\n".join(part if isinstance(part, str) else "" for part in parts)


def _scan(path: str, text: str) -> list[Evidence]:
    """detect-secrets over each line; placeholders ("your-key-here", "change-me") are not secrets."""
    found = []
    for number, line in enumerate(text.splitlines()[:MAX_LINES], start=1):
        if len(line) > 2000:
            continue  # minified or generated content, not where people paste keys
        for kind, value in _candidates(line):
            if value and not _PLACEHOLDER.search(value):
                found.append(Evidence(path=path, line=number, quote=f"{kind} {value[:4]}…"))
                break
    return found


def _candidates(line: str) -> list[tuple[str, str]]:
    found = [(secret.type, secret.secret_value or "") for secret in scan_line(line)]
    match = ASSIGNMENT.match(line) if not found else None
    return [*found, ("Secret assignment", match.group("value"))] if match else found


def _environment_users(project: Project) -> list[str]:
    example = [path for path in project.files if EXAMPLE_NAMES.search(path.rsplit("/", 1)[-1]) and ".env" in path]
    readers = [path for path in project.paths(".py") if ENVIRONMENT_READS.search(project.text(path) or "")]
    return example + readers
