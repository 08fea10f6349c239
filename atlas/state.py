"""The state of a view lives in the URL: read it (falling back to defaults with a notice), write it back.

Widgets carry keys; when the URL changes from outside (first load, pasted link, a link from
another page) its values are put into those keys before the widgets are drawn, and after the
widgets ran their values are written back to the URL, so a copied link reopens the same view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st

SHARED = ("reg", "year", "voisines")
SHARED_DEFAULTS = {"voisines": "non"}  # left out of links while at their default
PROFILE_PAGE = "territoire"
_NOTICES = "_url_notices"
_PAGE_PARAMS = "_url_page_params"


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    parse: Callable[[str], Any]  # raises ValueError or KeyError when the text is not a valid value
    dump: Callable[[Any], str] = str
    label: str = ""


MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$")
MAX_ECHO = 60  # characters of a link's text repeated in a notice


def plain(text: str, limit: int = MAX_ECHO) -> str:
    """Untrusted text (from a link) made safe to show in a notice: truncated, and every Markdown or HTML
    character escaped, so it is displayed as typed and never becomes a link, an image or markup."""
    short = text if len(text) <= limit else text[:limit] + "…"
    return "".join(f"\\{ch}" if ch in MARKDOWN_SPECIALS else ch for ch in short)


def one_of(options: list[Any]) -> Callable[[str], Any]:
    """URL parser accepting only one of the options (ValueError otherwise)."""

    def parse(text: str) -> Any:
        if text not in options:
            raise ValueError(text)
        return text

    return parse


def widget_key(name: str) -> str:
    return f"url:{name}"


def _marker(page: str) -> str:
    return f"_url_seen:{page}"


def _notice(message: str) -> None:
    st.session_state.setdefault(_NOTICES, [])
    if message not in st.session_state[_NOTICES]:
        st.session_state[_NOTICES].append(message)


def parse_params(params: list[Param], query: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Values from a query string, and a French notice for each value that had to be replaced."""
    values: dict[str, Any] = {}
    notices: list[str] = []
    for param in params:
        text = query.get(param.name)
        if text is None:
            values[param.name] = param.default
            continue
        try:
            values[param.name] = param.parse(text)
        except (ValueError, KeyError, TypeError):
            values[param.name] = param.default
            label = param.label or param.name
            notices.append(
                f"Lien : « {plain(param.name)}={plain(text)} » n'est pas un choix valable pour {label} ; "
                f"valeur par défaut utilisée ({plain(param.dump(param.default))})."
            )
    return values, notices


def apply_url(
    page: str, params: list[Param], keep_when_absent: tuple[str, ...] = (), *, page_params: bool = True
) -> dict[str, Any]:
    """Put URL values into the widget keys when the URL changed since this page last wrote it.

    page_params: these are the page's own parameters (with the shared ones, all it understands),
    so any other parameter of the link is reported as ignored.
    """
    if page_params:
        st.session_state[_PAGE_PARAMS] = params
    query = {k: st.query_params[k] for k in st.query_params}
    values, notices = parse_params(params, query)
    if st.session_state.get(_marker(page)) != query:
        for notice in notices:
            _notice(notice)
        unknown = sorted(set(query) - set(SHARED) - {p.name for p in params})
        if page_params and unknown:
            _notice(f"Lien : paramètre(s) ignoré(s) : {', '.join(plain(name) for name in unknown[:5])}.")
        for param in params:
            absent = param.name not in query
            if absent and param.name in keep_when_absent and widget_key(param.name) in st.session_state:
                continue
            st.session_state[widget_key(param.name)] = values[param.name]
    for param in params:
        # A control's value can come back empty from the browser (a required segmented control clicked while
        # the page reruns under load, seen in the load benchmark): the view's default, rather than a failure.
        if param.default is not None and st.session_state.get(widget_key(param.name), param.default) is None:
            st.session_state[widget_key(param.name)] = param.default
    return values


def ensure_valid(name: str, options: list[Any], default: Any, label: str) -> None:
    """If the widget value is no longer among the options (e.g. another year), fall back with a notice."""
    key = widget_key(name)
    if st.session_state.get(key) not in options:
        if key in st.session_state:
            shown = plain(str(st.session_state[key]))
            _notice(f"{label} : « {shown} » n'existe pas pour ce choix ; valeur par défaut utilisée.")
        st.session_state[key] = default if default in options else options[0]


def value(name: str) -> Any:
    return st.session_state.get(widget_key(name))


def publish(page: str, values: dict[str, str]) -> None:
    """Write the view's state to the URL."""
    query = {k: st.query_params[k] for k in st.query_params}
    if query != values:
        st.query_params.from_dict(values)
    st.session_state[_marker(page)] = dict(values)


def show_notices() -> None:
    """Display (once) the notices gathered while reading the URL."""
    for message in st.session_state.pop(_NOTICES, []):
        st.info(message, icon=":material/link:")


def publish_view(page: str) -> None:
    """After the page ran: write the shared and the page's own parameters (those it declared to
    apply_url) to the URL, each from its widget's current value."""
    params: list[Param] = st.session_state.pop(_PAGE_PARAMS, [])
    shared = {
        name: str(value(name))
        for name in SHARED
        if value(name) is not None and SHARED_DEFAULTS.get(name) != str(value(name))
    }
    own = {p.name: p.dump(value(p.name)) for p in params if value(p.name) not in (None, "")}
    publish(page, {**shared, **own})


def publish_param(page: str, param: Param) -> None:
    """Write one of the page's parameters to the URL from inside a fragment: a fragment's rerun does not run
    the router, whose publish_view writes the whole view after a full run."""
    publish(page, {**{k: st.query_params[k] for k in st.query_params}, param.name: param.dump(value(param.name))})


def view_url(page: str, **params: object) -> str:
    """Link to a page's view: '/territoire?level=ze&code=8405&reg=84&year=2025'."""
    values = {name: value for name, value in params.items() if value is not None}
    return f"/{page}?{urlencode(values)}" if values else f"/{page}"


def profile_url(level: str, code: str, region: str | None = None, year: int | None = None) -> str:
    """Link to a territory's profile, keeping the shared region and survey year when given."""
    return view_url(PROFILE_PAGE, level=level, code=code, reg=region, year=year)
