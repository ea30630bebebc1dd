"""What the articles app tells the apps built on it, which it never imports.

`proposals_decided` is sent, inside the decision's transaction, with `proposals`: the
readers' proposed corrections an editor has just accepted or rejected
(articles/corrections/review.py). The comments app, which keeps the emails to readers, queues
the decision emails from it (comments/apps.py).
"""

from django.dispatch import Signal

proposals_decided = Signal()
