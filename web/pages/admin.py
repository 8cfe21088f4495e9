"""Administration (admins only, as the API decides): user accounts (create, role, enable or
disable) and the maintenance switch."""

from __future__ import annotations

from storage.roles import Role
from web.api import maintenance, users
from web.api.schemas.accounts import UserCreate, UserListQuery, UserUpdate
from web.api.schemas.system import MaintenanceRequest
from web.http.validation import parse_query
from web.pages.forms import build, checked, text
from web.pages.routing import Context, Pages, Result, View, redirect

pages = Pages()


@pages.get("/admin", "pages/admin.html")
async def admin_page(view: View) -> Context:
    search = view.request.query.get("search", "").strip()
    query = parse_query(
        UserListQuery, {"page_size": "100", **({"search": search} if search else {})}
    )
    accounts = await view.api(users.list_users, query=query)
    window = await view.api(maintenance.maintenance)
    return {"accounts": accounts, "search": search, "window": window, "roles": list(Role)}


@pages.post("/admin/users")
async def create_user(view: View) -> Result:
    form = view.form
    body = build(
        UserCreate,
        username=text(form, "username"),
        password=form.get("password") or None,
        role=text(form, "role"),
        email=text(form, "email"),
        full_name=text(form, "full_name"),
    )
    await view.api(users.create_user, body)
    return redirect("/admin")


@pages.post("/admin/users/{user_id}")
async def update_user(view: View) -> Result:
    """A role changed, or the account enabled or disabled (the button pressed says which)."""
    form = view.form
    active = text(form, "is_active")
    body = build(
        UserUpdate,
        role=text(form, "role"),
        is_active=None if active is None else active == "true",
    )
    await view.api(users.update_user, body)
    return redirect("/admin")


@pages.post("/admin/maintenance")
async def set_maintenance(view: View) -> Result:
    form = view.form
    body = build(
        MaintenanceRequest,
        enabled=checked(form, "enabled"),
        message=text(form, "message"),
        ends_at=text(form, "ends_at"),
    )
    await view.api(maintenance.set_maintenance, body)
    return redirect("/admin")
