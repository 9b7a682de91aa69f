"""Exports in a real browser: the Exports page prepares and downloads every format."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from rollout.content.loader import load_default_content
from rollout.persistence.schema import open_database
from rollout.services import create_first_admin, demo
from tests.browser.conftest import AppServer
from tests.browser.test_end_to_end import (
    TIMEOUT_MS,
    assert_no_exception,
    choose,
    open_page,
    screenshot,
    settle,
)

pytestmark = pytest.mark.browser

EMAIL = "admin@example.test"
PASSWORD = "correct horse battery staple"
# Format label on the page -> what the downloaded file must start with (or be).
FORMATS = {
    "Report (PDF)": (".pdf", b"%PDF-"),
    "Report (HTML, one file)": (".html", b"<!DOCTYPE html>"),
    "Workbook (Excel)": (".xlsx", b"PK"),
    "Calendar (ICS)": (".ics", b"BEGIN:VCALENDAR"),
    "MS Project (XML)": (".xml", b"<?xml"),
    "Tables (CSV, zipped)": (".zip", b"PK"),
    "Organisation bundle (JSON)": (".json", b"{"),
}


def _seed(database_url: str) -> None:
    db = open_database(database_url)
    try:
        admin = create_first_admin(db, email=EMAIL, password=PASSWORD)
        demo.load_demo(db, actor=admin, content=load_default_content())
    finally:
        db.dispose()


def test_the_exports_page_downloads_every_format(app_server: AppServer, page: Any,
                                                 tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page.set_default_timeout(TIMEOUT_MS)
    _seed(app_server.database_url)
    page.goto(app_server.url)
    page.get_by_label("E-mail", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    settle(page)
    open_page(page, app_server, "Exports")
    for label, (extension, start) in FORMATS.items():
        selectbox = page.locator('[data-testid="stSelectbox"]').filter(has_text="Format")
        choose(page, selectbox, lambda options, label=label: options.filter(
            has_text=label).first)
        page.get_by_role("button", name="Prepare the file").click()
        # The button names the new file: a button left from the format before cannot match.
        download_button = page.get_by_role(
            "button", name=re.compile(r"^Download .*" + re.escape(extension) + "$"))
        download_button.or_(page.locator('[data-testid="stException"]')).first.wait_for()
        assert_no_exception(page, app_server, label)
        with page.expect_download() as info:
            download_button.click()
        download = info.value
        assert download.suggested_filename.endswith(extension), download.suggested_filename
        target = tmp_path / download.suggested_filename
        download.save_as(str(target))
        data = target.read_bytes()
        assert data.startswith(start), (label, data[:40])
        if extension == ".json":
            assert json.loads(data)["format"] == "rollout-organisation"
        if extension == ".xlsx":
            assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        settle(page)
    screenshot(page, app_server, "20-exports")
