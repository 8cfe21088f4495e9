"""The API document's Python SDK example (docs/API.md, SDK Examples) made runnable: the server,
the token and the ids come from the environment, and the loop ends with the task's completion.

    API_BASE_URL=http://localhost:8000/api API_TOKEN=<access token> PROJECT_ID=<project> \
        USER_ID=<a user of the project> SESSION_ID=<a session of the token's user> \
        python sdk/examples/python_example.py
"""

import os

from claude_cli_sdk import ClaudeCliClient

# Initialize client
client = ClaudeCliClient(base_url=os.environ["API_BASE_URL"], token=os.environ["API_TOKEN"])

# Create a task
task = client.tasks.create(
    title="Implement authentication", project_id=os.environ["PROJECT_ID"], priority=1
)

# List tasks with filtering
tasks = client.tasks.list(
    status=["pending", "running"], assigned_to=os.environ["USER_ID"], page=1, page_size=50
)

# Execute task
execution = client.tasks.execute(task.id, priority="high")
print(f"Created task {task.id}; {tasks.total} listed; execution {execution.execution_id} queued")

# WebSocket connection
with client.websocket.connect(os.environ["SESSION_ID"]) as ws:
    # Subscribe to task updates (since=0: replayed from the project's first update on, so the
    # updates of the task executed above, which may have started already, are not missed)
    ws.subscribe("task_updates", project_id=os.environ["PROJECT_ID"], since=0)

    # Listen for messages
    for message in ws.listen():
        if message.type == "task_update":
            print(f"Task {message.data.task_id} updated: {message.data.status}")
        if message.type == "task_completed" and message.data.task_id == task.id:
            print(f"Task {message.data.task_id} {message.data.status}")
            break
