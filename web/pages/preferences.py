"""The user's preferences on the page: theme (light, dark, or the system's) and time zone,
stored by the API's own preferences operation; every page reads them from the account."""

from __future__ import annotations

import zoneinfo

from web.api import users
from web.api.schemas.accounts import PreferencesUpdate
from web.pages.forms import build, text
from web.pages.routing import Context, Pages, Result, View, redirect

pages = Pages()
THEMES = ("system", "light", "dark")


@pages.get("/preferences", "pages/preferences.html")
async def preferences_page(view: View) -> Context:
    return {"themes": THEMES, "zones": sorted(zoneinfo.available_timezones())}


@pages.post("/preferences")
async def save_preferences(view: View) -> Result:
    body = build(
        PreferencesUpdate, theme=text(view.form, "theme"), timezone=text(view.form, "timezone")
    )
    await view.api(users.update_preferences, body)
    back = text(view.form, "back") or "/preferences"
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/")
