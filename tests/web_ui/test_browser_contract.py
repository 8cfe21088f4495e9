"""What the JavaScript SDK relies on in the browser: the API and the WebSocket accept the page
session's cookie, the API's writes only with the session's CSRF token."""

from __future__ import annotations

from tests.support.api import AppClient
from tests.support.fixtures.accounts import Headers, MakeUser
from tests.support.ws_client import connect, session
from tests.web_ui.session import sign_in


async def test_the_api_reads_with_the_cookie_alone(client: AppClient, make_user: MakeUser) -> None:
    await sign_in(client, make_user().username)
    response = await client.get("/api/users/profile")
    assert response.status == 200


async def test_an_api_write_with_the_cookie_needs_the_csrf_header(
    client: AppClient, make_user: MakeUser
) -> None:
    page = await sign_in(client, make_user().username)
    made = await client.post(
        "/api/projects/", json={"name": "with csrf"}, headers={"X-CSRF-Token": page.csrf}
    )
    assert made.status == 201, await made.text()
    project = f"/api/projects/{(await made.json())['data']['id']}"
    writes = [("POST", "/api/projects/"), ("PUT", project), ("DELETE", project)]
    for method, path in writes:
        for csrf in ({}, {"X-CSRF-Token": "0" * 64}):
            refused = await client.request(method, path, json={"name": "x"}, headers=csrf)
            body = await refused.json()
            assert refused.status == 403, (method, body)
            assert body["error"]["code"] == "AUTH_CSRF_TOKEN_INVALID"
    renamed = await client.put(project, json={"name": "y"}, headers={"X-CSRF-Token": page.csrf})
    assert renamed.status == 200


async def test_an_authorization_header_wins_over_the_cookie(
    client: AppClient, make_user: MakeUser, headers: Headers
) -> None:
    await sign_in(client, make_user().username)
    bad = await client.get("/api/projects/", headers={"Authorization": "Bearer nonsense"})
    assert bad.status == 401
    other = make_user()
    bearer = await client.post("/api/projects/", json={"name": "mine"}, headers=headers(other))
    assert bearer.status == 201  # a bearer token needs no CSRF token
    assert (await bearer.json())["data"]["created_by"] == other.id


async def test_one_session_token_does_not_pass_for_another(
    client: AppClient, make_user: MakeUser
) -> None:
    first = await sign_in(client, make_user().username)
    await client.post("/sign-out", data={"csrf_token": first.csrf})
    await sign_in(client, make_user().username)
    stale = await client.post(
        "/api/projects/", json={"name": "x"}, headers={"X-CSRF-Token": first.csrf}
    )
    assert stale.status == 403


async def test_a_same_origin_socket_authenticates_with_the_cookie(
    live_client: AppClient, make_user: MakeUser, headers: Headers
) -> None:
    user = make_user()
    await sign_in(live_client, user.username)
    project = await live_client.post("/api/projects/", json={"name": "ws"}, headers=headers(user))
    session_id = await session(live_client, headers(user), (await project.json())["data"]["id"])
    own = str(live_client.make_url("")).rstrip("/")
    socket = await connect(live_client, session_id, headers={"Origin": own})
    await socket.send(type="authenticate")
    reply = await socket.receive()
    assert reply is not None and reply["type"] == "authenticated", socket.seen
    assert reply["data"]["session_id"] == session_id
    pong = await socket.request("ping", "pong", timestamp=1.5)
    assert pong["type"] == "pong"
    # again without a token: the page session moves the socket's expiry like a fresh token
    again = await socket.request("authenticate", "authenticated")
    assert again["type"] == "authenticated"
    await socket.close()


async def test_a_cross_origin_socket_cannot_use_the_cookie(
    live_app: object, make_user: MakeUser, headers: Headers
) -> None:
    client: AppClient = await live_app(WS_ALLOWED_ORIGINS="*")  # type: ignore[operator]
    user = make_user()
    await sign_in(client, user.username)
    project = await client.post("/api/projects/", json={"name": "ws"}, headers=headers(user))
    session_id = await session(client, headers(user), (await project.json())["data"]["id"])
    socket = await connect(client, session_id, headers={"Origin": "http://evil.example"})
    await socket.send(type="authenticate")
    error = await socket.receive()
    assert error is not None and error["type"] == "error", socket.seen
    assert error["data"]["code"] == "AUTH_TOKEN_INVALID"
    assert await socket.closed() == 4401


async def test_without_a_cookie_authenticate_needs_its_token(
    live_client: AppClient, make_user: MakeUser, headers: Headers
) -> None:
    user = make_user()
    project = await live_client.post("/api/projects/", json={"name": "ws"}, headers=headers(user))
    session_id = await session(live_client, headers(user), (await project.json())["data"]["id"])
    socket = await connect(live_client, session_id)
    await socket.send(type="authenticate")
    error = await socket.receive()
    assert error is not None and error["data"]["code"] == "AUTH_TOKEN_MISSING", socket.seen
    assert await socket.closed() == 4401
