"""The bare floor: plain Flask that selects 20 rows and renders a minimal template."""

import os

import sqlalchemy as sa
from flask import Flask, render_template_string

TEMPLATE = "<ul>{% for row in rows %}<li>{{ row.id }} {{ row.starts_at }}</li>{% endfor %}</ul>"


def create_app() -> Flask:
    app = Flask(__name__)
    engine = sa.create_engine(os.environ["DATABASE_URL"])
    query = sa.text("SELECT id, starts_at FROM event ORDER BY starts_at LIMIT 20")

    @app.get("/floor")
    def floor():
        with engine.connect() as connection:
            rows = connection.execute(query).all()
        return render_template_string(TEMPLATE, rows=rows)

    return app
