"""``/login``, ``/logout`` and ``/account/password``: signing in and out of the pages.

A failed sign-in says only that the name or the password was wrong, never which, and is
counted against both the name and the client address (:mod:`privacam.server.signin_limits`).
A user with the one-time password of ``privacam serve`` lands on ``/account/password``
and is no principal anywhere else until they choose their own.

These routes are ``public()``: whoever is not signed in must reach them. They use the
app's :class:`~privacam.server.auth.StoreAuthenticator` itself; under another
authenticator (the tests' stand-in) they answer 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from privacam.server.access import public
from privacam.server.auth import StoreAuthenticator
from privacam.server.context import ServerContext, audit_access, get_context
from privacam.server.pages import render
from privacam.store.accounts import AccountError, check_password_strength

router = APIRouter(tags=["sign-in"])

AFTER_SIGN_IN = "/dashboard"
PASSWORD_PAGE = "/account/password"
WRONG = (
    "ユーザー名またはパスワードが違います",
    "the user name or the password is wrong",
)
TOO_MANY = (
    "失敗が続いたため、しばらくサインインできません。15 分ほど後にもう一度お試しください",
    "too many failed sign-ins: try again in about 15 minutes",
)


def store_authenticator(request: Request) -> StoreAuthenticator:
    authenticator = request.app.state.authenticator
    if not isinstance(authenticator, StoreAuthenticator):
        raise HTTPException(404, "sign-in is not served here / ここではサインインできません")
    return authenticator


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login", dependencies=[public()], response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return render(request, "login.html", {"error": None, "name": ""})


@router.post("/login", dependencies=[public()], response_class=HTMLResponse)
def login(
    request: Request,
    name: str = Form(max_length=64),
    password: str = Form(max_length=1024),
    context: ServerContext = Depends(get_context),
    authenticator: StoreAuthenticator = Depends(store_authenticator),
) -> Response:
    limiter, address = authenticator.limiter, _client(request)
    if limiter.refused(name, address):
        page = render(request, "login.html", {"error": TOO_MANY, "name": name}, 429)
        page.headers["Retry-After"] = str(int(limiter.window.total_seconds()))
        return page
    user = authenticator.accounts.check_password(name, password)
    if user is None:
        limiter.failed(name, address)
        known = authenticator.accounts.user(name) is not None
        # The typed name is kept only when it is a user's: a password typed into the
        # name field must not end up in the audit log.
        audit_access(context, None, "auth.sign_in_refused", name if known else "(unknown)")
        return render(request, "login.html", {"error": WRONG, "name": name}, 401)
    limiter.succeeded(name)
    target = PASSWORD_PAGE if user.must_change_password else AFTER_SIGN_IN
    response = RedirectResponse(target, status_code=303)
    authenticator.end_session(request, response)  # a fresh id at each sign-in
    authenticator.start_session(response, user.name)
    context.store.audit.append("auth.sign_in", user.name, {"role": user.role}, actor=f"user:{name}")
    return response


@router.post("/logout", dependencies=[public()])
def logout(
    request: Request,
    context: ServerContext = Depends(get_context),
    authenticator: StoreAuthenticator = Depends(store_authenticator),
) -> Response:
    session = authenticator.session(request)
    response = RedirectResponse("/login", status_code=303)
    if authenticator.end_session(request, response) and session is not None:
        name = session.user.name
        context.store.audit.append("auth.sign_out", name, {}, actor=f"user:{name}")
    return response


@router.get(PASSWORD_PAGE, dependencies=[public()], response_class=HTMLResponse)
def password_form(
    request: Request, authenticator: StoreAuthenticator = Depends(store_authenticator)
) -> Response:
    session = authenticator.session(request)
    if session is None:
        return RedirectResponse("/login", status_code=303)
    return render(request, "password.html", {"error": None, "session": session})


@router.post(PASSWORD_PAGE, dependencies=[public()], response_class=HTMLResponse)
def change_password(
    request: Request,
    current: str = Form(max_length=1024),
    new: str = Form(max_length=1024),
    confirm: str = Form(max_length=1024),
    authenticator: StoreAuthenticator = Depends(store_authenticator),
) -> Response:
    session = authenticator.session(request)
    if session is None:
        return RedirectResponse("/login", status_code=303)
    name = session.user.name
    error = None
    if authenticator.accounts.check_password(name, current) is None:
        error = ("現在のパスワードが違います", "the current password is wrong")
    elif new != confirm:
        error = ("新しいパスワードが一致しません", "the two new passwords differ")
    elif new == current:
        error = ("新しいパスワードを選んでください", "choose a password you have not used here")
    else:
        try:
            check_password_strength(new)
        except AccountError:
            error = ("パスワードは 12 文字以上にしてください", "use at least 12 characters")
    if error is not None:
        return render(request, "password.html", {"error": error, "session": session}, 400)
    # A new password ends every session of the user (audited); this browser gets a new one.
    authenticator.accounts.set_password(name, new, actor=f"user:{name}")
    response = RedirectResponse(AFTER_SIGN_IN, status_code=303)
    authenticator.start_session(response, name)
    return response
