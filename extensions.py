"""Unbound extensions, initialised in the app factory.

The database (`db`) is made in core.db with the model base it needs, and named here with the rest.
Celery is made per Flask app (`app.extensions["celery"]`, core.jobs.make_celery, called by
web.jobs.init_app), as Celery's Flask pattern does, so every app's tasks run in its own context.
"""

import ipaddress

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from core.db import db, render_item  # noqa: F401 (db is named here with the others)

migrate = Migrate(render_as_batch=True, compare_type=True, render_item=render_item)
babel = Babel()
csrf = CSRFProtect()
login = LoginManager()


def client_address() -> str:
    """Who a request comes from, for limits: an IPv6 /64 is one client.

    One home or one phone gets a whole /64, so counting single IPv6 addresses would let anyone
    change address for every request.
    """
    address = get_remote_address()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


limiter = Limiter(key_func=client_address)
