"""The web server: Streamlit's app (``app.py``) plus the two HTTP routes browser sessions need.

A Streamlit script runs over a websocket and cannot set a cookie, let alone an HttpOnly one.
Streamlit's ``st.App`` (Starlette) accepts extra routes, so the cookie is set here, by an
ordinary HTTP response (see :mod:`rollout.services.sessions` for the whole flow). ``rollout
serve`` runs this module with ``streamlit run``, which finds ``app`` and serves it with uvicorn.
"""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rollout.errors import RolloutError
from rollout.services import (
    MAX_TOKEN_CHARACTERS,
    SESSION_COOKIE,
    Database,
    claim_web_session,
    open_database,
    revoke_web_session,
)
from rollout.settings import load_settings
from rollout.ui.session_cookie import SESSION_ROUTE, SIGN_OUT_ROUTE

APP_FILE = Path(__file__).resolve().parents[3] / "app.py"
MAX_BODY_BYTES = 1024

_database: Database | None = None
_database_lock = threading.Lock()


def _db() -> Database:
    global _database
    with _database_lock:
        if _database is None:
            _database = open_database(load_settings().resolved_database_url)
        return _database


async def _form_value(request: Request, name: str) -> str | None:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return None
    form = await request.form(max_fields=2)
    value = form.get(name)
    return value if isinstance(value, str) and len(value) <= MAX_TOKEN_CHARACTERS else None


async def start_session(request: Request) -> Response:
    """Trade the hand-off code a sign-in produced for the session cookie."""
    code = await _form_value(request, "code")
    try:
        token, expires_at = await run_in_threadpool(
            lambda: claim_web_session(_db(), handoff_code=code))
    except RolloutError:
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(
        SESSION_COOKIE, token, expires=expires_at.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https")
    response.headers["Cache-Control"] = "no-store"
    return response


async def end_session(request: Request) -> Response:
    """Revoke the cookie's session and delete the cookie (sign-out)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token is not None:
        await run_in_threadpool(lambda: revoke_web_session(_db(), token=token))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")
    return response


app = st.App(APP_FILE, routes=[
    Route(SESSION_ROUTE, start_session, methods=["POST"]),
    Route(SIGN_OUT_ROUTE, end_session, methods=["POST"]),
])
