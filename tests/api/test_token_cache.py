"""Verified tokens are remembered until they expire: never past expiry, another secret or kind."""

from __future__ import annotations

import dataclasses

import pytest

from config import Settings
from tests.support.fixtures.accounts import MakeUser
from tests.support.waiting import wait_for
from web.http.errors import TokenInvalid
from web.http.jwt_tokens import ACCESS, REFRESH, decode, issue_access


def refused(settings: Settings, token: str, *kinds: str) -> str:
    with pytest.raises(TokenInvalid) as refusal:
        decode(settings, token, *kinds)
    return str(refusal.value)


def test_a_remembered_token_is_refused_once_it_expires(
    settings: Settings, make_user: MakeUser
) -> None:
    brief = dataclasses.replace(settings, access_token_ttl=1)
    token = issue_access(brief, make_user())
    assert decode(brief, token, ACCESS)["typ"] == ACCESS  # verified, and remembered

    def expired() -> bool:
        try:
            decode(brief, token, ACCESS)
        except TokenInvalid as refusal:
            return "expired" in str(refusal)
        return False

    wait_for(expired, timeout=10)


def test_a_remembered_token_is_checked_for_its_secret_and_kind(
    settings: Settings, make_user: MakeUser
) -> None:
    token = issue_access(settings, make_user())
    claims = decode(settings, token, ACCESS)
    claims["sub"] = "someone else"  # the caller's copy: the remembered claims stay as verified
    assert decode(settings, token, ACCESS)["sub"] != "someone else"
    rotated = dataclasses.replace(settings, jwt_secret="another-secret-" + "y" * 40)
    assert refused(rotated, token, ACCESS) == "Token is invalid"
    assert refused(settings, token, REFRESH) == "Expected a refresh token"
