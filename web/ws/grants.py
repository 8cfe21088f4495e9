"""Live re-authorisation in this web process: which sockets an access change concerns, and
how a withdrawn grant ends its stream.

A change (actors.messages.AccessChanged) concerns a user's sockets when it names the user, else
the sockets holding a grant that depends on its project; their SessionActors check their grants
again and withdraw those no longer allowed (GrantRevoked). Withdrawing stops the stream at once
and tells the client (protocol.revoked). A SessionActor may withdraw a grant whose subscribe
answer is still on its way to the socket's handler: the withdrawal is kept for that answer
(Connection.revoked), which then refuses the subscription instead of applying it.
"""

from __future__ import annotations

from collections.abc import Iterable

from actors.messages import AccessChanged, GrantRevoked
from web.http.middlewares import storage_error
from web.ws import protocol
from web.ws.fanout import Connection, Fanout


def concerned(connections: Iterable[Connection], change: AccessChanged) -> list[Connection]:
    """The sockets whose grants the change may withdraw."""
    if change.user_id is not None:
        return [c for c in connections if c.user_id == change.user_id]
    return [
        c
        for c in connections
        if any(s.project_id == change.project_id for s in c.subscriptions.values())
    ]


def withdraw(fanout: Fanout, connection: Connection, notice: GrantRevoked) -> None:
    """End the withdrawn grant's stream and tell the client; keep it for a pending answer."""
    cause = storage_error(notice.error)
    message = protocol.revoked(notice.channel, notice.object_id, cause)
    held = connection.subscriptions.get(notice.key)
    if held is not None and held.serial <= notice.serial:
        fanout.unsubscribe(connection, notice.key)
        connection.send_message(message)
    if held is None or held.serial < notice.serial:  # its subscribe answer is yet to come
        connection.revoked[notice.key] = (notice.serial, message)
