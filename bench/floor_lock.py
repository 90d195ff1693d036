"""The bare floor for writes: plain Flask that locks, counts and inserts one row."""

import os

import sqlalchemy as sa
from flask import Flask

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS floor_event (id INTEGER PRIMARY KEY, capacity INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS floor_seat (id {serial} PRIMARY KEY, event_id INTEGER NOT NULL)",
)


def prepare(url: str) -> None:
    engine = sa.create_engine(url)
    serial = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.exec_driver_sql(statement.format(serial=serial))
        connection.exec_driver_sql("DELETE FROM floor_seat")
        connection.exec_driver_sql("DELETE FROM floor_event")
        connection.exec_driver_sql("INSERT INTO floor_event (id, capacity) VALUES (1, 1000000)")
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://")
    sqlite = url.startswith("sqlite")
    engine = sa.create_engine(
        url, connect_args={"isolation_level": None, "timeout": 30} if sqlite else {}
    )

    @app.post("/floor")
    def floor():
        with engine.connect() as connection:
            if sqlite:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                connection.exec_driver_sql("SELECT capacity FROM floor_event WHERE id = 1")
            else:
                connection.exec_driver_sql(
                    "SELECT capacity FROM floor_event WHERE id = 1 FOR UPDATE"
                )
            taken = connection.exec_driver_sql(
                "SELECT count(*) FROM floor_seat WHERE event_id = 1"
            ).scalar()
            connection.exec_driver_sql("INSERT INTO floor_seat (event_id) VALUES (1)")
            connection.exec_driver_sql("COMMIT") if sqlite else connection.commit()
        return {"taken": taken + 1}, 201

    return app
