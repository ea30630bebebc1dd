"""Logging in to the admin in the browser, as a person does: through its login form."""

EDITOR_USERNAME = "hana"
EDITOR_PASSWORD = "editor-secret-42"


def log_in(page, base_url: str, username: str, password: str, next_path: str = "/admin/"):
    """Fill in and send the admin's login form; returns the page, at next_path."""
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base_url + next_path)
    return page
