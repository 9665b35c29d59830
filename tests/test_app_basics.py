"""The app starts, serves the home page and health check, and shows friendly errors."""

from portal.db import db
from portal.demo import load_demo


def test_home_lists_demo_articles(app, client):
    load_demo()
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Willow Lane Counselling" in page
    assert "Speaking kindly to yourself" in page
    assert "Need help now?" in page


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_sqlite_engine_options_do_not_leak_into_a_later_app(tmp_path):
    """A SQLite app once poisoned the shared defaults, so a PostgreSQL app got `timeout`."""
    from portal import create_app
    from portal.config import Defaults
    from tests.conftest import base_config

    sqlite_app = create_app({**base_config(tmp_path / "a"), "DATABASE_URL": None})
    assert sqlite_app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"] == {"timeout": 10}
    assert Defaults.SQLALCHEMY_ENGINE_OPTIONS == {}
    pg_app = create_app(
        {**base_config(tmp_path / "b"), "DATABASE_URL": "postgresql://nobody@127.0.0.1/none"}
    )
    assert "connect_args" not in pg_app.config["SQLALCHEMY_ENGINE_OPTIONS"]
