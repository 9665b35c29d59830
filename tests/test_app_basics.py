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
