"""One JSON object a line: what log collectors read without parsing rules."""

import json
import logging

STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if getattr(request, "id", None):
            event["request_id"] = request.id
            event.setdefault("path", getattr(request, "path", ""))
        for key, value in record.__dict__.items():
            if key not in STANDARD and key not in {"request", "status_code", "server_time"}:
                event[key] = value
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, default=str, ensure_ascii=False)
