//! output: the only module that writes files. Every write is atomic: the bytes go to a
//! temporary file beside the target, are flushed to disk, and then replace the target in one
//! rename. A viewer or a crash never sees half a PDF, and a failed build never touches the
//! previous one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why an output file could not be written, in words for the user.
#[derive(Debug)]
pub struct OutputError {
    pub message: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OutputError {}

/// The default output path: the input's name with `.pdf`.
pub fn default_output(input: &Path) -> PathBuf {
    input.with_extension("pdf")
}

/// Checks that `output` can be written without harming `input`, before any work is done.
pub fn check_target(output: &Path, input: &Path) -> Result<(), OutputError> {
    let err = |m: String| Err(OutputError { message: m });
    if output.is_dir() {
        return err(format!("输出路径 {} 是一个文件夹：请给出 PDF 文件名，如 -o 报告.pdf", output.display()));
    }
    if same_file(output, input) {
        return err(format!(
            "输出路径 {} 就是输入文件：jixiao 不会覆盖报告源文件，请换一个输出文件名",
            output.display()
        ));
    }
    let parent = parent_of(output);
    if !parent.is_dir() {
        return err(format!("输出文件夹 {} 不存在：请先创建它，或换一个输出路径", parent.display()));
    }
    Ok(())
}

/// Creates the folder `dir` (and its parents) unless it exists.
pub fn create_dir(dir: &Path) -> Result<(), OutputError> {
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(OutputError {
            message: format!("{} 已经存在，但不是文件夹：请换一个文件夹名", dir.display()),
        });
    }
    fs::create_dir_all(dir).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有权限（上级文件夹是否只读？）".to_string(),
            _ => e.to_string(),
        };
        OutputError { message: format!("无法创建文件夹 {}：{why}", dir.display()) }
    })
}

/// Writes `bytes` to `path` atomically, respecting the file that is there:
///
/// - a symlink stays a symlink: the bytes go to the file it points to (the temporary file is
///   made beside that file, so the rename stays on one file system and is atomic), never over
///   the link itself (an author who keeps the report in a synced folder and links it in would
///   otherwise find the link replaced by a plain file and the real file unchanged);
/// - a file's mode (a 0600 report stays 0600) and, where the system lets us, its owner and
///   group are copied onto the temporary file before the rename, so that replacing the file
///   changes its content only;
/// - a read-only file, or one we may not write, is refused with a message and left as it was:
///   renaming over it would succeed (the folder is writable), but the author made it read-only
///   so that it is not changed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    // Several threads of one process may write at once (batch builds): the temporary name
    // carries a per-process sequence number as well as the process id.
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let target = resolve_links(path);
    let existing = fs::metadata(&target).ok().filter(|m| m.is_file());
    if let Some(meta) = &existing {
        refuse_read_only(path, &target, meta)?;
    }
    let parent = parent_of(&target);
    let name =
        target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let tmp = parent.join(format!(".{name}.jixiao-{}-{n}.tmp", std::process::id()));
    remove_stale_temps(&parent, &name, &tmp);
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        if let Some(meta) = &existing {
            keep_owner(&file, meta);
            // After the owner: changing the owner may clear the set-id bits.
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        let why = match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "没有写入权限（文件是否在其他程序中打开，或文件夹只读？）".to_string()
            }
            _ => e.to_string(),
        };
        OutputError { message: format!("无法写入 {}：{why}；原有文件保持不变", path.display()) }
    })
}

/// The file `path` names after following symlinks (relative links from the link's folder);
/// `path` itself when it is no link. A chain longer than the system's own limit (40) is left
/// where it stands, and writing there then fails with the system's error.
fn resolve_links(path: &Path) -> PathBuf {
    let mut here = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&here) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&here) {
                Ok(to) if to.is_absolute() => here = to,
                Ok(to) => here = parent_of(&here).join(to),
                Err(_) => break,
            },
            _ => break,
        }
    }
    here
}

/// Refuses a file that is read-only, or that this user may not write: the same check the
/// system would make if we wrote into the file in place, made before anything is written.
fn refuse_read_only(path: &Path, target: &Path, meta: &fs::Metadata) -> Result<(), OutputError> {
    let shown = if target == path {
        path.display().to_string()
    } else {
        format!("{}（指向 {}）", path.display(), target.display())
    };
    if meta.permissions().readonly() {
        return Err(OutputError {
            message: format!(
                "未写入 {shown}：文件是只读的，jixiao 不会改写它；如确要改写，请先去掉只读属性（chmod u+w，或在文件属性中取消“只读”）后再保存；原有文件保持不变"
            ),
        });
    }
    // Opened for writing without creating or truncating: nothing changes, and the answer is
    // the system's (a file of another user, an ACL).
    match fs::OpenOptions::new().write(true).open(target) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(OutputError {
            message: format!(
                "未写入 {shown}：你没有改写这个文件的权限（它属于别的用户，或被设为只读），jixiao 不会替换它；原有文件保持不变"
            ),
        }),
        _ => Ok(()),
    }
}

/// Gives the new file the owner and group of the one it replaces, as far as the system allows
/// (only the superuser may give a file away; a user may still set a group they belong to).
#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _meta: &fs::Metadata) {}

/// A build killed between writing and renaming leaves its temporary file behind; the next write
/// of the same target removes it.
fn remove_stale_temps(parent: &Path, name: &str, own: &Path) {
    let prefix = format!(".{name}.jixiao-");
    let own = own.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Ok(entries) = fs::read_dir(parent) {
        for entry in entries.filter_map(|e| e.ok()) {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.starts_with(&prefix) && file.ends_with(".tmp") && file != own {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("jixiao-out-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("a.pdf");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        assert!(check_target(&dir, &target).unwrap_err().message.contains("文件夹"));
        assert!(check_target(&target, &target).unwrap_err().message.contains("输入文件"));
        assert!(check_target(&dir.join("no/such/x.pdf"), &target).unwrap_err().message.contains("不存在"));
        create_dir(&dir.join("new/sub")).unwrap();
        assert!(dir.join("new/sub").is_dir());
        assert!(create_dir(&target).unwrap_err().message.contains("不是文件夹"));
        fs::remove_dir_all(&dir).unwrap();
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jixiao-out-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn a_write_keeps_the_mode_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        let target = dir.join("report.toml");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o7777, 0o600);
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, b"newer").unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o7777, 0o640);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_write_through_a_symlink_changes_its_target_and_the_link_stays() {
        let dir = scratch("link");
        fs::create_dir_all(dir.join("real")).unwrap();
        let real = dir.join("real/report.toml");
        fs::write(&real, "old").unwrap();
        let link = dir.join("link.toml");
        std::os::unix::fs::symlink("real/report.toml", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
        // A link to a link, and a link whose target does not exist yet.
        let link2 = dir.join("link2.toml");
        std::os::unix::fs::symlink(&link, &link2).unwrap();
        write_atomic(&link2, b"newer").unwrap();
        assert_eq!(fs::read(&real).unwrap(), b"newer");
        let dangling = dir.join("dangling.pdf");
        std::os::unix::fs::symlink("real/out.pdf", &dangling).unwrap();
        write_atomic(&dangling, b"pdf").unwrap();
        assert!(fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(dir.join("real/out.pdf")).unwrap(), b"pdf");
        // No temporary file left anywhere.
        for d in [&dir, &dir.join("real")] {
            assert!(
                fs::read_dir(d).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
            );
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_read_only_file_is_refused_and_left_as_it_was() {
        let dir = scratch("readonly");
        let target = dir.join("report.toml");
        fs::write(&target, "old").unwrap();
        let mut p = fs::metadata(&target).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(&target, p).unwrap();
        let e = write_atomic(&target, b"new").unwrap_err();
        assert!(e.message.contains("只读") && e.message.contains("去掉只读属性"), "{e}");
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert!(fs::metadata(&target).unwrap().permissions().readonly());
        let mut p = fs::metadata(&target).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        p.set_readonly(false);
        fs::set_permissions(&target, p).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }
}
