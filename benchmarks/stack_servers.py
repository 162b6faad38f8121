"""Processes for benchmarks/stack.py: the Lotse stack as scripts/run.sh starts it, Rasa's
moodbot for comparison, timed training; every process in its own group so that nothing
outlives the benchmark, also on Ctrl-C or an error."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Dict, List, Optional

import requests
import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")  # the venv's rasa, next to its python
MODEL = PROJECT_DIR / "models" / "lotse.tar.gz"
# written by `make train` (seconds of its `rasa train` line), see README "Benchmarks"
TRAIN_RECORD = PROJECT_DIR / "models" / "lotse.train-seconds"
MOODBOT_CACHE = PROJECT_DIR / "models" / "bench-moodbot"
QUIET = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
         "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """Starts commands as process-group leaders and stops every group on exit."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.running: List[subprocess.Popen] = []

    def start(self, name: str, args: List[str], cwd: Path, env: Dict[str, str]) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - our own commands
            args, cwd=cwd, env={**os.environ, **QUIET, **env}, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()  # the child keeps its own descriptor
        process.log = self.log_dir / f"{name}.log"  # type: ignore[attr-defined]
        self.running.append(process)
        return process

    def run(self, name: str, args: List[str], cwd: Path, env: Dict[str, str],
            timeout: float) -> float:
        """Runs a command to its end; returns its wall time in seconds."""
        started = time.monotonic()
        process = self.start(name, args, cwd, env)
        try:
            code = process.wait(timeout=timeout)
        finally:
            self.stop(process)
        if code != 0:
            tail = process.log.read_text(errors="replace")[-2000:]  # type: ignore[attr-defined]
            raise RuntimeError(f"{' '.join(args[:3])} failed ({code}):\n{tail}")
        return time.monotonic() - started

    def stop(self, process: subprocess.Popen) -> None:
        # the whole group: run.sh's children, rasa's worker threads' subprocesses
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in list(reversed(self.running)):
            self.stop(process)


@dataclass
class Server:
    name: str
    url: str  # Rasa server base URL
    process: subprocess.Popen
    cold_start_s: float  # process start -> first non-empty answer over REST

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"


def wait_for_first_answer(url: str, process: subprocess.Popen, started: float,
                          message: str, limit_s: float = 300) -> float:
    """Seconds from `started` until the REST webhook gives a non-empty answer."""
    while time.monotonic() - started < limit_s:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}), see "
                               f"{process.log}")  # type: ignore[attr-defined]
        try:
            response = requests.post(f"{url}/webhooks/rest/webhook", timeout=10,
                                     json={"sender": "bench-cold-start", "message": message})
            if response.status_code == 200 and response.json():
                return time.monotonic() - started
        except requests.RequestException:
            pass  # not listening yet, or the model is still loading
        time.sleep(0.2)
    raise RuntimeError(f"no answer after {limit_s:.0f} s, see "
                       f"{process.log}")  # type: ignore[attr-defined]


def start_lotse(processes: Processes, data_dir: Path) -> Server:
    """The stack exactly as `make run` starts it (scripts/run.sh), on free ports, with
    throwaway SQLite files and an SMTP port where nothing listens."""
    rasa_port, actions_port = free_port(), free_port()
    env = {
        "LOTSE_HOST": "127.0.0.1",
        "LOTSE_RASA_PORT": str(rasa_port),
        "LOTSE_ACTIONS_PORT": str(actions_port),
        "LOTSE_ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "LOTSE_TRACKER_DB_URL": f"sqlite:///{data_dir}/tracker.db",
        "LOTSE_DATA_DIR": str(data_dir),
        "LOTSE_SMTP_HOST": "127.0.0.1",
        "LOTSE_SMTP_PORT": str(free_port()),
        "LOTSE_OUTBOX_RETRY_SECONDS": "3600",
        # load from one address: the limits must not be what is measured
        "LOTSE_LIMIT_CLIENT": "1000000/minute",
        "LOTSE_LIMIT_CONVERSATION": "100000/minute",
        # every test conversation comes from 127.0.0.1: the per-client limits would stop them
        "LOTSE_LIMIT_BOOKINGS_CLIENT": "100000/hour",
        "LOTSE_LIMIT_CONTACTS_CLIENT": "100000/hour",
        **unset_channel_variables(),
    }
    started = time.monotonic()
    process = processes.start("lotse", ["bash", "-c", ". scripts/env.sh && exec scripts/run.sh"],
                              PROJECT_DIR, env)
    url = f"http://127.0.0.1:{rasa_port}"
    cold = wait_for_first_answer(url, process, started, "Hallo")
    requests.get(f"http://127.0.0.1:{actions_port}/health", timeout=10).raise_for_status()
    return Server("Lotse", url, process, cold)


def unset_channel_variables() -> Dict[str, str]:
    """Empty values for the ${VAR}s of credentials.yml that the environment lacks: Rasa
    refuses to start on an unset one, and an empty one leaves that channel off (the benchmark
    uses REST and socket.io only). scripts/env.sh's `:=` defaults still replace them."""
    text = (PROJECT_DIR / "credentials.yml").read_text("utf-8")
    return {name: "" for name in re.findall(r"\$\{(\w+)\}", text) if name not in os.environ}


def moodbot_project(processes: Processes, work_dir: Path) -> Path:
    """Rasa's `rasa init` moodbot, trained once per Rasa version and kept in models/."""
    cache = MOODBOT_CACHE / version("rasa")
    if any((cache / "models").glob("*.tar.gz")):
        return cache
    init_dir = work_dir / "moodbot"
    init_dir.mkdir()
    print("training the moodbot once for this Rasa version (1-3 min) ...", flush=True)
    processes.run("moodbot-init", [RASA, "init", "--no-prompt", "--init-dir", str(init_dir)],
                  work_dir, {"RASA_CACHE_DIRECTORY": str(work_dir / "moodbot-cache")},
                  timeout=1200)
    # only the REST channel: the template's `rasa:` channel would point at Rasa X
    (init_dir / "credentials.yml").write_text("rest:\n", "utf-8")
    partial = cache.with_name(cache.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(init_dir, partial, ignore=shutil.ignore_patterns(".rasa", "__pycache__"))
    partial.rename(cache)  # atomic: a cancelled run leaves no half-filled cache
    return cache


def start_moodbot(processes: Processes, project: Path) -> Server:
    port = free_port()
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    started = time.monotonic()
    process = processes.start(
        "moodbot", [RASA, "run", "--enable-api", "--model", str(model), "--interface",
                    "127.0.0.1", "--port", str(port), "--credentials", "credentials.yml"],
        project, {})
    url = f"http://127.0.0.1:{port}"
    return Server("moodbot", url, process, wait_for_first_answer(url, process, started, "hello"))


def time_full_training(processes: Processes, work_dir: Path) -> float:
    """A forced `rasa train` of the project into a temporary directory, with its own cache:
    models/lotse.tar.gz and .rasa/cache stay untouched."""
    if not (PROJECT_DIR / "models" / "spacy" / "lotse-entities").is_dir():
        raise RuntimeError("the entity pipeline is missing: run `make train` first")
    print("timing a full `rasa train --force` (several minutes) ...", flush=True)
    return processes.run(
        "train", [RASA, "train", "--force", "--quiet", "--fixed-model-name", "lotse",
                  "--out", str(work_dir / "trained")],
        PROJECT_DIR, {"RASA_CACHE_DIRECTORY": str(work_dir / "train-cache")}, timeout=3600)


def recorded_training() -> Optional[float]:
    """Seconds of the last `make train`, if it trained the current model."""
    if not (TRAIN_RECORD.exists() and MODEL.exists()):
        return None
    with tarfile.open(MODEL, "r:gz") as archive:
        member = next(m for m in archive if m.name.lstrip("/") == "metadata.json")
        trained_at = json.load(archive.extractfile(member))["trained_at"]  # type: ignore[arg-type]
    # trained_at is UTC; a model trained after the record (plain `rasa train`) is not timed
    recorded = datetime.utcfromtimestamp(TRAIN_RECORD.stat().st_mtime)
    if recorded < datetime.fromisoformat(trained_at):
        return None
    return float(TRAIN_RECORD.read_text().strip())


def group_members(pgid: int) -> Dict[int, str]:
    """pid -> command line of every process in a process group."""
    members = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        if int(stat.rsplit(")", 1)[1].split()[2]) == pgid:
            members[int(entry.name)] = cmdline
    return members


def memory_mb(pgid: int, marker: str) -> Dict[str, float]:
    """VmRSS and VmHWM (peak) in MB of the group's process whose command line has `marker`."""
    for pid, cmdline in group_members(pgid).items():
        if marker in cmdline:
            fields = dict(line.split(":", 1) for line in
                          Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
            # kB in /proc means KiB
            return {k: int(fields[k].split()[0]) * 1024 / 1e6 for k in ("VmRSS", "VmHWM")}
    raise RuntimeError(f"no process with '{marker}' in group {pgid}")


def socketio_settings() -> Optional[Dict[str, str]]:
    """Path and event names of the socket.io channel that credentials.yml configures
    (Rasa's `socketio` or a class of ours whose name contains 'socketio'), if any."""
    credentials = yaml.safe_load((PROJECT_DIR / "credentials.yml").read_text("utf-8")) or {}
    for channel, settings in credentials.items():
        if "socketio" in channel.lower():
            settings = settings or {}
            return {"path": settings.get("socketio_path", "/socket.io"),
                    "user_event": settings.get("user_message_evt", "user_uttered"),
                    "bot_event": settings.get("bot_message_evt", "bot_uttered"),
                    "namespace": settings.get("namespace") or "/"}
    return None


def machine() -> Dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), "unknown")
    meminfo = Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0]
    load = os.getloadavg()
    return {"cpu": model, "cores": str(os.cpu_count()),
            "ram": f"{int(meminfo) * 1024 / 1e9:.1f} GB",
            "load": f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"}


def versions() -> Dict[str, str]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"],  # noqa: S603, S607
                            cwd=PROJECT_DIR, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"],  # noqa: S603, S607
                           cwd=PROJECT_DIR, capture_output=True, text=True).stdout.strip()
    return {"python": sys.version.split()[0], "rasa": version("rasa"),
            "rasa-sdk": version("rasa-sdk"),
            "commit": (commit or "unknown") + (" (uncommitted changes)" if dirty else "")}
