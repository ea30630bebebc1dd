"""What a reader and an editor do on the site, step by step, over HTTP."""

import re
import uuid
from urllib.parse import urlencode

from tests.e2e.http import Client, Form, Response, find_form, forms_of

SEED_SLUG = "so-mixi-now-has-an-official-facebook-page"
SEED_PATH = f"/articles/{SEED_SLUG}/"
COMMENT_FORM_ACTION = r"/comments/post/\d+/$"


def unique(label: str) -> str:
    """A word no other test writes, so a test can look for exactly its own text."""
    return f"{label}{uuid.uuid4().hex[:10]}"


def read(client: Client, path: str = SEED_PATH) -> str:
    page = client.get(path)
    assert page.status == 200, f"{path} answered {page.status}"
    return page.text


def comment_form(html: str) -> Form:
    for form in forms_of(html):
        if form.attrs.get("id") == "comment-form" or re.search(COMMENT_FORM_ACTION, form.action):
            return form
    raise AssertionError("the article page has no comment form")


def post_comment(client: Client, name: str, email: str, body: str, path: str = SEED_PATH) -> int:
    """Fill in the article's comment form as a reader would; returns the new comment's id."""
    form = comment_form(read(client, path))
    assert form.get("csrfmiddlewaretoken"), "the comment form has no CSRF token"
    assert form.get("token"), "the comment form has no signed form token"
    assert form["homepage"] == "", "the honeypot field must be empty"
    form["author_name"] = name
    form["author_email"] = email
    form["body"] = body
    answer = client.post(form.action, form.data())
    assert answer.status == 302, f"posting answered {answer.status}:\n{form_errors(answer.text)}"
    match = re.search(r"#comment-(\d+)$", answer.location)
    assert match, f"the answer to a new comment points to {answer.location!r}"
    return int(match.group(1))


def form_errors(html: str) -> str:
    errors = re.findall(r'<div class="form-errors".*?</div>|<span class="field-error".*?</span>',
                        html, re.S)  # fmt: skip
    return "\n".join(errors) or html[:2000]


def comment_count(html: str) -> int:
    match = re.search(r"Comments \((\d+)\)", html)
    assert match, "the page shows no comment count"
    return int(match.group(1))


def comment_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)}


def admin_action(editor: Client, action: str, *comment_ids: int) -> Response:
    """Tick comments in the admin list and run an action on them, as the editor would."""
    page = editor.get("/admin/comments/comment/")
    assert page.status == 200, page.status
    token = find_form(page.text, id="changelist-form")["csrfmiddlewaretoken"]
    data = [("csrfmiddlewaretoken", token), ("action", action), ("index", "0")]
    data += [("_selected_action", str(pk)) for pk in comment_ids]
    answer = editor.post("/admin/comments/comment/", data)
    assert answer.status == 302, f"the {action} action answered {answer.status}"
    messages = editor.get(answer.location).text
    assert '<li class="success">' in messages, f"the {action} action reported no success"
    return answer


def approve_first_comment(editor: Client, reader: Client, name: str, email: str) -> tuple[int, str]:
    """A new commenter's first comment, held for moderation, then approved by the editor
    with the admin action; returns its id and a word only it has."""
    text = unique("first")
    pending = post_comment(reader, name, email, f"First words, {text}.")
    admin_action(editor, "approve", pending)
    return pending, text


def change_form(editor: Client, path: str, model: str) -> Form:
    """An admin change form with every value a browser would send back."""
    page = editor.get(path)
    assert page.status == 200, f"{path} answered {page.status}"
    return find_form(page.text, id=f"{model}_form")


def save_change_form(editor: Client, path: str, form: Form) -> Response:
    answer = editor.post(path, form.data(_save="Save"))
    assert answer.status == 302, f"saving {path} answered {answer.status}:\n{admin_errors(answer)}"
    return answer


def admin_errors(answer: Response) -> str:
    errors = re.findall(r'<ul class="errorlist.*?</ul>|<p class="errornote">.*?</p>', answer.text,
                        re.S)  # fmt: skip
    return "\n".join(errors) or answer.text[:3000]


def admin_ids(editor: Client, changelist: str, query: str = "") -> list[int]:
    """The ids of the rows an admin changelist shows, in order."""
    page = editor.get(changelist + (f"?{urlencode({'q': query})}" if query else ""))
    assert page.status == 200, f"{changelist} answered {page.status}"
    return [int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', page.text)]


def approved_on_article(editor: Client, article_id: int) -> int:
    """How many approved comments the article has, as the admin list counts them."""
    path = f"/admin/comments/comment/?status__exact=approved&article__id__exact={article_id}"
    page = editor.get(path)
    assert page.status == 200, f"{path} answered {page.status}"
    match = re.search(r'<p class="paginator">\s*(\d+) comments?', page.text)
    assert match, "the admin comment list shows no count"
    return int(match.group(1))
