"""Rate limits (API.md, Rate Limiting): requests per caller, login attempts, their headers."""

from web.ratelimits.limiter import Limiter, Verdict
from web.ratelimits.login import LoginThrottle, login_attempt
from web.ratelimits.middleware import rate_limits

__all__ = ["Limiter", "LoginThrottle", "Verdict", "login_attempt", "rate_limits"]
