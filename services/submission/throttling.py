"""Throttling the doors anyone can knock on: login (page and API token), password reset, one-time links.

- Login: failures count per account *and address* (strict: 5 in 15 minutes by default), so a stranger
  guessing from elsewhere blocks only their own address, never the owner's; and per address over every
  account (generous: an OPD office behind one NAT shares an address). A success clears its pair.
- Password reset: requests per address (429 past the limit) and links per account (past the limit no
  more links are sent, and the answer stays the same: nobody learns whether the email exists).
- One-time links (invitation, reset): wrong tokens per address.

The counters live in `shared.throttle` (Redis, shared by replicas). The admin sees an account's blocked
addresses on its page and can unlock it (`accounts.unlock_login`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from shared.throttle import Blocked, Rule, Throttle, hashed


@dataclass(frozen=True)
class ThrottlePolicy:
    login_failures: int = 5  # per account and address, in `lock_minutes`
    login_address_failures: int = 100  # per address over every account, in `lock_minutes`
    lock_minutes: int = 15
    reset_links_per_hour: int = 3  # per account
    reset_requests_per_hour: int = 30  # per address
    link_failures: int = 20  # wrong one-time links per address, in `lock_minutes`


class LoginGuard:
    """The rules of `ThrottlePolicy` over one `Throttle`."""

    def __init__(self, throttle: Throttle, policy: ThrottlePolicy):
        window, hour = timedelta(minutes=policy.lock_minutes), timedelta(hours=1)
        self.throttle, self.lock_minutes = throttle, policy.lock_minutes
        self.login_pair = Rule("login", policy.login_failures, window)
        self.login_address = Rule("login-address", policy.login_address_failures, window)
        self.reset_account = Rule("reset-account", policy.reset_links_per_hour, hour)
        self.reset_address = Rule("reset-address", policy.reset_requests_per_hour, hour)
        self.link_address = Rule("link-address", policy.link_failures, window)

    # -- login --

    def check_login(self, email: str, address: str) -> None:
        """429 while this account is blocked from this address, or the address is (before any hashing)."""
        self.throttle.check((self.login_pair, _pair(email, address)), code="auth.locked")
        self.throttle.check((self.login_address, address))

    def login_failed(self, email: str, address: str) -> bool:
        """Count a failure; True when it blocked this account from this address (worth an audit entry)."""
        self.throttle.hit(self.login_address, address)
        return self.throttle.hit(self.login_pair, _pair(email, address), group=hashed(email))

    def login_succeeded(self, email: str, address: str) -> None:
        self.throttle.clear(self.login_pair, _pair(email, address))

    def blocked(self, email: str) -> list[Blocked]:
        """The addresses this account is blocked from now, with the wait in seconds."""
        return [
            Blocked(item.subject.partition("|")[2], item.retry_after)
            for item in self.throttle.blocked(self.login_pair, hashed(email))
        ]

    def unlock(self, email: str) -> int:
        """Clear every login counter of this account; how many addresses were blocked."""
        return self.throttle.clear_group(self.login_pair, hashed(email))

    # -- password reset and one-time links --

    def reset_allowed(self, email: str, address: str) -> bool:
        """429 past the address's limit; False (send nothing, answer the same) past the account's."""
        self.throttle.check((self.reset_address, address))
        self.throttle.hit(self.reset_address, address)
        if self.throttle.over(self.reset_account, hashed(email)):
            return False
        self.throttle.hit(self.reset_account, hashed(email))
        return True

    def check_link(self, address: str) -> None:
        self.throttle.check((self.link_address, address))

    def link_failed(self, address: str) -> None:
        self.throttle.hit(self.link_address, address)


def _pair(email: str, address: str) -> str:
    return f"{hashed(email)}|{address}"
