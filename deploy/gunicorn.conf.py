"""gunicorn settings for one snsblog app server: `gunicorn -c deploy/gunicorn.conf.py snsblog.wsgi`.

Everything that differs between machines comes from the environment (see
deploy/snsblog.env.example); the command line still overrides any of it.
"""

import os

# Where nginx reaches this app server. Loopback or a private address: only the proxy
# talks to gunicorn, never a browser.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous worker processes. Each answers one request at a time; nginx buffers
# requests and answers, so a worker is only busy while Django runs. About 2 per core.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"

# A worker silent for this long is killed and replaced (a stuck request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy, systemctl stop), workers finish their current request for
# up to this long before they are killed.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Each worker is replaced after about this many requests, so that slow memory growth
# never adds up; the jitter keeps the workers from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# The proxy whose X-Forwarded-Proto gunicorn believes (wsgi.url_scheme). The client
# address Django uses is decided by TRUSTED_PROXIES, not here.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# preload_app is left off: each worker imports Django itself after the fork. Preloading
# would save memory and start workers faster, but database connections or threads made
# at import time would be shared by every worker, and `kill -HUP` would not load new
# code (the master keeps the old import). Restart the service to deploy instead.
preload_app = False

# No control socket (gunicorn 24+): nothing here uses `gunicornc`.
control_socket_disable = True

# Access log to stdout (journald or the cluster's log file), one line a request, with
# the request id nginx set (X-Request-ID), the worker's pid, the client as nginx saw it
# and the time taken in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(B)s %(D)sus '
    'id=%({x-request-id}i)s pid=%(p)s "%(a)s"'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# A name in `ps`, per port, so the app servers on one machine can be told apart.
proc_name = "snsblog-" + bind.rsplit(":", 1)[-1]

# Temporary files for worker heartbeats in memory rather than on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
