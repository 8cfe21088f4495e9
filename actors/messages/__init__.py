"""Messages between actors and the web bridge: frozen dataclasses of ids and plain values.

Split by concern; every message is re-exported here, so call sites read
`from actors.messages import X`, or `messages.X` in an actor that speaks a whole concern
(CommandActor, SessionActor) rather than restating its list of names.
"""

from actors.messages.bridge import (
    BridgeRegistered,
    Ping,
    Pong,
    RegisterBridge,
    Reply,
    Request,
)
from actors.messages.commands import (
    AdhocCommandEnded,
    CommandLaunched,
    CommandSpec,
    CommandStopped,
    LaunchCommand,
    StartCommand,
    StopCommand,
)
from actors.messages.events import AccessChanged, ConfigureEvents, Event
from actors.messages.executions import (
    CancelExecution,
    ExecutionEnded,
    ExecutionQueued,
    RunnerStarted,
    StartExecution,
    StopExecution,
)
from actors.messages.lifecycle import Boot, Booted, ChildStart, Shutdown, ShutdownComplete
from actors.messages.processes import (
    CancelCommand,
    CommandExited,
    CommandOutput,
    CommandStarted,
    ExitReason,
    OutputPiece,
    RunCommand,
)
from actors.messages.queues import (
    Enqueue,
    LoadQueue,
    QueuesChanged,
    QueueSnapshot,
    ReloadQueue,
    Taken,
)
from actors.messages.sessions import (
    CloseSession,
    ExecuteTask,
    GetMetrics,
    GrantRevoked,
    OpenSession,
    Reauthenticate,
    RecheckGrants,
    SessionAnswer,
    SessionNotice,
    SessionOpened,
    StartSession,
    Subscribe,
    Unsubscribe,
)
from actors.messages.webhooks import StartWebhooks, WebhooksStarted

__all__ = [
    "AccessChanged",
    "AdhocCommandEnded",
    "Boot",
    "Booted",
    "BridgeRegistered",
    "CancelCommand",
    "CancelExecution",
    "ChildStart",
    "CloseSession",
    "CommandExited",
    "CommandLaunched",
    "CommandOutput",
    "CommandSpec",
    "CommandStarted",
    "CommandStopped",
    "ConfigureEvents",
    "Enqueue",
    "Event",
    "ExecuteTask",
    "ExecutionEnded",
    "ExecutionQueued",
    "ExitReason",
    "GetMetrics",
    "GrantRevoked",
    "LaunchCommand",
    "LoadQueue",
    "OpenSession",
    "OutputPiece",
    "Ping",
    "Pong",
    "QueueSnapshot",
    "QueuesChanged",
    "Reauthenticate",
    "RecheckGrants",
    "RegisterBridge",
    "ReloadQueue",
    "Reply",
    "Request",
    "RunCommand",
    "RunnerStarted",
    "SessionAnswer",
    "SessionNotice",
    "SessionOpened",
    "Shutdown",
    "ShutdownComplete",
    "StartCommand",
    "StartExecution",
    "StartSession",
    "StartWebhooks",
    "StopCommand",
    "StopExecution",
    "Subscribe",
    "Taken",
    "Unsubscribe",
    "WebhooksStarted",
]
