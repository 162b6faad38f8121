"""Renders deploy/nginx/lotse.conf for other addresses, e.g. a cluster on loopback:

    python deploy/nginx/render.py --rasa 127.0.0.1:15005,127.0.0.1:15006 \\
        --actions 127.0.0.1:15055,127.0.0.1:15056 --public 127.0.0.1:18080 \\
        --internal 127.0.0.1:15057 > lotse-test.conf

Only the `server host:port;` lines of `upstream lotse_rasa` and `upstream lotse_actions` and the
two `listen` lines (8080 public, 5056 internal) change. Exit 1 when the file no longer has that
shape, or when a host of the original upstreams still appears afterwards: a test must never
run a half-substituted copy. Standard library only (any Python 3)."""

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, List

CONF = Path(__file__).with_name("lotse.conf")
UPSTREAMS = ("lotse_rasa", "lotse_actions")
LISTEN_PORTS = {"8080": "public", "5056": "internal"}
SERVER = re.compile(r"^\s*server\s+([^\s;]+);\s*$")
LISTEN = re.compile(r"^\s*listen\s+([^\s;]+);\s*$")


class ShapeError(ValueError):
    pass


def render(text: str, servers: Dict[str, List[str]], listen: Dict[str, str]) -> str:
    """`servers`: upstream name -> host:port list; `listen`: "public"/"internal" -> address."""
    out: List[str] = []
    original_hosts: List[str] = []
    block = None
    seen_blocks, seen_listen = set(), set()
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0].strip()
        start = re.fullmatch(r"upstream\s+(\S+)\s*\{", code)
        if start:
            block = start[1]
            if block not in UPSTREAMS or block in seen_blocks:
                raise ShapeError(f"line {number}: unexpected upstream block {block}")
            seen_blocks.add(block)
            out.append(line)
            out += [f"    server {address};" for address in servers[block]]
            continue
        if block:
            if code == "}":
                block = None
                out.append(line)
            elif SERVER.match(code):
                original_hosts.append(SERVER.match(code)[1].rsplit(":", 1)[0])
            elif code:
                raise ShapeError(f"line {number}: only `server host:port;` lines in {block}")
            continue
        listening = LISTEN.match(code)
        if listening:
            role = LISTEN_PORTS.get(listening[1])
            if role is None or role in seen_listen:
                raise ShapeError(f"line {number}: unexpected listen {listening[1]}")
            seen_listen.add(role)
            out.append(f"    listen {listen[role]};")
            continue
        if re.match(r"^\s*(server|listen)\s+\S+;", code):
            raise ShapeError(f"line {number}: `{code}` outside the upstream blocks")
        out.append(line)
    if seen_blocks != set(UPSTREAMS) or seen_listen != set(LISTEN_PORTS.values()):
        raise ShapeError("expected the upstream blocks lotse_rasa and lotse_actions and the "
                         "listen lines 8080 and 5056")
    rendered = "\n".join(out) + "\n"
    code = "\n".join(line.split("#", 1)[0] for line in rendered.splitlines())
    for host in original_hosts:
        if re.search(rf"(?<![\w.-]){re.escape(host)}(?![\w.-])", code):
            raise ShapeError(f"{host} still appears after rendering")
    return rendered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rasa", required=True, help="host:port,host:port of the Rasa servers")
    parser.add_argument("--actions", required=True, help="host:port,... of the action servers")
    parser.add_argument("--public", required=True, help="listen address instead of 8080")
    parser.add_argument("--internal", required=True, help="listen address instead of 5056")
    parser.add_argument("--conf", type=Path, default=CONF)
    args = parser.parse_args()
    servers = {"lotse_rasa": args.rasa.split(","), "lotse_actions": args.actions.split(",")}
    try:
        sys.stdout.write(render(args.conf.read_text("utf-8"), servers,
                                {"public": args.public, "internal": args.internal}))
    except ShapeError as error:
        print(f"{args.conf}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
