"""What every page a browser test visits is checked for: axe-core (WCAG 2.0/2.1/2.2 A and AA),
the structure axe does not check, and the Nu HTML Checker on the HTML as served.

Import `violations` and the `html_is_valid` fixture into a test module: after each test, every
page `violations` looked at must be valid HTML too.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import nu_errors, served_html

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
axe = Axe()
SNAPSHOTS: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def html_is_valid(tmp_path):
    """After each test: every page it checked with axe is valid HTML too (Nu HTML Checker)."""
    SNAPSHOTS.clear()
    yield
    if not SNAPSHOTS:
        return
    errors = nu_errors(SNAPSHOTS, tmp_path)
    assert errors == [], "\n".join(errors)


# What axe does not check, as ACCESSIBILITY.md asks: references that lead nowhere, duplicate ids,
# forms that let the browser validate (and hide our messages), disabled controls.
STRUCTURE_CHECKS = """() => {
  const problems = [];
  const counts = {};
  document.querySelectorAll("[id]").forEach((e) => { counts[e.id] = (counts[e.id] || 0) + 1; });
  Object.entries(counts).forEach(([id, n]) => { if (n > 1) problems.push(`duplicate id ${id}`); });
  document.querySelectorAll("[aria-describedby], [aria-labelledby]").forEach((e) => {
    ["aria-describedby", "aria-labelledby"].forEach((attr) => {
      (e.getAttribute(attr) || "").split(/\\s+/).filter(Boolean).forEach((ref) => {
        if (!document.getElementById(ref)) problems.push(`${attr} points to missing #${ref}`);
      });
    });
  });
  document.querySelectorAll("label[for]").forEach((label) => {
    if (!document.getElementById(label.htmlFor)) problems.push(`label for missing #${label.htmlFor}`);
  });
  document.querySelectorAll(".error-summary a[href^='#']").forEach((a) => {
    if (!document.getElementById(a.getAttribute("href").slice(1))) problems.push(`summary links to missing ${a.getAttribute("href")}`);
  });
  document.querySelectorAll("form").forEach((form) => {
    const fields = form.querySelector("input:not([type=hidden]), select, textarea");
    if (fields && !form.noValidate) problems.push(`form without novalidate: ${form.getAttribute("action") || "(this page)"}`);
  });
  document.querySelectorAll("[disabled]").forEach((e) => problems.push(`disabled ${e.tagName} ${e.name || ""}`));
  return problems;
}"""


def violations(page) -> list[str]:
    """axe's findings on the page as it is now; also keeps its HTML for the Nu checker.

    It waits for the page's load first: a click that sends a form returns once the next page is
    committed, and axe on a page whose stylesheet has not arrived measures unstyled links (a busy
    CI machine once reported the header's links as too small to touch)."""
    page.wait_for_load_state("load")
    SNAPSHOTS.append((page.url, served_html(page)))
    found = [f"{page.url}: {problem}" for problem in page.evaluate(STRUCTURE_CHECKS)]
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        found.append(
            f"{page.url}: {violation['id']} ({violation['impact']}) {violation['help']} at {targets}"
        )
    return found
