"""docker-compose.yml and the Dockerfile against the settings (Docker does not run here): every
variable they set is one the settings read, and web, worker and beat are one image, one settings
module, one media volume.
"""

import ast
import re

import yaml

from tests.deploy.conftest import BASE_DIR

ENV_READERS = {"envstr", "envbool", "envint", "envlist"}
APP_SERVICES = {"migrate", "web", "worker", "beat"}


def settings_variables() -> set[str]:
    """The variables secrelease/settings read (through env.py), and DJANGO_SETTINGS_MODULE."""
    names = {"DJANGO_SETTINGS_MODULE"}
    for path in (BASE_DIR / "secrelease" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ENV_READERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
                if node.func.id == "envstr":
                    names.add(f"{node.args[0].value}_FILE")
    return names


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_the_settings_reader_finds_the_variables_it_should():
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "SECRET_KEY_FILE"} <= (
        settings_variables()
    )
    assert "SECURE_SSL_REDIRECT" in settings_variables()  # production.py


def test_compose_has_the_services_of_the_scale_path():
    assert set(compose()["services"]) == APP_SERVICES | {"postgres", "redis"}


def test_every_variable_compose_gives_the_app_is_one_the_settings_read():
    known = settings_variables()
    for name in APP_SERVICES:
        env = compose()["services"][name]["environment"]
        assert set(env) - known == set(), name


def test_web_worker_and_beat_share_image_settings_and_media():
    services = compose()["services"]
    apps = [services[name] for name in sorted(APP_SERVICES)]
    assert {s["image"] for s in apps} == {"secrelease:latest"}
    assert {s["environment"]["DJANGO_SETTINGS_MODULE"] for s in apps} == {
        "secrelease.settings.production"
    }
    for name in ("web", "worker"):
        media_root = services[name]["environment"]["MEDIA_ROOT"]
        assert f"media:{media_root}" in services[name]["volumes"]


def test_each_service_runs_its_own_process():
    services = compose()["services"]
    assert services["web"]["command"][:2] == ["gunicorn", "secrelease.wsgi"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "secrelease", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "secrelease", "beat"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["beat"]["deploy"]["replicas"] == 1  # a second beat sends every task twice


def test_the_app_waits_for_migrate_and_the_services_it_uses():
    services = compose()["services"]
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "redis": {"condition": "service_healthy"},
        }
    for name in ("web", "worker", "postgres", "redis"):
        assert services[name]["healthcheck"]["test"], name


def test_database_and_broker_urls_name_the_compose_services():
    env = compose()["services"]["web"]["environment"]
    assert re.fullmatch(
        r"postgres://secrelease:\$\{POSTGRES_PASSWORD:-\w+\}@postgres:5432/secrelease",
        env["DATABASE_URL"],
    )
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"


def test_every_variable_the_dockerfile_sets_for_the_app_is_one_the_settings_read():
    text = (BASE_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    names = set()
    for line in text.splitlines():
        if line.startswith("ENV "):
            names |= set(re.findall(r"(\w+)=", line))
    python_own = {n for n in names if n.startswith(("PYTHON", "PIP_"))}
    assert names - python_own - settings_variables() == set()
    assert "STATIC_ROOT" in names
