"""The stream-json parser: lines across chunks, session, progress and result."""

from __future__ import annotations

import json

from actors.runs.stream_json import StreamParser


def line(event: dict) -> str:
    return json.dumps(event) + "\n"


def todo_event(done: int, total: int) -> str:
    todos = [
        {"content": str(i), "status": "completed" if i < done else "pending"} for i in range(total)
    ]
    return line(
        {
            "type": "assistant",
            "message": {
                "content": [{"type": "tool_use", "name": "TodoWrite", "input": {"todos": todos}}]
            },
        }
    )


def test_lines_split_across_chunks_are_reassembled() -> None:
    parser = StreamParser()
    text = line({"type": "system", "subtype": "init", "session_id": "s-1"})
    for i in range(0, len(text), 7):
        parser.feed(text[i : i + 7])
    assert parser.state.session_id == "s-1"


def test_progress_follows_todos() -> None:
    parser = StreamParser()
    parser.feed(todo_event(1, 4))
    assert parser.state.progress == 25
    parser.feed(todo_event(3, 4))
    assert parser.state.progress == 75


def test_progress_counts_steps_without_todos_and_stays_below_100() -> None:
    parser = StreamParser()
    for _ in range(100):
        parser.feed(line({"type": "assistant", "message": {"content": [{"type": "text"}]}}))
    assert 0 < parser.state.progress < 100


def test_non_json_lines_are_plain_output() -> None:
    parser = StreamParser()
    parser.feed("hello\n[1, 2]\n")
    assert parser.state.plain_lines == 2


def test_result_event_decides_success() -> None:
    parser = StreamParser()
    parser.feed(line({"type": "result", "subtype": "success", "is_error": False, "result": "ok"}))
    assert parser.state.result is not None and parser.state.failure is None
    parser = StreamParser()
    parser.feed(
        line({"type": "result", "subtype": "error_max_turns", "is_error": True, "result": "boom"})
    )
    parser.close()
    assert parser.state.failure == "boom" and parser.state.result_text == "boom"


def test_last_line_without_newline_counts_at_close() -> None:
    parser = StreamParser()
    parser.feed(line({"type": "result", "subtype": "success", "is_error": False})[:-1])
    assert parser.state.result is None
    parser.close()
    assert parser.state.result is not None


def test_init_and_result_report_model_cost_usage_and_turns() -> None:
    parser = StreamParser()
    init = {"type": "system", "subtype": "init", "session_id": "s", "model": "m", "cwd": "/w"}
    parser.feed(line({**init, "tools": ["Bash"], "permissionMode": "plan", "apiKeySource": "x"}))
    usage = {"input_tokens": 3, "output_tokens": 4, "cache_read_input_tokens": 5, "x": "y"}
    result = {"type": "result", "subtype": "success", "is_error": False, "num_turns": 2}
    parser.feed(line({**result, "total_cost_usd": 0.25, "usage": usage, "duration_ms": 9}))
    state = parser.state
    assert state.init is not None and state.init.model == "m"
    assert state.init.details == {"cwd": "/w", "tools": ["Bash"], "permissionMode": "plan"}
    assert state.result is not None and state.result.cost_usd == 0.25
    assert state.result.tokens == {
        "input_tokens": 3,
        "output_tokens": 4,
        "cache_read_input_tokens": 5,
    }
    assert (state.result.num_turns, state.result.duration_ms) == (2, 9)


def test_an_error_subtype_without_a_message_fails_with_what_it_means() -> None:
    for subtype, reason in (
        ("error_max_turns", "max turns reached (3 turns)"),
        ("error_during_execution", "the CLI failed during execution"),
        ("error_new_kind", "the CLI ended with error_new_kind"),
    ):
        parser = StreamParser()
        parser.feed(line({"type": "result", "subtype": subtype, "is_error": False, "num_turns": 3}))
        assert parser.state.failure == reason
