//! The bundled example business, embedded in the binary so `touchaudit demo` needs no files and no network:
//! its audit files, and its website served by an in-process HTTP server on 127.0.0.1.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Method, Request, Response, StatusCode};

use crate::config::Files;

/// The demo's audit file, under the name messages and the report use for it.
pub(crate) const AUDIT_FILE: &str = "demo/audit.toml";
/// Monthly runs before the demo's own that `touchaudit demo` computes for its trends (a year in all).
pub const PAST_MONTHS: u32 = 11;

/// Where `touchaudit demo` writes its report unless told otherwise.
pub const OUTPUT_DIR: &str = "touchaudit-demo";

/// The chain example's audit file (examples/chain): three branches of the same practice.
pub(crate) const CHAIN_AUDIT_FILE: &str = "chain/audit.toml";
/// The folder inside the demo's output the chain example is written into.
pub const CHAIN_OUTPUT_DIR: &str = "chain";

/// examples/chain, as embedded files.
pub const CHAIN_FILES: Files = Files::Embedded(&[
    ("chain/audit.toml", include_str!("../examples/chain/audit.toml")),
    ("chain/survey.csv", include_str!("../examples/chain/survey.csv")),
    ("chain/harbour-google.json", include_str!("../examples/chain/harbour-google.json")),
    ("chain/harbour-offline.toml", include_str!("../examples/chain/harbour-offline.toml")),
    ("chain/oldtown-google.json", include_str!("../examples/chain/oldtown-google.json")),
    ("chain/oldtown-offline.toml", include_str!("../examples/chain/oldtown-offline.toml")),
    ("chain/riverside-google.json", include_str!("../examples/chain/riverside-google.json")),
    ("chain/riverside-offline.toml", include_str!("../examples/chain/riverside-offline.toml")),
]);

/// The chain example's audit file, as [`CHAIN_FILES`] names it.
pub fn chain_audit_path() -> &'static Path {
    Path::new(CHAIN_AUDIT_FILE)
}

/// examples/demo, as embedded files.
pub const FILES: Files = Files::Embedded(&[
    ("demo/audit.toml", include_str!("../examples/demo/audit.toml")),
    ("demo/offline.toml", include_str!("../examples/demo/offline.toml")),
    ("demo/survey.csv", include_str!("../examples/demo/survey.csv")),
    ("demo/mentions.atom", include_str!("../examples/demo/mentions.atom")),
    ("demo/serp.csv", include_str!("../examples/demo/serp.csv")),
    ("demo/reviews/google-export.json", include_str!("../examples/demo/reviews/google-export.json")),
    ("demo/reviews/google-apify.json", include_str!("../examples/demo/reviews/google-apify.json")),
    ("demo/reviews/google-place.json", include_str!("../examples/demo/reviews/google-place.json")),
    ("demo/reviews/2gis-branch.json", include_str!("../examples/demo/reviews/2gis-branch.json")),
    ("demo/reviews/localguide.csv", include_str!("../examples/demo/reviews/localguide.csv")),
    ("demo/reviews/yandex-maps-reviews.html", include_str!("../examples/demo/reviews/yandex-maps-reviews.html")),
    ("demo/rivals/smilepro-google.json", include_str!("../examples/demo/rivals/smilepro-google.json")),
    ("demo/rivals/harbour-google.json", include_str!("../examples/demo/rivals/harbour-google.json")),
]);

/// A site's files by path.
pub(crate) type SiteFiles = &'static [(&'static str, &'static [u8])];

/// The two rival practices' small sites, by host name, served by the same local server.
pub(crate) const RIVAL_SITES: &[(&str, SiteFiles)] = &[
    (
        "smilepro.example",
        &[
            ("index.html", include_bytes!("../examples/demo/rivals/smilepro/index.html")),
            ("prices.html", include_bytes!("../examples/demo/rivals/smilepro/prices.html")),
            ("contacts.html", include_bytes!("../examples/demo/rivals/smilepro/contacts.html")),
            ("loyalty.html", include_bytes!("../examples/demo/rivals/smilepro/loyalty.html")),
            ("robots.txt", include_bytes!("../examples/demo/rivals/smilepro/robots.txt")),
        ],
    ),
    (
        "harbourdental.example",
        &[
            ("index.html", include_bytes!("../examples/demo/rivals/harbour/index.html")),
            ("about.html", include_bytes!("../examples/demo/rivals/harbour/about.html")),
        ],
    ),
];

/// examples/demo/site, as embedded files (a test checks the list against the folder).
pub(crate) const SITE: &[(&str, &[u8])] = &[
    ("about.html", include_bytes!("../examples/demo/site/about.html")),
    ("admin/index.html", include_bytes!("../examples/demo/site/admin/index.html")),
    ("blog/aligners.html", include_bytes!("../examples/demo/site/blog/aligners.html")),
    ("blog/brushing.html", include_bytes!("../examples/demo/site/blog/brushing.html")),
    ("blog/emergency.html", include_bytes!("../examples/demo/site/blog/emergency.html")),
    ("blog/first-visit.html", include_bytes!("../examples/demo/site/blog/first-visit.html")),
    ("blog/flossing.html", include_bytes!("../examples/demo/site/blog/flossing.html")),
    ("blog/implant-care.html", include_bytes!("../examples/demo/site/blog/implant-care.html")),
    ("blog/index.html", include_bytes!("../examples/demo/site/blog/index.html")),
    ("blog/sensitive-teeth.html", include_bytes!("../examples/demo/site/blog/sensitive-teeth.html")),
    ("blog/whitening-myths.html", include_bytes!("../examples/demo/site/blog/whitening-myths.html")),
    ("contacts.html", include_bytes!("../examples/demo/site/contacts.html")),
    ("img/braces.svg", include_bytes!("../examples/demo/site/img/braces.svg")),
    ("img/checkup.svg", include_bytes!("../examples/demo/site/img/checkup.svg")),
    ("img/clinic.svg", include_bytes!("../examples/demo/site/img/clinic.svg")),
    ("img/emergency.svg", include_bytes!("../examples/demo/site/img/emergency.svg")),
    ("img/implants.svg", include_bytes!("../examples/demo/site/img/implants.svg")),
    ("img/kids.svg", include_bytes!("../examples/demo/site/img/kids.svg")),
    ("img/team.svg", include_bytes!("../examples/demo/site/img/team.svg")),
    ("img/whitening.svg", include_bytes!("../examples/demo/site/img/whitening.svg")),
    ("index.html", include_bytes!("../examples/demo/site/index.html")),
    ("loyalty.html", include_bytes!("../examples/demo/site/loyalty.html")),
    ("policies/home-care-delivery.html", include_bytes!("../examples/demo/site/policies/home-care-delivery.html")),
    ("policies/refund.html", include_bytes!("../examples/demo/site/policies/refund.html")),
    ("prices.html", include_bytes!("../examples/demo/site/prices.html")),
    ("promo-2025.html", include_bytes!("../examples/demo/site/promo-2025.html")),
    ("reviews.html", include_bytes!("../examples/demo/site/reviews.html")),
    ("robots.txt", include_bytes!("../examples/demo/site/robots.txt")),
    ("ru/index.html", include_bytes!("../examples/demo/site/ru/index.html")),
    ("services/braces.html", include_bytes!("../examples/demo/site/services/braces.html")),
    ("services/checkup.html", include_bytes!("../examples/demo/site/services/checkup.html")),
    ("services/emergency.html", include_bytes!("../examples/demo/site/services/emergency.html")),
    ("services/implants.html", include_bytes!("../examples/demo/site/services/implants.html")),
    ("services/index.html", include_bytes!("../examples/demo/site/services/index.html")),
    ("services/kids.html", include_bytes!("../examples/demo/site/services/kids.html")),
    ("services/whitening.html", include_bytes!("../examples/demo/site/services/whitening.html")),
    ("sitemap.xml", include_bytes!("../examples/demo/site/sitemap.xml")),
];

/// The demo's audit file, as its errors name it.
pub fn audit_path() -> &'static Path {
    Path::new(AUDIT_FILE)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        // The page for Russian-speaking patients is served as an old server would: no charset in the header.
        Some("html") if path.starts_with("ru/") => "text/html",
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Answers one request from the embedded site of `host` (the business's, or a rival's), by path.
pub(crate) fn respond_for(method: &Method, host: Option<&str>, path: &str) -> Response<Full<Bytes>> {
    match RIVAL_SITES.iter().find(|(name, _)| Some(*name) == host) {
        Some((_, files)) => serve(method, files, path),
        None => respond(method, path),
    }
}

/// Answers one request from the embedded site (by path; proxy-style absolute URIs are fine).
pub(crate) fn respond(method: &Method, path: &str) -> Response<Full<Bytes>> {
    serve(method, SITE, path)
}

/// The page the demo's server answers slowly (a booking widget rendered on the server, say), so that the
/// report shows how a slow page is listed.
const SLOW_PAGE: &str = "services/implants.html";

/// The response time the demo's server states for a body of `bytes` (`Server-Timing: total;dur=MS`): what a
/// small shared host takes, fixed so that every demo run reads the same times on a busy machine.
fn stated_ms(path: &str, bytes: usize) -> usize {
    if path.trim_start_matches('/') == SLOW_PAGE { 3400 } else { 140 + bytes / 64 }
}

fn serve(method: &Method, site: &[(&str, &'static [u8])], path: &str) -> Response<Full<Bytes>> {
    let reply = |status: StatusCode, content_type: &str, body: Bytes| {
        let ms = stated_ms(path, body.len());
        let mut response = Response::new(Full::new(if method == Method::HEAD { Bytes::new() } else { body }));
        *response.status_mut() = status;
        if let Ok(value) = format!("total;dur={ms}").parse() {
            response.headers_mut().insert("server-timing", value);
        }
        if let Ok(value) = content_type.parse() {
            response.headers_mut().insert(hyper::header::CONTENT_TYPE, value);
        }
        response
    };
    if path == "/feedback" && site.len() == SITE.len() {
        return if method == Method::POST {
            reply(StatusCode::OK, "text/html; charset=utf-8", Bytes::from_static(b"<p>Thank you!</p>"))
        } else {
            reply(StatusCode::METHOD_NOT_ALLOWED, "text/plain", Bytes::from_static(b"POST only"))
        };
    }
    let relative = path.trim_start_matches('/');
    let file = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    };
    match site.iter().find(|(name, _)| *name == file) {
        Some((name, body)) => reply(StatusCode::OK, content_type(name), Bytes::from_static(body)),
        None if site.iter().any(|(name, _)| name.starts_with(&format!("{relative}/"))) => {
            let mut response = reply(StatusCode::MOVED_PERMANENTLY, "text/plain", Bytes::new());
            if let Ok(value) = format!("{path}/").parse() {
                response.headers_mut().insert(hyper::header::LOCATION, value);
            }
            response
        }
        None => reply(StatusCode::NOT_FOUND, "text/html; charset=utf-8", Bytes::from_static(b"<h1>Not found</h1>")),
    }
}

/// The demo site's server, running on its own thread until dropped.
pub struct DemoServer {
    /// Where the server listens (127.0.0.1).
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl DemoServer {
    /// Starts the server on an ephemeral port of 127.0.0.1.
    pub fn start() -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (shutdown, mut stop) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
                loop {
                    tokio::select! {
                        _ = &mut stop => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            tokio::spawn(async move {
                                let service = hyper::service::service_fn(|request: Request<hyper::body::Incoming>| async move {
                                    let host = request.uri().host().map(str::to_string).or_else(|| {
                                        let header = request.headers().get(hyper::header::HOST)?.to_str().ok()?;
                                        Some(header.split(':').next().unwrap_or(header).to_string())
                                    });
                                    Ok::<_, Infallible>(respond_for(request.method(), host.as_deref(), request.uri().path()))
                                });
                                let io = hyper_util::rt::TokioIo::new(stream);
                                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                            });
                        }
                    }
                }
            });
        });
        Ok(DemoServer { addr, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The proxy URL that routes the demo host name to this server.
    pub fn proxy(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_demo_site_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo/site");
        let mut on_disk = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    on_disk.push(path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<&str> = SITE.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn serves_pages_redirects_and_errors() {
        assert_eq!(respond(&Method::GET, "/").status(), StatusCode::OK);
        assert_eq!(respond(&Method::GET, "/blog").status(), StatusCode::MOVED_PERMANENTLY);
        assert_eq!(respond(&Method::GET, "/loyalty/activate.html").status(), StatusCode::NOT_FOUND);
        assert_eq!(respond(&Method::HEAD, "/feedback").status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(respond(&Method::GET, "/ru/").headers()["content-type"], "text/html");
    }

    #[test]
    fn every_answer_states_a_fixed_time_and_one_page_is_slow() {
        let stated = |path: &str| respond(&Method::GET, path).headers()["server-timing"].to_str().unwrap().to_string();
        assert_eq!(stated("/"), stated("/"));
        assert!(stated("/").starts_with("total;dur=1"), "{}", stated("/"));
        assert_eq!(stated(&format!("/{SLOW_PAGE}")), "total;dur=3400");
    }
}
