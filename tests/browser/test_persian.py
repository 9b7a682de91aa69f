"""Issue 13 in a real browser: a user switches the sidebar to فارسی with Persian digits, and the
dashboard, assessment, plan and a trainer page read right to left, with Persian headings and
Jalali dates. Each page is saved as test-output/screenshots/fa-<page>.png (ignored by git)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from rollout.content.loader import load_content
from rollout.persistence.schema import open_database
from rollout.services.accounts import create_first_admin
from rollout.services.demo import load_demo
from tests.browser.conftest import AppServer
from tests.browser.test_end_to_end import TIMEOUT_MS, assert_no_exception, screenshot, settle

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
ADMIN = "admin@example.test"
JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
# A Jalali date in Persian digits: "۱۵ فروردین ۱۴۰۶" or "۱۴۰۶/۰۱/۱۵".
JALALI_DATE = re.compile(rf"[۰-۹]{{1,2}} ({JALALI_MONTHS}) ۱[۳۴][۰-۹]{{2}}"
                         r"|۱[۳۴][۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}")
PERSIAN_PAGES = {  # the English title in the catalogue -> what a Persian reader sees
    "Risk dashboard": "داشبورد ریسک",
    "Assessment": "ارزیابی",
    "Rollout plan": "برنامهٔ استقرار",
    "Training": "آموزش",
}


def _seed(server: AppServer) -> None:
    db = open_database(server.database_url)
    try:
        admin = create_first_admin(db, email=ADMIN, password=PASSWORD)
        load_demo(db, actor=admin, content=load_content())
    finally:
        db.dispose()


def _direction(page: Any, selector: str) -> str:
    value: str = page.locator(selector).first.evaluate("e => getComputedStyle(e).direction")
    return value


def _open(page: Any, server: AppServer, title: str) -> None:
    from playwright.sync_api import expect

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    heading = page.get_by_role("heading", name=title, exact=True)
    heading.or_(page.locator('[data-testid="stException"]')).first.wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page, server, title)
    expect(heading).to_be_visible()
    settle(page)


def test_persian_pages_read_right_to_left_with_jalali_dates(app_server: AppServer,
                                                            page: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page.set_default_timeout(TIMEOUT_MS)
    _seed(app_server)

    page.goto(app_server.url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("E-mail", exact=True).fill(ADMIN)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {ADMIN}")).to_be_visible()
    settle(page)

    # The switch reruns the script: wait for Persian words, not for the network to go quiet.
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("فارسی", exact=True).click()
    # Persian starts with Persian digits; the switch is turned on only if it is not already.
    digits = sidebar.get_by_role("switch", name="رقم‌های فارسی")
    digits.wait_for(timeout=TIMEOUT_MS)
    settle(page)
    if not digits.is_checked():
        digits.click()
    expect(digits).to_be_checked()
    settle(page)
    expect(sidebar.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name=PERSIAN_PAGES["Rollout plan"], exact=True)).to_be_visible()

    for english, persian in PERSIAN_PAGES.items():
        _open(page, app_server, persian)
        # Direction as the browser computes it: the page, its text, the sidebar.
        assert _direction(page, '[data-testid="stMain"]') == "rtl", english
        assert _direction(page, '[data-testid="stMain"] h1') == "rtl", english
        assert _direction(page, '[data-testid="stSidebar"]') == "rtl", english
        assert _direction(page, '[data-testid="stSidebarNav"] a') == "rtl", english
        # No English page title, heading or navigation entry is left.
        assert not page.get_by_role("heading", name=english, exact=True).count(), english
        if english == "Risk dashboard":
            expect(page.get_by_role("heading", name="مهم‌ترین ریسک‌ها")).to_be_visible()
        if english == "Rollout plan":
            tables = page.locator('[data-testid="stDataFrame"]')
            expect(tables.first).to_be_visible()
            assert _direction(page, '[data-testid="stDataFrame"]') == "rtl"
            # Metrics (start, end, first go-live) are Jalali dates in Persian digits.
            metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
            assert any(JALALI_DATE.search(text) for text in metrics), metrics
        screenshot(page, app_server, f"fa-{english.lower().replace(' ', '-')}")
