"""The baseline of the load benchmark: the smallest Flask app, served by the same gunicorn config."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Lernlotse"
