//! `jixiao watch`: build, then rebuild on every save of the source or of a font folder.
//!
//! Saves are noticed through the operating system's file events (inotify, FSEvents,
//! ReadDirectoryChangesW, by the `notify` crate), so a rebuild starts a millisecond after the
//! save instead of up to a polling interval later. What is watched is the *folder* holding the
//! file, not the file: editors that save by writing a new file and renaming it over the old one
//! (VS Code, vim, WPS) replace the very file a file watch would follow. Whether a save really
//! changed something is decided by the report's content and the font files' length and
//! modification time, so the events of jixiao's own PDF writes beside the input, or of a file
//! merely read, never cause a rebuild.
//!
//! Where the system gives no events (some network shares, an exhausted inotify limit) watch
//! falls back to polling every 200 ms, and even with events it compares the files every second,
//! so a lost event costs at most a second.
//!
//! Between builds the process keeps Typst's parsed templates, the fonts and comemo's cache, so
//! a rebuild redoes only what the change touches; evicting what the last few builds did not use
//! (`render::REBUILD_EVICT_AGE`) keeps memory flat, as `typst watch` does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use jixiao::render::fonts::{folder_stamp, is_font_file};

use super::lang::t;
use super::{BuildOptions, EXIT_IO};

/// How often the files are compared when there are no events at all.
const POLL: Duration = Duration::from_millis(200);
/// How often they are compared anyway while events work (a lost event costs at most this).
const SAFETY_NET: Duration = Duration::from_secs(1);
/// How long a save that is still being written (no close or rename seen yet) may stay quiet
/// before it is read.
const SETTLE: Duration = Duration::from_millis(100);
/// The longest wait for a save to settle.
const SETTLE_MAX: Duration = Duration::from_secs(2);

/// What a save changes: the report's content (a hash of it: a file system that keeps
/// modification times to two seconds, like FAT32 on a USB stick, would hide a quick second save
/// of the same length), and each font file's length and modification time.
#[derive(PartialEq)]
struct Fingerprint {
    report: Option<u64>,
    fonts: Vec<(PathBuf, u64, Option<SystemTime>)>,
}

fn fingerprint(input: &Path, font_dirs: &[PathBuf]) -> Fingerprint {
    use std::hash::{Hash, Hasher};
    let report = std::fs::read(input).ok().map(|bytes| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        h.finish()
    });
    Fingerprint { report, fonts: folder_stamp(font_dirs) }
}

/// How far an event tells that a save is done.
#[derive(PartialEq)]
enum Save {
    /// Not about a watched file, or only a read.
    Unrelated,
    /// Written, but perhaps not to the end yet.
    Started,
    /// Closed after writing, or renamed into place: the file is whole.
    Done,
}

/// The source of save events: the system's, or none (then watch polls).
struct Saves {
    input_name: Option<std::ffi::OsString>,
    font_dirs: Vec<PathBuf>,
    events: Option<(RecommendedWatcher, Receiver<notify::Result<notify::Event>>)>,
}

impl Saves {
    fn new(input: &Path, font_dirs: &[PathBuf]) -> (Saves, Option<String>) {
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let folder = match input.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut saves = Saves {
            input_name: input.file_name().map(|n| n.to_os_string()),
            font_dirs: font_dirs.iter().map(|d| canonical(d)).collect(),
            events: None,
        };
        let (tx, rx) = channel();
        let watched = notify::recommended_watcher(tx).and_then(|mut watcher| {
            watcher.watch(&canonical(&folder), RecursiveMode::NonRecursive)?;
            // A font folder that cannot be watched (not there yet) is still compared every
            // second; it must not cost the report its events.
            for dir in &saves.font_dirs {
                let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
            }
            Ok(watcher)
        });
        match watched {
            Ok(watcher) => {
                saves.events = Some((watcher, rx));
                (saves, None)
            }
            Err(e) => (saves, Some(e.to_string())),
        }
    }

    fn classify(&self, event: &notify::Event) -> Save {
        let watched = event.paths.iter().any(|p| {
            p.file_name().is_some_and(|n| Some(n) == self.input_name.as_deref())
                || (is_font_file(p) && p.parent().is_some_and(|d| self.font_dirs.iter().any(|f| f == d)))
        });
        if !watched {
            return Save::Unrelated;
        }
        match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Save::Done,
            EventKind::Modify(ModifyKind::Name(_)) | EventKind::Remove(_) => Save::Done,
            EventKind::Access(_) => Save::Unrelated,
            _ => Save::Started,
        }
    }

    /// Blocks until the next save, or until `deadline`; returns whether anything happened that
    /// may be a save, or the deadline passed (the caller then compares the files).
    fn next(&self, deadline: Instant) -> bool {
        let Some((_, rx)) = &self.events else {
            std::thread::sleep(POLL);
            return true;
        };
        let Some(timeout) = deadline.checked_duration_since(Instant::now()) else { return true };
        let first = match rx.recv_timeout(timeout) {
            Ok(Ok(event)) => self.classify(&event),
            // An error from the watcher (e.g. the folder was removed): compare the files.
            Ok(Err(_)) => Save::Done,
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(POLL);
                return true;
            }
        };
        match first {
            Save::Unrelated => false,
            Save::Done => true,
            Save::Started => {
                // Wait until the writer closes the file, or until it has been quiet a while:
                // each further write of a watched file starts the quiet time again, for two
                // seconds at most (a writer that never stops is read anyway).
                let give_up = Instant::now() + SETTLE_MAX;
                let mut quiet_until = Instant::now() + SETTLE;
                while let Some(left) = quiet_until.checked_duration_since(Instant::now()) {
                    match rx.recv_timeout(left) {
                        Ok(Ok(event)) => match self.classify(&event) {
                            Save::Done => break,
                            Save::Started => quiet_until = (Instant::now() + SETTLE).min(give_up),
                            Save::Unrelated => {}
                        },
                        Ok(Err(_)) | Err(_) => break,
                    }
                }
                true
            }
        }
    }

    /// How long the files may go uncompared: events or not, unrelated events or not.
    fn interval(&self) -> Duration {
        if self.events.is_some() { SAFETY_NET } else { POLL }
    }
}

pub fn run(
    input: &Path,
    output: Option<PathBuf>,
    options: &BuildOptions,
    exit_after: Option<usize>,
) -> ExitCode {
    let output = output.unwrap_or_else(|| jixiao::output::default_output(input));
    if let Err(e) = jixiao::output::check_target(&output, input) {
        eprintln!("{}", t!("错误：{e}", "error: {e}"));
        return ExitCode::from(EXIT_IO);
    }
    // The folders named in the file itself are watched too (read once, at start).
    let font_dirs = match jixiao::input::load(input) {
        Ok((_, parsed)) => options.render_options(&parsed).font_dirs,
        Err(_) => options.font_dirs.clone(),
    };
    let (saves, no_events) = Saves::new(input, &font_dirs);
    eprintln!(
        "{}",
        t!(
            "监视 {}：每次保存都会重新生成 {}。按 Ctrl+C 结束。",
            "Watching {}: every save rebuilds {}. Ctrl+C stops.",
            input.display(),
            output.display()
        )
    );
    if let Some(e) = no_events {
        eprintln!(
            "{}",
            t!(
                "提示：系统不提供文件变动通知（{e}），改为每 0.2 秒检查一次文件。",
                "note: the system gives no file events ({e}); checking the files every 0.2 s instead."
            )
        );
    }
    let mut seen = fingerprint(input, &font_dirs);
    let mut builds = 0;
    loop {
        builds += 1;
        let _ = super::build::run(&[input.to_path_buf()], Some(output.clone()), options);
        // Forget what the last few builds did not use: memory stays flat over long sessions.
        jixiao::render::evict_cache(jixiao::render::REBUILD_EVICT_AGE);
        if exit_after.is_some_and(|n| builds >= n) {
            return ExitCode::SUCCESS;
        }
        eprintln!("{}", t!("等待下一次保存……", "Waiting for the next save…"));
        // One deadline for all waits: unrelated events (files opened in the same folder) must
        // not keep pushing the comparison back.
        let mut deadline = Instant::now() + saves.interval();
        loop {
            if !saves.next(deadline) {
                continue;
            }
            deadline = Instant::now() + saves.interval();
            let now = fingerprint(input, &font_dirs);
            // A save that renames a new file into place may briefly leave no file: wait for it.
            if now != seen && now.report.is_some() {
                seen = now;
                break;
            }
        }
        eprintln!("\n{}", t!("检测到修改，重新生成：", "Change detected, rebuilding:"));
    }
}
