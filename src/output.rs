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

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    // Several threads of one process may write at once (batch builds): the temporary name
    // carries a per-process sequence number as well as the process id.
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let parent = parent_of(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let tmp = parent.join(format!(".{name}.jixiao-{}-{n}.tmp", std::process::id()));
    remove_stale_temps(&parent, &name, &tmp);
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
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
}
