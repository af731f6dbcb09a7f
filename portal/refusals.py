"""One way of refusing a write: an exception that carries what the user is told.

A service (``poll_vote``, ``feedback_submit``, ``article_publish``...) that must not
store something raises a ``Refused`` subclass with nothing written; the view shows
``message`` (Vietnamese, for the reader or the staff member) with ``status``. Each
app's refusals subclass this one, so a view never maps codes to texts.
"""


class Refused(Exception):
    status = 400
    message = "Không thể thực hiện yêu cầu này."

    def __init__(self, message=None, *, status=None):
        if message:
            self.message = str(message)
        if status is not None:
            self.status = status
        super().__init__(self.message)
