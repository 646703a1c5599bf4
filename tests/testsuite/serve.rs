//! `leaflet serve`: the writer's live preview. A real server on a free port of 127.0.0.1, real
//! edits of the sources, a real HTTP client (ureq) reading the pages and the event stream.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};

use crate::common::{Project, require_typst, tree};

const LEAFLET: &str = "neuromodulatie-chronische-pijn";
const MESSAGES: &str = "locales/nl/neuromodulatie-chronische-pijn.ftl";
const TITLE: &str = "title = Neuromodulatie bij chronische pijn";

/// A running `leaflet serve`, stopped (SIGTERM, as Ctrl-C) when dropped if a test failed.
struct Server {
    child: Child,
    base: String,
    stderr: Receiver<String>,
}

impl Server {
    fn start(project: &Project, temp: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_leaflet"))
            .envs(env.iter().copied())
            .args(["serve", "--port", &port.to_string()])
            .args(extra)
            .arg("--root")
            .arg(&project.root)
            .env("TMPDIR", temp)
            .env("NO_COLOR", "1")
            .env("LEAFLET_TODAY", crate::common::TODAY)
            .env("LEAFLET_CLOCK", crate::common::TODAY)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start leaflet serve");
        // Read on a thread, so a full pipe never blocks the server.
        let (sender, stderr) = mpsc::channel();
        let mut pipe = BufReader::new(child.stderr.take().expect("piped"));
        std::thread::spawn(move || {
            let mut line = String::new();
            while pipe.read_line(&mut line).is_ok_and(|n| n > 0) {
                if sender.send(std::mem::take(&mut line)).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            stderr,
        }
    }

    /// `serve --no-pdf` with a typst that does not exist: `--no-pdf` must not look for it.
    fn pages_only(project: &Project, temp: &Path) -> Server {
        Server::start(
            project,
            temp,
            &["--no-pdf"],
            &[("LEAFLET_TYPST", "/nonexistent/typst")],
        )
    }

    /// GET `path`: the status and the body (an error status is an answer too).
    fn get(&self, path: &str) -> (u16, String, Option<String>) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        match agent.get(format!("{}{path}", self.base)).call() {
            Ok(mut response) => {
                let csp = response
                    .headers()
                    .get("content-security-policy")
                    .and_then(|v| v.to_str().ok())
                    .map(String::from);
                let status = response.status().as_u16();
                let body = response.body_mut().read_to_string().unwrap_or_default();
                (status, body, csp)
            }
            Err(_) => (0, String::new(), None),
        }
    }

    /// Polls `path` until its body satisfies `ready`; the time it took.
    fn wait_for(&self, path: &str, limit: Duration, ready: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        loop {
            let (status, body, _) = self.get(path);
            if status == 200 && ready(&body) {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < limit,
                "{path} not ready after {limit:?} (last status {status}); stderr so far:\n{}",
                self.stderr_so_far()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stderr_so_far(&self) -> String {
        self.stderr.try_iter().collect()
    }

    /// The event stream, one `(event, data)` per message, read on a thread of its own.
    fn events(&self) -> Receiver<(String, String)> {
        let url = format!("{}/__leaflet/events", self.base);
        let (sender, events) = mpsc::channel();
        let (connected, is_connected) = mpsc::channel();
        std::thread::spawn(move || {
            // The server may still be starting: it listens before its first build.
            let deadline = Instant::now() + Duration::from_secs(30);
            let response = loop {
                match ureq::get(&url).call() {
                    Ok(response) => break response,
                    Err(_) if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(50))
                    }
                    Err(err) => panic!("event stream: {err}"),
                }
            };
            let _ = connected.send(());
            let reader = BufReader::new(response.into_body().into_reader());
            let (mut event, mut data) = (String::new(), String::new());
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(text) = line.strip_prefix("data: ") {
                    data.push_str(text);
                } else if line.is_empty() && !event.is_empty() {
                    let message = (std::mem::take(&mut event), std::mem::take(&mut data));
                    if sender.send(message).is_err() {
                        break;
                    }
                }
            }
        });
        is_connected
            .recv_timeout(Duration::from_secs(40))
            .expect("the event stream answers");
        events
    }

    /// Stops it as Ctrl-C would; its exit code and everything it printed.
    fn stop(mut self) -> (Option<i32>, String) {
        kill_process(Pid::from_child(&self.child), Signal::TERM).expect("signal serve");
        let status = self.child.wait().expect("serve ends");
        let mut rest = String::new();
        let deadline = Instant::now() + Duration::from_secs(5);
        while let Ok(line) = self.stderr.recv_timeout(Duration::from_millis(200)) {
            rest.push_str(&line);
            if Instant::now() > deadline {
                break;
            }
        }
        (status.code(), rest)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = kill_process(Pid::from_child(&self.child), Signal::TERM);
            let _ = self.child.wait();
        }
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// The next event named `name`, skipping others; its data.
fn next_event(events: &Receiver<(String, String)>, name: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok((event, data)) if event == name => return data,
            Ok(_) => continue,
            Err(_) => panic!("no {name:?} event within {limit:?}"),
        }
    }
}

/// The next `name` event whose data passes `wanted`, skipping others of that name: a save is a
/// truncation and then a write, and on a busy machine the watcher may build the empty file in
/// between (as it would for an editor that saves slowly); the state the test made follows.
fn next_event_where(
    events: &Receiver<(String, String)>,
    name: &str,
    limit: Duration,
    wanted: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let data = next_event(events, name, left.max(Duration::from_millis(1)));
        if wanted(&data) {
            return data;
        }
    }
}

fn leftovers(temp: &Path) -> Vec<String> {
    std::fs::read_dir(temp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("leaflet-"))
        .collect()
}

#[test]
fn serve_shows_each_saved_change_reloads_and_overlays_problems_without_touching_dist() {
    require_typst();
    let project = Project::example();
    let temp = tempfile::tempdir().unwrap();
    let server = Server::start(&project, temp.path(), &[], &[]);
    let page = format!("/nl/{LEAFLET}/");

    // The first build: the page, with the preview's script added (the file is not changed),
    // under the site's own Content-Security-Policy, which allows it.
    server.wait_for(&page, Duration::from_secs(120), |body| {
        body.contains("Neuromodulatie bij chronische pijn")
    });
    let (_, body, csp) = server.get(&page);
    assert!(body.contains(r#"<script src="/__leaflet/live.js" defer></script></head>"#));
    assert!(csp.is_some_and(|csp| csp.contains("script-src 'self'")));
    let (status, script, _) = server.get("/__leaflet/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    // The PDFs follow behind the pages; then the page links its PDF, which is served.
    let pdf = format!("{LEAFLET}-nl.pdf");
    server.wait_for(&page, Duration::from_secs(120), |body| body.contains(&pdf));
    let (status, _, _) = server.get(&format!("/nl/{LEAFLET}/{pdf}"));
    assert_eq!(status, 200);

    // A saved message: the page shows it within about a second, and open pages are told.
    let events = server.events();
    project.edit(
        MESSAGES,
        TITLE,
        "title = Neuromodulatie bij langdurige pijn",
    );
    let took = server.wait_for(&page, Duration::from_secs(10), |body| {
        body.contains("Neuromodulatie bij langdurige pijn")
    });
    eprintln!("saved → page updated in {took:?}");
    assert!(took < Duration::from_secs(5), "the change took {took:?}");
    let reload = next_event(&events, "reload", Duration::from_secs(10));
    assert!(
        reload.contains(&format!("nl/{LEAFLET}/index.html")),
        "{reload}"
    );

    // A broken message: the overlay names the file, line and column with a hint, and the last
    // good page is still served underneath.
    project.edit(
        MESSAGES,
        "title = Neuromodulatie bij langdurige pijn",
        "title = Neuromodulatie bij { $oops pijn",
    );
    let problems = next_event_where(&events, "problems", Duration::from_secs(10), |data| {
        data.contains("oops")
    });
    let problems: serde_json::Value = serde_json::from_str(&problems).unwrap();
    let details = problems["details"].as_str().unwrap();
    assert!(
        details.contains(&format!("{MESSAGES}:")) && details.contains("hint:"),
        "{details}"
    );
    assert!(
        !details.contains("warning:"),
        "the overlay shows errors only"
    );
    let (status, body, _) = server.get(&page);
    assert_eq!(status, 200);
    assert!(body.contains("Neuromodulatie bij langdurige pijn"));

    // Fixed: the overlay goes and the page reloads.
    project.edit(
        MESSAGES,
        "title = Neuromodulatie bij { $oops pijn",
        "title = Neuromodulatie bij pijn die blijft",
    );
    next_event(&events, "clear", Duration::from_secs(10));
    server.wait_for(&page, Duration::from_secs(10), |body| {
        body.contains("Neuromodulatie bij pijn die blijft")
    });

    // Ctrl-C: a clean stop, the temporary folder removed, and never a dist/.
    let (code, stderr) = server.stop();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("stopped the preview"), "{stderr}");
    assert_eq!(leftovers(temp.path()), Vec::<String>::new());
    assert!(!project.path("dist").exists(), "serve wrote dist/");
    let dist_like: Vec<_> = std::fs::read_dir(&project.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("dist"))
        .collect();
    assert!(dist_like.is_empty(), "{dist_like:?}");
}

#[test]
fn a_saved_leaflet_text_shows_its_page_first_and_then_the_whole_site_as_a_build_makes_it() {
    let project = Project::example();
    let temp = tempfile::tempdir().unwrap();
    let server = Server::pages_only(&project, temp.path());
    let page = format!("/nl/{LEAFLET}/");
    server.wait_for("/nl/", Duration::from_secs(60), |body| {
        body.contains("Neuromodulatie bij chronische pijn")
    });
    let events = server.events();
    project.edit(
        MESSAGES,
        TITLE,
        "title = Neuromodulatie bij langdurige pijn",
    );
    // First a quick look: the leaflet's own pages, not yet the index that lists it.
    let quick = next_event(&events, "reload", Duration::from_secs(10));
    assert!(
        quick.contains(&format!("nl/{LEAFLET}/index.html")),
        "{quick}"
    );
    assert!(!quick.contains("\"nl/index.html\""), "{quick}");
    let (_, body, _) = server.get(&page);
    assert!(body.contains("Neuromodulatie bij langdurige pijn"));
    // Then the whole pages build: the index too.
    let whole = next_event(&events, "reload", Duration::from_secs(30));
    assert!(whole.contains("\"nl/index.html\""), "{whole}");
    server.wait_for("/nl/", Duration::from_secs(10), |body| {
        body.contains("Neuromodulatie bij langdurige pijn")
    });
    // The folder served is what a build of the same sources makes, file for file.
    let served: Vec<_> = std::fs::read_dir(temp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("leaflet-serve-")
        })
        .collect();
    assert_eq!(served.len(), 1, "{served:?}");
    let built = temp.path().join("built");
    project
        .leaflet_with_env(
            &["build", "--no-pdf", "--out", built.to_str().unwrap()],
            &[("LEAFLET_TYPST", Path::new("/nonexistent/typst"))],
        )
        .assert_code(0);
    let (served, built) = (tree(&served[0].join("pages")), tree(&built));
    let differ: Vec<_> = served
        .keys()
        .chain(built.keys())
        .filter(|path| served.get(*path) != built.get(*path))
        .collect();
    assert!(differ.is_empty(), "served and built differ: {differ:?}");
    let (code, stderr) = server.stop();
    assert_eq!(code, Some(130), "{stderr}");
}

#[test]
fn the_folder_of_a_killed_serve_is_removed_by_the_next_run() {
    let project = Project::example();
    let temp = tempfile::tempdir().unwrap();
    let mut server = Server::pages_only(&project, temp.path());
    let page = format!("/nl/{LEAFLET}/");
    server.wait_for(&page, Duration::from_secs(60), |_| true);
    kill_process(Pid::from_child(&server.child), Signal::KILL).unwrap();
    server.child.wait().unwrap();
    let left = leftovers(temp.path());
    assert_eq!(left.len(), 1, "{left:?}");
    // The next preview (or build) removes it: its process is gone.
    let server = Server::pages_only(&project, temp.path());
    server.wait_for(&page, Duration::from_secs(60), |_| true);
    let now = leftovers(temp.path());
    assert!(!now.contains(&left[0]), "{now:?}");
    let (code, stderr) = server.stop();
    assert_eq!(code, Some(130), "{stderr}");
    assert_eq!(leftovers(temp.path()), Vec::<String>::new());
}

#[test]
fn serve_without_pdfs_needs_no_typst_and_links_no_pdf() {
    let project = Project::example();
    let temp = tempfile::tempdir().unwrap();
    let server = Server::pages_only(&project, temp.path());
    let page = format!("/nl/{LEAFLET}/");
    server.wait_for(&page, Duration::from_secs(60), |body| {
        body.contains("Neuromodulatie bij chronische pijn")
    });
    let (_, body, _) = server.get(&page);
    assert!(!body.contains(".pdf\""), "a page without PDFs links none");
    let (status, _, _) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    // Only this computer's own names: a site elsewhere that points its name at 127.0.0.1
    // (DNS rebinding) cannot read the preview through a reader's browser.
    let port = server.base.rsplit(':').next().unwrap();
    for (host, answered) in [
        (format!("localhost:{port}"), true),
        (format!("127.0.0.1:{port}"), true),
        ("evil.example".to_string(), false),
        (format!("evil.example:{port}"), false),
    ] {
        let status = status_with_host(&server.base, &page, &host);
        assert_eq!(status == 200, answered, "Host: {host} gave {status}");
        if !answered {
            assert_eq!(status, 421, "Host: {host}");
        }
    }
    let (code, stderr) = server.stop();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(!stderr.contains("PDFs ready"), "{stderr}");
}

/// The status of a GET of `path` sent with this `Host` header (a browser sends the name it used).
fn status_with_host(base: &str, path: &str, host: &str) -> u16 {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_project_broken_from_the_start_is_shown_and_then_served_once_fixed() {
    let project = Project::fixture("minimal");
    project.edit("site.yaml", "default_locale:", "default_locle:");
    let temp = tempfile::tempdir().unwrap();
    let server = Server::start(&project, temp.path(), &["--no-pdf"], &[]);
    let events = server.events();
    // Connected after the failed build or before it: either way the problems arrive.
    let problems = next_event(&events, "problems", Duration::from_secs(60));
    assert!(problems.contains("site.yaml:"), "{problems}");
    let (status, body, _) = server.get("/");
    assert_eq!(status, 503);
    assert!(body.contains("/__leaflet/live.js"), "{body}");

    project.edit("site.yaml", "default_locle:", "default_locale:");
    next_event(&events, "clear", Duration::from_secs(30));
    server.wait_for("/", Duration::from_secs(30), |body| body.contains("<html"));
    let (code, stderr) = server.stop();
    assert_eq!(code, Some(130), "{stderr}");
}

#[test]
fn a_port_in_use_is_named_with_a_hint() {
    let project = Project::example();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = project.leaflet(&["serve", "--no-pdf", "--port", &port]);
    run.assert_code(2)
        .assert_stderr(&format!("cannot serve the preview on 127.0.0.1:{port}"))
        .assert_stderr("hint: another program uses this port: choose another one with --port N");
    drop(taken);
}

/// A quick look makes the changed leaflet's pages and keeps every other file of the previous
/// output as it was: the style sheet, the other pages, the index, the search index.
#[test]
fn a_quick_look_keeps_every_other_file_of_the_previous_output() {
    use leaflet::cmd::build::{BuildOptions, build_into};
    let project = Project::example();
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("pages");
    project
        .leaflet_with_env(
            &["build", "--no-pdf", "--out", out.to_str().unwrap()],
            &[("LEAFLET_TYPST", Path::new("/nonexistent/typst"))],
        )
        .assert_code(0);
    let before = tree(&out);
    project.edit(
        MESSAGES,
        TITLE,
        "title = Neuromodulatie bij langdurige pijn",
    );
    let options = BuildOptions {
        no_pdf: true,
        preview: true,
        focus: Some(vec![Path::new(MESSAGES).to_path_buf()]),
        ..BuildOptions::default()
    };
    let report = build_into(&project.root, &out, &options);
    assert!(
        report.done.is_some(),
        "{}",
        report.diags.render(&project.root)
    );
    let after = tree(&out);
    let own = |path: &std::path::PathBuf| path.to_string_lossy().contains(&format!("/{LEAFLET}/"));
    let changed: Vec<&std::path::PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|path| !own(path) && before.get(*path) != after.get(*path))
        .collect();
    assert!(
        changed.is_empty(),
        "a quick look changed or dropped: {changed:?}"
    );
    let page = format!("nl/{LEAFLET}/index.html");
    let page = after
        .iter()
        .find(|(path, _)| path.to_string_lossy() == page)
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("the leaflet's page");
    assert!(page.contains("Neuromodulatie bij langdurige pijn"));
}
