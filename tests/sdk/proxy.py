"""A TCP proxy on loopback that a test can cut: every connection through it dropped at once,
and the next few refused, as a network outage would. Threads, so sync and async tests share it."""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType


class Proxy:
    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.refusals = 0  # connections to refuse before forwarding again
        self.refused = 0
        self.accepted = 0
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def __enter__(self) -> Proxy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def cut(self, refuse: int = 0) -> None:
        """Drop every connection now, and refuse the next `refuse` ones."""
        with self._lock:
            self.refusals = refuse
            dropped, self._sockets = self._sockets, []
        for sock in dropped:
            _shut(sock)

    def close(self) -> None:
        self.cut()
        _shut(self.listener)
        for thread in [self._accepting, *self._threads]:
            thread.join(10)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                refuse = self.refusals > 0
                if refuse:
                    self.refusals -= 1
                    self.refused += 1
            if refuse:
                _shut(client)
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                _shut(client)
                continue
            with self._lock:
                self.accepted += 1
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                thread = threading.Thread(target=_pump, args=(source, sink), daemon=True)
                self._threads.append(thread)
                thread.start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    _shut(source)
    _shut(sink)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
