"""gunicorn for Drehscheibe: `gunicorn -c gunicorn.conf.py portal.wsgi` (README, "Production").

Every value a deployment may need to change comes from the environment (README lists them).
"""

import os


def _cores():
    # The cores this process may run on (a CPU set or taskset), not all the machine has.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Synchronous workers, gunicorn's rule of thumb: two per core and one more. A container with a
# CPU quota sees every core of its host, so set WEB_CONCURRENCY there.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cores() + 1))

# A request still running after this long is stuck: its worker is killed and replaced.
# The slowest pages (canton PDFs, CSV exports) take a few seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart or stop (SIGTERM), running requests get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Behind a proxy that keeps connections open to the portal.
keepalive = 5

# Each worker is replaced after about a thousand requests (the jitter keeps them from all
# restarting at once), so no slow leak grows for the life of the process.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Addresses of the proxies whose X-Forwarded-Proto gunicorn believes (gunicorn's own variable).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Both logs to the console, where systemd, Docker or Kubernetes collect them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The default format, then the visitor's address as the proxy saw it and the duration.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" "%({x-forwarded-for}i)s" %(M)sms'
)

# The workers' heartbeat files in memory: a container's disk may stall them into timeouts.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn 25.1+ opens a control socket under $HOME unless told otherwise; every instance of
# the same user would share that path. Only where asked for, at a path of its own.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
