"""Production settings pass Django's deployment checks."""

from tests.deploy.conftest import manage


def test_check_deploy_reports_nothing(production_env):
    # As deployed: HTTPS redirect on (production_env turns it off for the process tests).
    env = {**production_env, "SECURE_SSL_REDIRECT": "true"}

    result = manage(["check", "--deploy", "--fail-level", "WARNING"], env, check=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_production_settings_refuse_a_missing_secret_key(production_env):
    env = {**production_env}
    del env["SECRET_KEY"]

    result = manage(["check"], env, check=False)

    assert result.returncode != 0
    assert "Set SECRET_KEY (or SECRET_KEY_FILE) for production." in result.stderr
