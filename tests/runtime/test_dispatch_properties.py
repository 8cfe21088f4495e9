"""Dispatch invariants, checked by hypothesis on the pure function the Supervisor uses."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from actors.queues.dispatch import QueueView, plan_dispatch
from storage.runs.executions import PRIORITIES
from storage.runs.queues import QueuedEntry

NOW = 1_000_000.0
PROJECTS = ("p1", "p2", "p3", "p4")
CAPS = {"p1": 1, "p2": 2, "p3": None, "p4": 3}


@st.composite
def entries(draw: st.DrawFn, prefix: str) -> tuple[QueuedEntry, ...]:
    count = draw(st.integers(0, 8))
    result = []
    for i in range(count):
        project = draw(st.sampled_from(PROJECTS))
        backoff = draw(st.sampled_from((None, None, NOW - 5, NOW + 5)))
        result.append(QueuedEntry(f"{prefix}{i}", project, CAPS[project], backoff))
    return tuple(result)


@st.composite
def situations(draw: st.DrawFn) -> tuple[list[QueueView], int, dict[str, int], frozenset[str]]:
    views = [QueueView(p, draw(st.booleans()), draw(entries(p[0]))) for p in PRIORITIES]
    free = draw(st.integers(0, 6))
    running = {p: draw(st.integers(0, 3)) for p in PROJECTS}
    every = [e.execution_id for v in views for e in v.entries]
    excluded = frozenset(draw(st.lists(st.sampled_from(every), max_size=3)) if every else [])
    return views, free, running, excluded


def statically_eligible(view: QueueView, entry: QueuedEntry, excluded: frozenset[str]) -> bool:
    return (
        not view.paused
        and entry.execution_id not in excluded
        and (entry.not_before is None or entry.not_before <= NOW)
    )


@settings(max_examples=400, deadline=None)
@given(situations())
def test_dispatch_invariants(
    situation: tuple[list[QueueView], int, dict[str, int], frozenset[str]],
) -> None:
    views, free, running, excluded = situation
    picked = plan_dispatch(views, free, running, NOW, excluded)
    ids = [entry.execution_id for _, entry in picked]
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    position = {
        e.execution_id: (rank[v.priority], i) for v in views for i, e in enumerate(v.entries)
    }

    assert len(ids) <= free
    assert len(ids) == len(set(ids)), "nothing is started twice"
    assert not set(ids) & excluded, "what is already starting is not picked again"
    paused = {v.priority for v in views if v.paused}
    assert not [p for p, _ in picked if p in paused], "a paused queue starts nothing"
    assert all(e.not_before is None or e.not_before <= NOW for _, e in picked)

    after = Counter(running) + Counter(e.project_id for _, e in picked)
    for project, cap in CAPS.items():
        started = sum(1 for _, e in picked if e.project_id == project)
        if cap is not None and started:
            assert after[project] <= cap, "per-project caps hold"

    for view in views:
        for entry in view.entries:
            if entry.execution_id in ids or not statically_eligible(view, entry, excluded):
                continue
            cap = entry.project_cap
            if cap is not None and after[entry.project_id] >= cap:
                continue  # waiting for its project's cap: not blocking anyone
            # an eligible entry was left waiting: only because every slot was used, and
            # only by entries ahead of it (higher priority, or older in its own queue)
            assert len(ids) == free, "a slot was left free while an eligible entry waited"
            for picked_id in ids:
                assert position[picked_id] < position[entry.execution_id], (
                    "a lower or younger entry started while an eligible one waited"
                )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(PRIORITIES), st.sampled_from(PROJECTS), st.integers(0, 3)),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 4),
)
def test_a_run_of_rounds_starts_each_execution_once(
    arrivals: list[tuple[str, str, int]], slots: int
) -> None:
    """Executions arrive, rounds dispatch, some finish: each starts at most once, caps hold."""
    queues: dict[str, list[QueuedEntry]] = {p: [] for p in PRIORITIES}
    running: dict[str, str] = {}
    started: Counter[str] = Counter()
    for index, (priority, project, finishing) in enumerate(arrivals):
        queues[priority].append(QueuedEntry(f"x{index}", project, CAPS[project], None))
        views = [QueueView(p, False, tuple(queues[p])) for p in PRIORITIES]
        per_project = Counter(running.values())
        for chosen_priority, entry in plan_dispatch(
            views, slots - len(running), per_project, NOW, frozenset(running)
        ):
            started[entry.execution_id] += 1
            running[entry.execution_id] = entry.project_id
            queues[chosen_priority].remove(entry)
        per_project = Counter(running.values())
        assert all(per_project[p] <= (CAPS[p] or slots) for p in PROJECTS)
        assert len(running) <= slots
        for execution_id in list(running)[:finishing]:
            del running[execution_id]
    assert all(count == 1 for count in started.values())


@given(situations(), st.sampled_from(PROJECTS), st.sampled_from(PRIORITIES))
def test_an_admitted_entry_starts_as_if_its_queue_had_announced_it(
    situation: tuple[list[QueueView], int, dict[str, int], frozenset[str]],
    project: str,
    priority: str,
) -> None:
    """The Supervisor's fast path (QueueView.admitting) picks exactly what the QueueActor's
    next snapshot, with the new entry at its end, would have picked."""
    views, free, running, excluded = situation
    new = QueuedEntry("new", project, CAPS[project], None)
    index = PRIORITIES.index(priority)
    admitted = views[index].admitting(new)
    if views[index].paused:
        assert admitted is None
        return
    assert admitted is not None and admitted.entries[-1] == new
    announced = QueueView(views[index].priority, False, (*views[index].entries, new))
    fast = [*views[:index], admitted, *views[index + 1 :]]
    slow = [*views[:index], announced, *views[index + 1 :]]
    assert plan_dispatch(fast, free, running, NOW, excluded) == plan_dispatch(
        slow, free, running, NOW, excluded
    )


def test_a_view_that_does_not_admit_takes_nothing_new() -> None:
    """Behind the head of a long queue wait older entries the view does not show, and a view
    whose queue is being reloaded may be paused already: a new entry waits for the
    QueueActor then (which puts it behind them, or holds it)."""
    head = (QueuedEntry("old", "p3", None, NOW + 5),)
    new = QueuedEntry("new", "p3", None, None)
    assert QueueView(PRIORITIES[0], False, head, admits=False).admitting(new) is None
    assert QueueView(PRIORITIES[0], False, head).admitting(head[0]) is None  # already in view
    admitted = QueueView(PRIORITIES[0], False, head).admitting(new)
    assert admitted is not None and admitted.entries == (*head, new)
