"""gunicorn's settings for the archive (`make serve` and `make loadtest` both pass this file).

Threaded workers (gthread): a client that sends its request slowly holds one thread, not a whole
worker, so a few slow clients cannot starve the site. Each of the WEB_CONCURRENCY worker processes
(default 3) serves up to WEB_THREADS requests at once (default 16); the search backend is safe
across threads (archive/search/whoosh_backend.py holds a lock around its Whoosh searcher). More
slow clients than threads can still fill a worker: on the internet, a buffering proxy such as nginx
(README, "Deployment") reads each request whole before passing it on.
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 16)
# A worker whose main loop stops answering for this long is restarted. With threads the main loop
# keeps beating while requests run, so this bounds a stuck worker, not a slow request.
timeout = 30
graceful_timeout = 30
