//! `jixiao build` with several files or a folder: one process, all cores, a summary at the end.

mod common;
use common::*;

#[test]
fn batch_builds_the_good_files_and_reports_the_bad_one() {
    let dir = scratch("batch-three");
    let a = seed_with(&dir, "a.toml", "actual = 4.38", "actual = 4.39");
    let b = seed_with(&dir, "b.toml", "general = 1863.84", "general = 1863.85");
    let c = seed_with(&dir, "c.toml", "actual = 4.38", "actual = 4.40");
    let o = jixiao(&["build", a.to_str().unwrap(), b.to_str().unwrap(), c.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(dir.join("a.pdf").is_file(), "{err}");
    assert!(dir.join("c.pdf").is_file(), "{err}");
    assert!(!dir.join("b.pdf").exists(), "{err}");
    // The bad file's own findings, then the summary: header, one row per file, a total line.
    assert!(err.contains("按收入性质分合计"), "{err}");
    assert!(
        err.contains("文件") && err.contains("页数") && err.contains("错误/警告") && err.contains("用时"),
        "{err}"
    );
    let row = |name: &str| {
        err.lines()
            .find(|l| l.contains(name) && l.contains('秒'))
            .unwrap_or_else(|| panic!("no row for {name}: {err}"))
            .to_string()
    };
    assert!(row("b.toml").contains("未生成"), "{err}");
    assert!(row("a.toml").contains("17"), "{err}");
    assert!(err.contains("共 3 个文件：2 个已生成，1 个未生成"), "{err}");
    // The good PDFs carry their own figures.
    assert!(pdf_text(&dir.join("c.pdf")).contains("公务接待费，本年度决算数为4.40万元"));
}

#[test]
fn a_folder_builds_every_toml_in_it() {
    let dir = scratch("batch-folder");
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    seed_with(&reports, "x.toml", "actual = 4.38", "actual = 4.39");
    seed_with(&reports, "y.toml", "actual = 4.38", "actual = 4.41");
    std::fs::write(reports.join("notes.txt"), "not a report").unwrap();
    let out = dir.join("pdf");
    std::fs::create_dir_all(&out).unwrap();
    let o = jixiao(&["build", reports.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("x.pdf").is_file() && out.join("y.pdf").is_file(), "{}", stderr(&o));
    assert!(stderr(&o).contains("共 2 个文件：2 个已生成，0 个未生成"), "{}", stderr(&o));
}

#[test]
fn several_inputs_refuse_an_output_file_and_duplicate_targets() {
    let dir = scratch("batch-refuse");
    let a = seed_with(&dir, "a.toml", "actual = 4.38", "actual = 4.39");
    let b = seed_with(&dir, "b.toml", "actual = 4.38", "actual = 4.40");
    let file = dir.join("one.pdf");
    let o = jixiao(&["build", a.to_str().unwrap(), b.to_str().unwrap(), "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o 只能是一个已有的文件夹"), "{}", stderr(&o));
    // Two reports of the same name from two folders would write one PDF in the -o folder.
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let other_a = seed_with(&sub, "a.toml", "actual = 4.38", "actual = 4.41");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let o = jixiao(&["build", a.to_str().unwrap(), other_a.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("会生成同一个 PDF"), "{}", stderr(&o));
    assert!(!dir.join("a.pdf").exists() && !dir.join("b.pdf").exists() && !file.exists());
    assert!(std::fs::read_dir(&out).unwrap().next().is_none(), "nothing is built when refused");
    // The same file named twice (itself and in its folder) is one report, built once.
    let o = jixiao(&["build", a.to_str().unwrap(), dir.join("./a.toml").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("a.pdf").is_file());
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = jixiao(&["build", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有 .toml 文件"), "{}", stderr(&o));
}
