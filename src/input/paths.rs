//! Paths that a report names: its template (and that template's `base`), its `[fonts] path`.
//!
//! A finance bureau runs `jixiao check` on a folder of reports that other people wrote, and
//! `jixiao serve` lets the page set the template. A report file is therefore untrusted input,
//! and the files it names are read under three rules:
//!
//! 1. **Confined.** A path is taken relative to the file that names it and must lead, after
//!    every `..` and symbolic link is resolved, into the report's own folder, or into a folder
//!    the user widened to on the command line (`--allow-dir`). `/etc/passwd` or
//!    `../../secret.toml` is refused before anything is opened.
//! 2. **Regular files only, read with a cap.** A device (`/dev/zero`), a FIFO or a folder is
//!    refused without being read, and no read takes more than the cap plus one byte, so no
//!    named file can make jixiao hang or grow.
//! 3. **Never echoed.** A refusal names the path and the rule, never the file's content; the
//!    template loader quotes lines only of a file that it accepted as a template.
//!
//! The widened folders are a property of the process: the command line sets them once, before
//! any report is loaded, and every load of the run (a batch, `watch`, `serve`) obeys the same
//! rules without each caller having to carry them.

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// Largest font file read from a folder: the largest CJK collections (Noto Sans CJK as one
/// `.ttc`) are about 120 MB.
pub const MAX_FONT_BYTES: u64 = 256 * 1024 * 1024;

static WIDENED: OnceLock<Vec<PathBuf>> = OnceLock::new();

/// Allows the files a report names to lie in `dirs` too (the command line's `--allow-dir`).
/// Called once, before any report is loaded; a folder that does not exist is an error.
pub fn widen(dirs: &[PathBuf]) -> Result<(), String> {
    let mut canonical = Vec::new();
    for dir in dirs {
        match std::fs::canonicalize(dir) {
            Ok(c) if c.is_dir() => canonical.push(c),
            Ok(_) => return Err(format!("--allow-dir {}：不是文件夹", dir.display())),
            Err(_) => return Err(format!("--allow-dir {}：找不到这个文件夹", dir.display())),
        }
    }
    // A second call (tests in one process) keeps the first setting: the rules of a run never
    // change while it runs.
    let _ = WIDENED.set(canonical);
    Ok(())
}

fn widened() -> &'static [PathBuf] {
    WIDENED.get().map_or(&[], Vec::as_slice)
}

/// Why a named path was not read. The message says what to do and never shows content.
#[derive(Debug)]
pub enum Refused {
    /// Nothing there.
    Missing(PathBuf),
    /// It resolves outside the report's folder and every widened folder.
    Outside {
        path: PathBuf,
        root: PathBuf,
    },
    /// A device, a FIFO, a socket or a folder where a file was meant (or a file where a
    /// folder was meant).
    NotRegular(PathBuf),
    NotFolder(PathBuf),
    TooLarge {
        path: PathBuf,
        len: u64,
        cap: u64,
    },
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Missing(p) => write!(f, "找不到 {}", p.display()),
            Refused::Outside { path, root } if root.as_os_str() == "." => write!(
                f,
                "{} 不在报告所在的文件夹（当前文件夹）之内：报告只能引用本文件夹（及其子文件夹）中的文件。请把它复制到报告旁边；确实要用别处的文件，在命令行加 --allow-dir 该文件夹",
                path.display()
            ),
            Refused::Outside { path, root } => write!(
                f,
                "{} 不在报告所在的文件夹 {} 之内：报告只能引用本文件夹（及其子文件夹）中的文件。请把它复制到报告旁边；确实要用别处的文件，在命令行加 --allow-dir 该文件夹",
                path.display(),
                root.display()
            ),
            Refused::NotRegular(p) => {
                write!(f, "{} 不是普通文件（是文件夹、设备或管道），jixiao 不读它", p.display())
            }
            Refused::NotFolder(p) => write!(f, "{} 不是文件夹", p.display()),
            Refused::TooLarge { path, len, cap } => write!(
                f,
                "{} 有 {:.1} MB，超过 {} MB 的上限：请检查是否选错了文件",
                path.display(),
                *len as f64 / 1_048_576.0,
                cap / 1_048_576
            ),
            Refused::Io(p, e) => write!(f, "读不了 {}：{}", p.display(), io_words(e)),
        }
    }
}

fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}

/// The folder of a file, `.` for a bare file name.
pub fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `value` as a file named by a file in `from` (a folder), for a report in `root`: resolved,
/// confined, and existing. Backslashes (a Windows author's `模板\本局.toml`) are separators.
pub fn confine(from: &Path, root: &Path, value: &str) -> Result<PathBuf, Refused> {
    let written = PathBuf::from(value.trim().replace('\\', "/"));
    let joined = from.join(&written);
    let shown = lexical(&joined);
    let canonical = std::fs::canonicalize(&joined).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Refused::Missing(shown.clone()),
        _ => Refused::Io(shown.clone(), e),
    })?;
    let root_canonical = std::fs::canonicalize(root).map_err(|e| Refused::Io(root.to_path_buf(), e))?;
    let inside = canonical.starts_with(&root_canonical) || widened().iter().any(|w| canonical.starts_with(w));
    if !inside {
        return Err(Refused::Outside { path: shown, root: root.to_path_buf() });
    }
    Ok(canonical)
}

/// `path` without `.` and with `..` folded where it can be, for messages.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Reads `path` if it is a regular file of at most `cap` bytes. A FIFO or a device is refused
/// before it is opened, and the file is opened without blocking (a FIFO swapped in between the
/// two would otherwise wait for a writer forever), then checked again.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Refused::Missing(path.to_path_buf()),
        _ => Refused::Io(path.to_path_buf(), e),
    })?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(path.to_path_buf()));
    }
    if meta.len() > cap {
        return Err(Refused::TooLarge { path: path.to_path_buf(), len: meta.len(), cap });
    }
    let file = open_nonblocking(path).map_err(|e| Refused::Io(path.to_path_buf(), e))?;
    let meta = file.metadata().map_err(|e| Refused::Io(path.to_path_buf(), e))?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(path.to_path_buf()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(cap) as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(|e| Refused::Io(path.to_path_buf(), e))?;
    if bytes.len() as u64 > cap {
        // It grew while being read.
        return Err(Refused::TooLarge { path: path.to_path_buf(), len: bytes.len() as u64, cap });
    }
    Ok(bytes)
}

/// A confined folder (`[fonts] path`).
pub fn confine_folder(from: &Path, root: &Path, value: &str) -> Result<PathBuf, Refused> {
    let dir = confine(from, root, value)?;
    if !dir.is_dir() {
        return Err(Refused::NotFolder(lexical(&from.join(value.trim()))));
    }
    Ok(dir)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

// The flag's value where jixiao ships (std has no name for it, and libc is not otherwise a
// dependency). Elsewhere 0: the metadata check before opening still refuses a FIFO.
#[cfg(unix)]
const O_NONBLOCK: i32 = if cfg!(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
)) {
    0x0004
} else if cfg!(all(
    any(target_os = "linux", target_os = "android"),
    any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "arm",
        target_arch = "riscv64"
    )
)) {
    0o4000
} else {
    0
};

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jixiao-paths-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("模板")).unwrap();
        dir
    }

    #[test]
    fn a_file_in_the_folder_or_below_is_allowed_and_dotdot_out_is_not() {
        let dir = folder("confine");
        std::fs::write(dir.join("模板/a.toml"), "name = \"a\"").unwrap();
        assert!(confine(&dir, &dir, "模板/a.toml").is_ok());
        assert!(confine(&dir, &dir, "模板\\a.toml").is_ok(), "a Windows separator");
        assert!(confine(&dir.join("模板"), &dir, "../模板/a.toml").is_ok());
        let out = confine(&dir.join("模板"), &dir, "../../").unwrap_err();
        assert!(matches!(out, Refused::Outside { .. }), "{out}");
        let etc = confine(&dir, &dir, "/etc/passwd").unwrap_err();
        assert!(etc.to_string().contains("--allow-dir"), "{etc}");
        assert!(matches!(confine(&dir, &dir, "没有.toml"), Err(Refused::Missing(_))));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_outside() {
        let dir = folder("link");
        std::os::unix::fs::symlink("/etc/passwd", dir.join("模板/x.toml")).unwrap();
        assert!(matches!(confine(&dir, &dir, "模板/x.toml"), Err(Refused::Outside { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_reading() {
        assert!(matches!(read_regular(Path::new("/dev/zero"), 10), Err(Refused::NotRegular(_))));
        let dir = folder("fifo");
        let fifo = dir.join("f.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(read_regular(&fifo, 10), Err(Refused::NotRegular(_))));
        }
        std::fs::write(dir.join("big.toml"), vec![b'#'; 11]).unwrap();
        assert!(matches!(read_regular(&dir.join("big.toml"), 10), Err(Refused::TooLarge { .. })));
        assert_eq!(read_regular(&dir.join("big.toml"), 11).unwrap().len(), 11);
    }
}
