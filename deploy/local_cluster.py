"""The production topology on this machine, on free loopback ports in a throwaway folder:
PostgreSQL (conversations), Redis (locks, limits, messenger ids), nginx (deploy/nginx/lotse.conf
rendered for loopback), Rasa and action-server replicas started by scripts/rasa.sh and
scripts/actions.sh with the settings of scripts/env.sh.

`make run-cluster` runs it until Ctrl-C (python -m deploy.local_cluster); tests/cluster/ start
it to kill, stop and restart its parts. Debian's packages: postgresql, redis-server, nginx.
PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import requests

from deploy.nginx.render import CONF, render

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (requests.RequestException, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{what} not ready after {seconds:.0f} s")


def _postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        raise FileNotFoundError("PostgreSQL not installed: apt-get install postgresql")
    return versions[-1].parent


class Postgres:
    """A throwaway cluster: initdb, password authentication, loopback only."""

    def __init__(self, root: Path) -> None:
        self.dir = root / "postgres"
        self.dir.mkdir()
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self.bin = _postgres_bin()
        self.as_user: List[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        password_file = self.dir / "password"
        password_file.write_text(self.password)
        if self.as_user:
            shutil.chown(password_file, "postgres", "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "lotse", "-E", "UTF8",
                  "--auth=scram-sha-256", f"--pwfile={password_file}")
        password_file.unlink()

    @property
    def url(self) -> str:
        return f"postgresql://lotse:{self.password}@{HOST}:{self.port}/lotse"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.dir)

    def start(self) -> "Postgres":
        options = (f"-p {self.port} -c listen_addresses={HOST} -k {self.dir} "
                   "-c fsync=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"),
                  "-o", options, "-w", "start")
        env = {**os.environ, "PGPASSWORD": self.password}
        exists = subprocess.run(
            [str(self.bin / "psql"), "-h", HOST, "-p", str(self.port), "-U", "lotse", "-d",
             "postgres", "-tAc", "SELECT 1 FROM pg_database WHERE datname = 'lotse'"],
            env=env, check=True, capture_output=True, text=True).stdout.strip()
        if not exists:
            subprocess.run([str(self.bin / "createdb"), "-h", HOST, "-p", str(self.port),
                            "-U", "lotse", "lotse"], env=env, check=True)
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", mode, "-w", "stop")


class Process:
    """A server process of its own process group (killed with all its children)."""

    def __init__(self, name: str, command: List[str], env: Dict[str, str], log: Path) -> None:
        self.name, self.command, self.env, self.log_path = name, command, env, log
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "Process":
        log = self.log_path.open("a")
        self.process = subprocess.Popen(self.command, cwd=PROJECT_DIR, env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        return self

    def signal(self, number: int) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, number)

    def stop(self) -> None:
        if not self.process:
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait()

    def kill(self) -> None:
        """kill -9: no shutdown, as a crashed machine or container."""
        self.signal(signal.SIGKILL)
        if self.process:
            self.process.wait()


class Redis(Process):
    """A throwaway Redis with a password, loopback only, nothing written to disk."""

    def __init__(self, root: Path, log: Path) -> None:
        self.port, self.password = free_port(), secrets.token_hex(12)
        super().__init__("redis", [
            "redis-server", "--port", str(self.port), "--bind", HOST,
            "--requirepass", self.password, "--save", "", "--appendonly", "no",
            "--dir", str(root)], dict(os.environ), log)

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@{HOST}:{self.port}/0"

    def start(self) -> "Redis":
        super().start()
        wait_for(self._answers, 10, "Redis")
        return self

    def _answers(self) -> bool:
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_timeout=1).ping()
        except redis.RedisError:
            return False


class Cluster:
    def __init__(self, rasa_replicas: int = 2, action_replicas: int = 2,
                 root: Optional[Path] = None, settings: Optional[Dict[str, str]] = None) -> None:
        # not under a root-only folder: PostgreSQL runs as its own user
        self.root = root or Path(tempfile.mkdtemp(prefix="lotse-cluster-"))
        self.root.chmod(0o755)
        self.logs = self.root / "logs"
        self.logs.mkdir(exist_ok=True)
        self.postgres = Postgres(self.root)
        self.redis = Redis(self.root, self.logs / "redis.log")
        self.public_port, self.internal_port = free_port(), free_port()
        self.rasa_ports = [free_port() for _ in range(rasa_replicas)]
        self.action_ports = [free_port() for _ in range(action_replicas)]
        self.url = f"http://{HOST}:{self.public_port}"
        self.settings = {
            "LOTSE_HOST": HOST,
            "LOTSE_TRACKER_DB_URL": self.postgres.url,
            "LOTSE_REDIS_URL": self.redis.url,
            "LOTSE_ACTION_ENDPOINT_URL": f"http://{HOST}:{self.internal_port}/webhook",
            # every replica the same secrets, as in production (deploy/env.example)
            "LOTSE_ACTION_SECRET": secrets.token_hex(24),
            "LOTSE_IDENTITY_SECRET": secrets.token_hex(24),
            "LOTSE_TRUSTED_PROXIES": HOST,  # nginx
            # calendar, outbox and feedback in PostgreSQL too, as on several hosts
            "LOTSE_ACTIONS_DB_URL": self.postgres.url,
            "LOTSE_DATA_DIR": str(self.root / "data"),
            **(settings or {}),
        }
        self.rasa = [self._replica("rasa", i, port) for i, port in enumerate(self.rasa_ports)]
        self.actions = [self._replica("actions", i, port)
                        for i, port in enumerate(self.action_ports)]
        self.nginx_conf = self.root / "nginx.conf"
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = Process("nginx", [nginx, "-p", str(self.root), "-c", str(self.nginx_conf)],
                             dict(os.environ), self.logs / "nginx.log")

    def _replica(self, kind: str, index: int, port: int) -> Process:
        script = {"rasa": "scripts/rasa.sh", "actions": "scripts/actions.sh"}[kind]
        port_variable = {"rasa": "LOTSE_RASA_PORT", "actions": "LOTSE_ACTIONS_PORT"}[kind]
        env = {**os.environ, **self.settings, port_variable: str(port)}
        return Process(f"{kind}-{index + 1}", ["bash", "-c", f". scripts/env.sh && exec {script}"],
                       env, self.logs / f"{kind}-{index + 1}.log")

    def _write_nginx_conf(self, drained: Tuple[int, ...] = ()) -> None:
        site = render(CONF.read_text("utf-8"), {
            "lotse_rasa": [f"{HOST}:{p}" + (" down" if i in drained else "")
                           for i, p in enumerate(self.rasa_ports)],
            "lotse_actions": [f"{HOST}:{p}" for p in self.action_ports],
        }, {"public": f"{HOST}:{self.public_port}", "internal": f"{HOST}:{self.internal_port}"})
        (self.root / "lotse-site.conf").write_text(site)
        temp = self.root / "nginx-temp"
        temp.mkdir(exist_ok=True)
        self.nginx_conf.write_text(f"""daemon off;
worker_processes 1;
pid {self.root}/nginx.pid;
error_log {self.logs}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.root}/lotse-site.conf;
}}
""")

    def start(self) -> "Cluster":
        self.postgres.start()
        self.redis.start()
        self._write_nginx_conf()
        self.nginx.start()
        for replica in self.actions + self.rasa:
            replica.start()
        for port in self.action_ports:
            wait_for(lambda p=port: requests.get(f"http://{HOST}:{p}/health", timeout=2).ok,
                     60, "action server")
        for port in self.rasa_ports:
            self.wait_rasa(port)
        wait_for(lambda: requests.get(f"{self.url}/ready", timeout=2).ok, 30, "nginx")
        return self

    def drain(self, *replicas: int) -> None:
        """nginx sends nothing new to these Rasa replicas (and forgets the failures it saw):
        its workers reload the configuration, the old ones finish what they pass on."""
        self._write_nginx_conf(replicas)
        subprocess.run([*self.nginx.command, "-s", "reload"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_rasa(self, port: int) -> None:
        wait_for(lambda: requests.get(f"http://{HOST}:{port}/ready", timeout=2).ok, 240,
                 f"Rasa server on port {port}")

    def stop(self) -> None:
        for process in [self.nginx, *self.rasa, *self.actions, self.redis]:
            process.stop()
        try:
            self.postgres.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped by a test

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def main() -> int:
    cluster = Cluster()
    print(f"Starting the cluster in {cluster.root} (logs: {cluster.logs}) …", flush=True)
    try:
        cluster.start()
        print(f"\nLotse cluster running (Ctrl-C stops it):\n"
              f"  nginx           {cluster.url}   (web chat demo: {cluster.url}/demo)\n"
              f"  Rasa replicas   {', '.join(f'{HOST}:{p}' for p in cluster.rasa_ports)}\n"
              f"  action servers  {', '.join(f'{HOST}:{p}' for p in cluster.action_ports)}\n"
              f"  PostgreSQL      {HOST}:{cluster.postgres.port}, Redis {HOST}:"
              f"{cluster.redis.port}\n", flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    except (TimeoutError, subprocess.CalledProcessError, FileNotFoundError) as error:
        print(f"The cluster did not start: {error}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
        cluster.remove()
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    sys.exit(main())
