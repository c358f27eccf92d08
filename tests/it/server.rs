//! A real HTTP/1.1 server on 127.0.0.1 for the crawler tests, scripted per path, including misbehaviour
//! (stalls, endless bodies, redirect loops) that a well-behaved server framework would not produce.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server does for one request.
pub enum Reply {
    /// Status, content type, body.
    Page(u16, &'static str, Vec<u8>),
    Redirect(u16, String),
    /// Headers announce `length` bytes, `sent` are written, then the connection hangs for `pause`.
    Stall {
        length: usize,
        sent: usize,
        pause: Duration,
    },
    /// Accepts and never answers (for `pause`).
    Silent(Duration),
    /// A body of `bytes` bytes streamed in chunks.
    Huge(usize),
    /// Status, headers (`name: value` lines, content type among them), body.
    Headed(u16, Vec<String>, Vec<u8>),
}

pub fn html(body: &str) -> Reply {
    Reply::Page(200, "text/html; charset=utf-8", body.as_bytes().to_vec())
}

pub fn not_found() -> Reply {
    Reply::Page(404, "text/html", b"<h1>Not found</h1>".to_vec())
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub user_agent: String,
    pub at: Instant,
}

pub struct TestServer {
    pub base: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl TestServer {
    /// Starts a server whose replies come from `route(path_with_query)`; it lives until the test process ends.
    pub fn start(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let route = Arc::new(route);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let route = route.clone();
                let log = log.clone();
                std::thread::spawn(move || serve(stream, &*route, &log));
            }
        });
        TestServer { base, seen }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, route: &(dyn Fn(&str) -> Reply + Send + Sync), log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut user_agent = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
            if let Some(ua) = line.strip_prefix("user-agent: ").or_else(|| line.strip_prefix("User-Agent: ")) {
                user_agent = ua.trim().to_string();
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("GET").to_string();
        let path = parts.next().unwrap_or("/").to_string();
        log.lock().unwrap().push(Seen { path: path.clone(), user_agent, at: Instant::now() });
        let head_only = method == "HEAD";
        let result = match route(&path) {
            Reply::Page(status, content_type, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).and_then(|_| if head_only { Ok(()) } else { stream.write_all(&body) })
            }
            Reply::Headed(status, headers, body) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\n{}Content-Length: {}\r\n\r\n",
                    headers.iter().map(|h| format!("{h}\r\n")).collect::<String>(),
                    body.len()
                );
                stream.write_all(head.as_bytes()).and_then(|_| if head_only { Ok(()) } else { stream.write_all(&body) })
            }
            Reply::Redirect(status, location) => stream.write_all(
                format!("HTTP/1.1 {status} X\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n").as_bytes(),
            ),
            Reply::Stall { length, sent, pause } => {
                let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {length}\r\n\r\n");
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&vec![b'a'; sent]);
                let _ = stream.flush();
                std::thread::sleep(pause);
                return;
            }
            Reply::Silent(pause) => {
                std::thread::sleep(pause);
                return;
            }
            Reply::Huge(bytes) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {bytes}\r\n\r\n<html><body>"
                );
                let _ = stream.write_all(head.as_bytes());
                let chunk = vec![b'x'; 64 * 1024];
                let mut left = bytes.saturating_sub(12);
                while left > 0 {
                    let n = left.min(chunk.len());
                    if stream.write_all(&chunk[..n]).is_err() {
                        return;
                    }
                    left -= n;
                }
                Ok(())
            }
        };
        if result.is_err() {
            return;
        }
    }
}
