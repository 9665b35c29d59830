"""Extension objects created once, unbound; create_app init_app's each of them."""

from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect


def client_ip() -> str:
    """The peer address; X-Forwarded-For is trusted only through ProxyFix behind a known proxy."""
    return request.remote_addr or "unknown"


csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=client_ip, default_limits=[])
migrate = Migrate()
