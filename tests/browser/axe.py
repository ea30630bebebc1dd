"""Run axe-core in a Playwright page and describe what it finds in plain lines."""

from typing import Any

# WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, region).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def run_axe(page: Any, axe_source: str) -> list[dict]:
    """The violations axe finds in the page as it is now. The page's context must be
    created with bypass_csp=True: the site's CSP refuses injected scripts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        TAGS,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """One paragraph per rule: what is wrong, where (selectors), and axe's explanation."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {' '.join(node['html'].split())[:160]}")
            summary = " ".join(node.get("failureSummary", "").split())
            if summary:
                lines.append(f"       {summary[:240]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)
