"""``rollout serve``: start the Streamlit app (headless), honouring ROLLOUT_DATABASE_URL."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

APP_FILE = Path(__file__).resolve().parents[3] / "app.py"
# The server module: app.py plus the HTTP routes that set the HttpOnly session cookie.
SERVER_FILE = Path(__file__).resolve().parents[1] / "ui" / "server.py"


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="port to listen on")] = 8501,
    ) -> None:
        """Start the web app (SQLite by default; set ROLLOUT_DATABASE_URL for PostgreSQL)."""
        if not APP_FILE.is_file():
            typer.echo(f"error: {APP_FILE} not found; run from a source checkout", err=True)
            raise typer.Exit(1)
        typer.echo(f"Rollout is starting on http://{host}:{port} (Ctrl+C stops it)")
        # No file watcher: when a source file changes (an upgrade in place), Streamlit evicts
        # every Rollout module and re-imports it in the next run, which fails ("Table
        # 'organisations' is already defined"); and after each run it scans sys.modules for new
        # files to watch, per session. Developers who want reload-on-save run `streamlit run`.
        args = [sys.executable, "-m", "streamlit", "run", str(SERVER_FILE),
                "--server.headless", "true", "--server.address", host,
                "--server.port", str(port), "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none"]
        os.chdir(APP_FILE.parent)  # so .streamlit/config.toml applies
        os.execv(sys.executable, args)
