"""Check that every URL in the office configuration still answers.

Citizens get these links from the chat (online applications, booking, contact form), so a
dead one is a dead end for them. One line per URL with its status and where it is used,
then a summary. Exit 0: all reachable (2xx, after redirects); 1: some dead or unreachable;
2: usage or configuration error.

    python scripts/check_links.py [--office-dir office] [--timeout 3,5] [--include-legal]
"""

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import requests
import yaml
from pydantic import BaseModel

from actions import settings
from actions.knowledge import load_knowledge
from actions.office import OfficeConfigError, load_registry

HEADERS = {"User-Agent": "Lotse link check"}
DEFAULT_TIMEOUT = (3.0, 5.0)  # connect, read: an office site slower than that fails citizens too
PARALLEL = 8  # a few at once: fast enough, and no burst against one small municipal server
Timeout = Tuple[float, float]


@dataclass(frozen=True)
class Result:
    url: str
    status: str  # "OK 200", "REDIRECT 301", "DEAD 404", "ERROR timeout", ...
    reachable: bool
    final_url: Optional[str] = None  # set when redirected
    hops: int = 0


def model_urls(value: object, where: str) -> Iterator[Tuple[str, str]]:
    """(url, where) for every http(s) value below a validated model, whatever the schema adds."""
    if isinstance(value, BaseModel):
        for name in value.__fields__:
            # __root__ (e.g. Localized) is the model itself, not a key an operator writes
            path = where if name == "__root__" else f"{where}.{name}"
            yield from model_urls(getattr(value, name), path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from model_urls(item, f"{where}[{key}]")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            # services[extension] says more to an operator than services[0]
            yield from model_urls(item, f"{where}[{getattr(item, 'id', index)}]")
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        yield str(value), where


def collect(office_dir: Path, include_legal: bool) -> Dict[str, List[str]]:
    """URL -> the places using it, in file order; raises OfficeConfigError, OSError, ..."""
    places: Dict[str, List[str]] = {}
    for office in load_registry(office_dir).offices:
        for url, where in model_urls(office, ""):
            places.setdefault(url, []).append(f"{office.id}: {where.lstrip('.')}")
    if include_legal:
        for law, url in load_knowledge(settings.KNOWLEDGE_DIR).law_urls.items():
            places.setdefault(url, []).append(f"legal.yml: laws[{law}]")
        referrals = settings.KNOWLEDGE_DIR / "referrals.yml"
        national = yaml.safe_load(referrals.read_text("utf-8")) if referrals.exists() else {}
        for authority, entry in (national or {}).get("authorities", {}).items():
            if entry.get("url"):
                places.setdefault(entry["url"], []).append(
                    f"referrals.yml: authorities[{authority}]")
    return places


def _request(method: str, url: str, timeout: Timeout) -> requests.Response:
    # stream: a GET fallback needs the status, not the whole document
    with requests.request(
        method, url, headers=HEADERS, timeout=timeout, allow_redirects=True, stream=True
    ) as response:
        return response


def _connection_problem(error: requests.ConnectionError) -> str:
    text = str(error)
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS error"
    if "refused" in text.lower():
        return "connection refused"
    if "resolve" in text or "Name or service not known" in text:
        return "host not found"
    return "connection failed"


def check(url: str, timeout: Timeout) -> Result:
    try:
        response = _request("HEAD", url, timeout)
        if response.status_code in (405, 501):  # some servers refuse HEAD but serve the page
            response = _request("GET", url, timeout)
    except requests.Timeout:  # before ConnectionError: ConnectTimeout is both
        return Result(url, "ERROR timeout", False)
    except requests.ConnectionError as error:
        return Result(url, f"ERROR {_connection_problem(error)}", False)
    except requests.RequestException as error:  # too many redirects, invalid URL, ...
        return Result(url, f"ERROR {type(error).__name__}", False)
    reachable = 200 <= response.status_code < 300
    if not response.history:
        return Result(url, f"{'OK' if reachable else 'DEAD'} {response.status_code}", reachable)
    first = response.history[0].status_code
    status = f"REDIRECT {first}" if reachable else f"DEAD {response.status_code}"
    return Result(url, status, reachable, response.url, len(response.history))


def report_line(result: Result, places: List[str]) -> str:
    line = f"{result.status:<26} {result.url}"
    if result.final_url:
        line += f" → {result.final_url} ({result.hops} hop{'s' if result.hops > 1 else ''})"
    return f"{line}  [{'; '.join(places)}]"


def timeout_argument(text: str) -> Timeout:
    """'4' waits 4 s to connect and 4 s to read; '3,5' waits 3 s and 5 s."""
    try:
        seconds = [float(part) for part in text.split(",")]
    except ValueError:
        seconds = []
    if len(seconds) not in (1, 2) or min(seconds) <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not SECONDS or CONNECT,READ seconds")
    return seconds[0], seconds[-1]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--office-dir", type=Path, default=settings.OFFICE_DIR)
    parser.add_argument(
        "--timeout",
        type=timeout_argument,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="per request: SECONDS or CONNECT,READ (default 3,5)",
    )
    parser.add_argument(
        "--include-legal", action="store_true",
        help="also check the law URLs of legal.yml and the national links of referrals.yml",
    )
    args = parser.parse_args(argv)
    try:
        places = collect(args.office_dir, args.include_legal)
    except (OfficeConfigError, OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        # one line, also for YAML errors, whose messages span several
        print(f"Link check: configuration error: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        results = list(pool.map(lambda url: check(url, args.timeout), places))
    for result in results:
        print(report_line(result, places[result.url]))
    failing = sum(not result.reachable for result in results)
    print(f"{len(results)} URLs checked: {len(results) - failing} reachable, {failing} failing")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
