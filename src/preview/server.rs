//! The preview's HTTP server (axum on tokio): the newest good build's files, the event stream
//! and the live script.
//!
//! Files are served by tower-http's `ServeDir` (paths, ranges, content types, `index.html`,
//! the redirect of `/nl/x` to `/nl/x/`): no request is parsed here. Only a page's response is
//! changed on the way out: a `<link>` and a `<script>` of our own are added before `</head>`,
//! so the files on disk stay exactly what `leaflet build` makes. Both are files of this server
//! (`/__leaflet/…`), so the pages' own Content-Security-Policy (`script-src 'self'`,
//! `connect-src 'self'`) allows them unchanged: the preview needs no relaxed policy, and sends the
//! same policy as a header. Nothing is cached, so a reload always shows the newest build.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::{Event, Preview};

/// Where the server's own files live, out of the way of any page of the site.
const PREFIX: &str = "/__leaflet";
const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");

/// The policy of the pages (`templates/head.html`), also sent as a header: the preview adds
/// nothing the policy does not allow already.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/// What is added to every page, before `</head>`.
fn live_tags() -> String {
    format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}/live.css\"><script src=\"{PREFIX}/live.js\" defer></script>"
    )
}

/// Serves until the process ends (Ctrl-C), on a listener already bound.
pub async fn serve(listener: std::net::TcpListener, preview: Arc<Preview>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?.ip().is_loopback();
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let mut app = router(preview);
    if local {
        app = app.layer(axum::middleware::from_fn(this_computer_only));
    }
    axum::serve(listener, app).await
}

/// On 127.0.0.1 (the default) the preview answers only requests addressed to this computer by
/// name (`localhost`, `127.0.0.1`, `[::1]`). A web page elsewhere could otherwise point a name
/// of its own at 127.0.0.1 ("DNS rebinding") and read the unpublished preview through the
/// reader's browser. `--bind` to another address is a deliberate choice and is not limited.
async fn this_computer_only(request: Request, next: axum::middleware::Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    if matches!(name, "localhost" | "127.0.0.1" | "::1") {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "This preview answers only at http://127.0.0.1 or http://localhost on this computer.\n",
    )
        .into_response()
}

pub fn router(preview: Arc<Preview>) -> Router {
    Router::new()
        .route(&format!("{PREFIX}/events"), get(events))
        .route(
            &format!("{PREFIX}/live.js"),
            get(|| async { asset("text/javascript; charset=utf-8", LIVE_JS) }),
        )
        .route(
            &format!("{PREFIX}/live.css"),
            get(|| async { asset("text/css; charset=utf-8", LIVE_CSS) }),
        )
        .fallback(site_file)
        .with_state(preview)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// A file of the newest good build; a PDF not made yet for it comes from the last full build.
async fn site_file(State(preview): State<Arc<Preview>>, request: Request) -> Response {
    let Some(dir) = preview.serving_dir() else {
        return waiting_page();
    };
    let files = ServeDir::new(dir).fallback(ServeDir::new(&preview.full_dir));
    let response = match files.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    let mut response = if is_html(&response) && response.status() == StatusCode::OK {
        with_live_script(response).await
    } else {
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}

/// Before the first good build: a page that says so, with the live script, so it shows the
/// problems of a failed first build and turns into the real page once one succeeds.
fn waiting_page() -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>leaflet preview</title>\n<meta name=\"leaflet-preview\" content=\"waiting\">\n{}</head>\n<body>\n<main>\n<h1>The preview is not ready yet</h1>\n<p>The first build is running, or it failed: the terminal says why. This page shows the site as soon as a build succeeds.</p>\n</main>\n</body>\n</html>\n",
        live_tags()
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "1"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        page,
    )
        .into_response()
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// The page with the live tags before `</head>` (every page of the theme has one; a page
/// without is served as it is).
async fn with_live_script(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    // Pages are small; a limit keeps a runaway file from filling the memory.
    let bytes = match axum::body::to_bytes(body, 64 * 1024 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let page = String::from_utf8_lossy(&bytes);
    let page = match page.find("</head>") {
        Some(at) => format!("{}{}{}", &page[..at], live_tags(), &page[at..]),
        None => page.into_owned(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    Response::from_parts(parts, Body::from(page))
}

/// The server-sent events: first the overlay if a build failed, then every reload, problem
/// and all-clear as it happens.
async fn events(
    State(preview): State<Arc<Preview>>,
) -> Sse<impl Stream<Item = Result<SseEvent, std::convert::Infallible>>> {
    let (problems, receiver) = preview.subscribe();
    let first = problems.map(Event::Problems);
    let stream = stream::unfold((first, receiver), |(mut first, mut receiver)| async move {
        loop {
            let event = match first.take() {
                Some(event) => event,
                None => match receiver.recv().await {
                    Ok(event) => event,
                    // Too slow to keep up: reloading shows the newest state anyway.
                    Err(RecvError::Lagged(_)) => Event::Reload(Vec::new()),
                    Err(RecvError::Closed) => return None,
                },
            };
            if let Some(sse) = to_sse(&event) {
                return Some((Ok(sse), (None, receiver)));
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_sse(event: &Event) -> Option<SseEvent> {
    match event {
        Event::Reload(files) => Some(SseEvent::default().event("reload").data(json(files)?)),
        Event::Problems(problems) => {
            Some(SseEvent::default().event("problems").data(json(problems)?))
        }
        Event::Clear => Some(SseEvent::default().event("clear").data("")),
    }
}

/// One line of JSON (an event's data may hold no line break).
fn json(value: &impl serde::Serialize) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Binds the preview's address: a busy port is the user's to choose, so it is reported, not
/// replaced by another one silently.
pub fn bind(address: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    std::net::TcpListener::bind(address)
}
