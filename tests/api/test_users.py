"""Profile, preferences, admin account management and logout."""

from __future__ import annotations

from typing import Any

import pytest

from storage.models import User
from tests.support.api import Api
from tests.support.fixtures.accounts import PASSWORD


async def login(api: Api, username: str, password: str = PASSWORD, expect: int = 200) -> Any:
    body = {"username": username, "password": password}
    return await api.call("POST", "/api/auth/login", json=body, expect=expect)


async def test_profile_with_real_statistics(api: Api) -> None:
    project = await api.project()
    await api.project("second")
    done = await api.task(project["id"])
    await api.task(project["id"])
    await api.put(f"/api/tasks/{done['id']}", {"status": "completed"})
    profile = await api.get("/api/users/profile")
    assert profile["id"] == api.user.id and profile["role"] == "developer"
    assert profile["permissions"] == ["read", "write", "execute"]
    assert profile["statistics"] == {
        "tasks_created": 2,
        "tasks_completed": 1,
        "projects_created": 2,
        "total_login_time": "00:00:00",
    }
    assert profile["preferences"]["theme"] == "system"
    assert profile["preferences"]["notifications"]["email"] is True


async def test_preferences_are_validated_and_merged(api: Api) -> None:
    first = await api.put(
        "/api/users/preferences",
        {"theme": "dark", "timezone": "America/New_York", "notifications": {"push": True}},
    )
    prefs = first["preferences"]
    assert prefs["theme"] == "dark" and prefs["timezone"] == "America/New_York"
    assert prefs["notifications"] == {
        "email": True,
        "push": True,
        "task_updates": True,
        "project_updates": True,
    }
    second = await api.put(
        "/api/users/preferences",
        {"language": "fr", "dashboard_layout": {"widgets": ["tasks"], "columns": 2}},
    )
    assert second["preferences"]["theme"] == "dark" and second["preferences"]["language"] == "fr"
    assert (await api.get("/api/users/profile"))["preferences"] == second["preferences"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"theme": "neon"}, "theme"),
        ({"language": "klingon"}, "language"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": 5}, "timezone"),
        ({"notifications": {"sms": True}}, "notifications.sms"),
        ({"notifications": {"email": "yes"}}, "notifications.email"),
        ({"dashboard_layout": {"columns": 9}}, "dashboard_layout.columns"),
        ({"font": "large"}, "font"),
    ],
)
async def test_bad_preferences(api: Api, body: dict[str, Any], field: str) -> None:
    error = await api.put("/api/users/preferences", body, expect=422)
    assert error["details"]["field"] == field


async def test_self_update_cannot_touch_role_and_password_needs_the_current_one(
    api: Api,
) -> None:
    for field, value in (("role", "admin"), ("is_active", True), ("id", "x")):
        error = await api.put("/api/users/profile", {field: value}, expect=422)
        assert error["details"]["field"] == field
    updated = await api.put(
        "/api/users/profile", {"full_name": "Dev One", "email": "dev@example.com"}
    )
    assert updated["full_name"] == "Dev One" and updated["role"] == "developer"
    error = await api.put("/api/users/profile", {"password": "new password 1"}, expect=422)
    assert error["details"]["field"] == "current_password"
    error = await api.put(
        "/api/users/profile",
        {"password": "new password 1", "current_password": "wrong"},
        expect=422,
    )
    assert error["details"]["field"] == "current_password"
    await api.put(
        "/api/users/profile", {"password": "new password 1", "current_password": PASSWORD}
    )
    await login(api, api.user.username, "new password 1")


async def test_admin_manages_accounts(api_as: Any, make_user: Any) -> None:
    admin = api_as(make_user("admin"))
    created = await admin.post(
        "/api/users/",
        {"username": "carol", "password": "long enough", "role": "viewer", "email": "c@x.io"},
        expect=201,
    )
    assert created["role"] == "viewer" and created["permissions"] == ["read"]
    taken = await admin.post(
        "/api/users/", {"username": "carol", "password": "long enough", "role": "viewer"}, 409
    )
    assert taken["code"] == "RESOURCE_ALREADY_EXISTS"
    for body, field in (
        ({"username": "c d", "password": "long enough", "role": "viewer"}, "username"),
        ({"username": "dave", "password": "short", "role": "viewer"}, "password"),
        ({"username": "dave", "password": "long enough", "role": "root"}, "role"),
        ({"username": "dave", "password": "long enough", "role": "viewer", "email": "x"}, "email"),
    ):
        error = await admin.post("/api/users/", body, expect=422)
        assert error["details"]["field"] == field
    listing = await admin.get("/api/users/", role="viewer", search="car")
    assert [u["username"] for u in listing["items"]] == ["carol"]
    user_path = f"/api/users/{created['id']}"
    assert (await admin.get(user_path))["email"] == "c@x.io"
    tokens = await login(admin, "carol", "long enough")
    promoted = await admin.put(user_path, {"role": "developer"})
    assert promoted["permissions"] == ["read", "write", "execute"]
    disabled = await admin.put(user_path, {"is_active": False})
    assert disabled["is_active"] is False
    error = await login(admin, "carol", "long enough", expect=403)
    assert error["code"] == "AUTH_ACCOUNT_DISABLED"
    refreshed = await Api(admin.client, {}, admin.user).call(
        "POST", "/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}, expect=401
    )
    assert refreshed["code"] == "AUTH_TOKEN_INVALID"
    carol = Api(
        admin.client,
        {"Authorization": f"Bearer {tokens['access_token']}"},
        User.get_by_id(created["id"]),
    )
    assert (await carol.get("/api/users/profile", expect=403))["code"] == "AUTH_ACCOUNT_DISABLED"
    missing = await admin.get("/api/users/00000000-0000-0000-0000-000000000000", expect=404)
    assert missing["code"] == "RESOURCE_NOT_FOUND"


async def test_premium_is_a_role_with_a_developers_permissions(
    api_as: Any, make_user: Any, client: Any
) -> None:
    admin = api_as(make_user("admin"))
    user = make_user()
    promoted = await admin.put(f"/api/users/{user.id}", {"role": "premium"})
    assert promoted["role"] == "premium"
    assert promoted["permissions"] == ["read", "write", "execute"]
    assert [u["id"] for u in (await admin.get("/api/users/", role="premium"))["items"]] == [user.id]
    premium = api_as(User.get_by_id(user.id))
    await premium.project("premium work")  # writes like a developer
    spec = await (await client.get("/openapi.json")).json()
    roles = spec["components"]["schemas"]["Role"]["enum"]
    assert roles == ["admin", "developer", "premium", "viewer"]


async def test_the_last_admin_stays(api_as: Any, make_user: Any) -> None:
    admin = api_as(make_user("admin"))
    path = f"/api/users/{admin.user.id}"
    for body in ({"role": "developer"}, {"is_active": False}):
        assert (await admin.put(path, body, expect=409))["code"] == "RESOURCE_IN_USE"
    make_user("admin")
    await admin.put(path, {"role": "developer"})


async def test_account_management_is_for_admins(api: Api, make_user: Any) -> None:
    other = make_user()
    for method, path in (("GET", "/api/users/"), ("GET", f"/api/users/{other.id}")):
        error = await api.call(method, path, expect=403)
        assert error["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"
    error = await api.put(f"/api/users/{other.id}", {"role": "admin"}, expect=403)
    assert error["code"] == "AUTH_INSUFFICIENT_PERMISSIONS"


async def test_logout_revokes_the_login(api: Api) -> None:
    first = await login(api, api.user.username)
    second = await login(api, api.user.username)
    anonymous = Api(api.client, {}, api.user)
    out = await anonymous.call(
        "POST", "/api/auth/logout", json={"refresh_token": first["refresh_token"]}
    )
    assert out["message"] == "Logged out"
    again = await anonymous.call(
        "POST", "/api/auth/logout", json={"refresh_token": first["refresh_token"]}
    )
    assert again["message"] == "Logged out"
    error = await anonymous.call(
        "POST", "/api/auth/refresh", json={"refresh_token": first["refresh_token"]}, expect=401
    )
    assert error["code"] == "AUTH_TOKEN_INVALID"
    body = {"refresh_token": second["refresh_token"]}
    await anonymous.call("POST", "/api/auth/refresh", json=body)
    error = await anonymous.call(
        "POST", "/api/auth/logout", json={"refresh_token": "x"}, expect=401
    )
    assert error["code"] == "AUTH_TOKEN_INVALID"
    stats = (await api.get("/api/users/profile"))["statistics"]
    assert stats["total_login_time"] == "00:00:00"
