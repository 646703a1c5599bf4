//! Running an outside program (typst) with a time limit, and making what it prints safe to
//! show.
//!
//! A hanging or runaway typst must not hang the build: every run gets a deadline after which the
//! process is killed. What it prints is read on separate threads (so a full pipe cannot block
//! it), bounded in size, and cleaned of terminal escape sequences and control characters before
//! it is echoed to anyone's terminal.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

/// At most this much of a program's output is kept; the rest is read and dropped.
const MAX_OUTPUT_BYTES: u64 = 256 * 1024;

/// A program that ran to its end.
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

pub enum RunError {
    /// It could not be started (not found, not executable …).
    Spawn(std::io::Error),
    /// It ran longer than allowed and was killed.
    TimedOut,
}

/// Runs `command` to its end or until `timeout`, whichever comes first.
pub fn run(command: &mut Command, timeout: Duration) -> Result<Finished, RunError> {
    let mut wrapped = dying_with_parent(command);
    let command = match wrapped.as_mut() {
        Some(wrapped) => wrapped,
        None => {
            die_with_parent(command);
            command
        }
    };
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(RunError::Spawn)?;
    let stdout = reader(&mut child, true);
    let stderr = reader(&mut child, false);
    let status = match child.wait_timeout(timeout) {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            // Not joined: a process the program started itself may still hold its pipes open;
            // the reader threads end when it does, and the build does not wait for them.
            drop((stdout, stderr));
            return Err(RunError::TimedOut);
        }
    };
    Ok(Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// On Linux, the child is killed when leaflet dies, even by SIGKILL, so no typst outlives a
/// killed build (`PR_SET_PDEATHSIG`). It is set by util-linux's `setpriv --pdeathsig KILL`,
/// which then becomes the program (exec): std can then start it with `posix_spawn`, which shares
/// leaflet's memory until the exec. Setting it in the child ourselves (`pre_exec`, the fallback
/// where there is no `setpriv`) makes std `fork` instead, copying the page tables of the whole
/// process for every typst run: at 1,422 PDFs and a 380 MB process that was 20 s of system
/// time, and 53.5 s → 43.4 s for the cold build. Only a program that exists is wrapped, so a
/// missing one is still a failure to start, not an exit code of `setpriv`.
#[cfg(target_os = "linux")]
fn dying_with_parent(command: &Command) -> Option<Command> {
    static SETPRIV: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let setpriv = SETPRIV.get_or_init(|| find_program(std::ffi::OsStr::new("setpriv")));
    let setpriv = setpriv.as_ref()?;
    find_program(command.get_program())?;
    let mut wrapped = Command::new(setpriv);
    wrapped
        .args(["--pdeathsig", "KILL", "--"])
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        wrapped.current_dir(dir);
    }
    Some(wrapped)
}

#[cfg(not(target_os = "linux"))]
fn dying_with_parent(_command: &Command) -> Option<Command> {
    None
}

/// The file a program name stands for: a path as it is, a bare name searched in `PATH`.
#[cfg(target_os = "linux")]
fn find_program(program: &std::ffi::OsStr) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(program);
    if path.components().count() > 1 {
        return path.is_file().then(|| path.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The fallback of [`dying_with_parent`]: the death signal set in the child before exec.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs in the child between fork and exec and only makes one system
    // call (prctl), which is async-signal-safe; it allocates nothing and takes no locks.
    unsafe {
        command.pre_exec(|| {
            rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))
                .map_err(std::io::Error::from)
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}

fn reader(child: &mut Child, stdout: bool) -> std::thread::JoinHandle<String> {
    let pipe: Option<Box<dyn Read + Send>> = if stdout {
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>)
    } else {
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>)
    };
    std::thread::spawn(move || {
        let Some(mut pipe) = pipe else {
            return String::new();
        };
        let mut kept = Vec::new();
        let _ = (&mut pipe).take(MAX_OUTPUT_BYTES).read_to_end(&mut kept);
        // Drain the rest so the program never blocks on a full pipe.
        let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        String::from_utf8_lossy(&kept).into_owned()
    })
}

/// A line another program printed, safe to show: terminal escape sequences removed (with the
/// `strip-ansi-escapes` crate), other control and bidirectional formatting characters dropped.
pub fn clean_line(line: &str) -> String {
    strip_ansi_escapes::strip_str(line)
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_are_removed() {
        assert_eq!(
            clean_line("\u{1b}[31merror\u{1b}[0m: x\u{7}\u{202e}y"),
            "error: xy"
        );
    }

    #[test]
    fn a_program_that_hangs_is_stopped() {
        let started = std::time::Instant::now();
        let result = run(
            Command::new("sh").args(["-c", "sleep 30"]),
            Duration::from_millis(300),
        );
        assert!(matches!(result, Err(RunError::TimedOut)));
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn output_is_captured() {
        let Ok(done) = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(10),
        ) else {
            panic!("sh runs")
        };
        assert_eq!(done.stdout, "out\n");
        assert_eq!(done.stderr, "err\n");
        assert_eq!(done.status.code(), Some(3));
    }
}
