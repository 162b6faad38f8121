"""Who may use the staff pages (lotse/channels/staff.py): the office's token
(LOTSE_STAFF_TOKEN, as `Authorization: Bearer <token>` or as the password of HTTP Basic) or a
user of the staff user list (LOTSE_STAFF_USERS: one `name:pbkdf2_sha256$…` line per person,
passwords never stored, only salted PBKDF2 hashes). Nothing configured: nobody gets in.

    python -m lotse.staff_auth add <name> [--file var/staff-users]   # asks for the password
    python -m lotse.staff_auth remove <name> [--file …]

A hash takes ~0.3 s to check on purpose (600,000 rounds); a login that was right is
remembered for a few minutes (as a keyed digest, never the password) so that each search of
the page does not pay it again.
"""

import argparse
import base64
import binascii
import getpass
import hashlib
import hmac
import secrets
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

ALGORITHM = "pbkdf2_sha256"
ROUNDS = 600_000  # OWASP's recommendation for PBKDF2-HMAC-SHA256
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")
REMEMBER_SECONDS = 300
_KEY = secrets.token_bytes(32)  # per process: remembered logins end with it
_remembered: Dict[bytes, float] = {}


def hash_password(password: str, rounds: int = ROUNDS) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return "$".join([ALGORITHM, str(rounds), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


def verify_password(password: str, stored: str) -> bool:
    try:
        algorithm, rounds, salt, digest = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt),
                                     int(rounds))
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(actual, expected)


def read_users(path: Optional[Path]) -> Dict[str, str]:
    """name -> hash; a missing file has no users."""
    if not path or not path.is_file():
        return {}
    users = {}
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            name, stored = line.split(":", 1)
            users[name.strip()] = stored.strip()
    return users


def parse_authorization(header: str) -> Optional[tuple]:
    """("bearer", token) or ("basic", name, password) from an Authorization header."""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return ("bearer", value.strip())
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        name, sep, password = decoded.partition(":")
        if sep:
            return ("basic", name, password)
    return None


def authenticate(header: Optional[str], token: str, users_file: Optional[Path]) -> Optional[str]:
    """The user name the request authenticates as, or None."""
    parsed = parse_authorization(header or "")
    if not parsed:
        return None
    if parsed[0] == "bearer":
        good = bool(token) and hmac.compare_digest(parsed[1].encode(), token.encode())
        return "token" if good else None
    _, name, password = parsed
    if token and hmac.compare_digest(password.encode(), token.encode()):
        return "token"
    stored = read_users(users_file).get(name)
    if not stored:
        return None
    key = hmac.new(_KEY, f"{name}\0{password}\0{stored}".encode(), "sha256").digest()
    now = time.monotonic()
    if _remembered.get(key, 0.0) > now:
        return name
    if not verify_password(password, stored):
        return None
    if len(_remembered) > 1000:
        _remembered.clear()
    _remembered[key] = now + REMEMBER_SECONDS
    return name


def write_users(path: Path, users: Dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Lotse staff users (python -m lotse.staff_auth): name:hash"]
    lines += [f"{name}:{stored}" for name, stored in sorted(users.items())]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    path.chmod(0o600)


def main(argv: Optional[List[str]] = None) -> int:
    from lotse import settings

    parser = argparse.ArgumentParser(prog="python -m lotse.staff_auth",
                                     description="Manage the staff users of the law search.")
    parser.add_argument("action", choices=["add", "remove"])
    parser.add_argument("name")
    parser.add_argument("--file", type=Path, default=settings.STAFF_USERS,
                        help="the user list (default: LOTSE_STAFF_USERS)")
    args = parser.parse_args(argv)
    if args.file is None:
        print("Name the user list: --file var/staff-users (and set LOTSE_STAFF_USERS to it)",
              file=sys.stderr)
        return 2
    name = args.name.lower()
    if not name or set(name) - NAME_CHARS or len(name) > 64:
        print("A user name is 1-64 of a-z 0-9 . _ - @", file=sys.stderr)
        return 2
    users = read_users(args.file)
    if args.action == "remove":
        users.pop(name, None)
    else:
        password = getpass.getpass(f"Password for {name}: ")
        if len(password) < 12 or password != getpass.getpass("Again: "):
            print("Passwords differ or are shorter than 12 characters.", file=sys.stderr)
            return 2
        users[name] = hash_password(password)
    write_users(args.file, users)
    print(f"{args.file}: {len(users)} user(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
