"""Our answers for a page that does not exist (404) and a page that failed (500), in place of NiceGUI's English
ones ("This page doesn't exist", "Server error" with the exception's text): a plain page in the app's colours and
header, in her language (the `berdaya_lang` cookie, as every plain page), with a way home. The phone's API gets
the same words as JSON; what the server knows of the failure goes to its log, never to her screen.
"""

from __future__ import annotations

from typing import Any

from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import Request

from . import login_page
from .i18n import request_lang, t

NO_STORE = {'Cache-Control': 'no-store'}


def install(app: Any) -> None:
    """Replace NiceGUI's 404 and 500 handlers (registered when NiceGUI is imported) with ours."""
    app.exception_handlers[404] = not_found
    app.exception_handlers[Exception] = server_error
    app.exception_handlers.pop(500, None)


async def not_found(request: Request, exception: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({'error': t('oops.not_found_title', request_lang(request))}, 404, NO_STORE)
    if _raised_by_a_route(request) and isinstance(exception, HTTPException):
        # NiceGUI's own files and a static folder's missing file: as FastAPI answers, no page around it
        return await http_exception_handler(request, exception)
    return answer_page(request, 'oops.not_found_title', 'oops.not_found', 404)


async def server_error(request: Request, exception: Exception) -> Response:
    """Starlette calls this for any exception a route let through, then raises it again: the server logs it."""
    if _is_api(request):
        return JSONResponse({'error': t('oops.server_title', request_lang(request))}, 500, NO_STORE)
    return answer_page(request, 'oops.server_title', 'oops.server', 500)


def answer_page(request: Request, title_key: str, text_key: str, status: int) -> HTMLResponse:
    lang = request_lang(request)
    page = login_page.message_page(lang, t(title_key, lang), t(text_key, lang))
    return HTMLResponse(page, status_code=status, headers=NO_STORE)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith('/api/')


def _raised_by_a_route(request: Request) -> bool:
    """A route that is not a page answered 404 itself (NiceGUI's rule): an unknown path has no endpoint, and a
    page's own 404 carries its NiceGUI page path."""
    endpoint = request.scope.get('endpoint')
    return endpoint is not None and not request.scope.get('nicegui_page_path') and endpoint is not request.app
