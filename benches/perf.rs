//! jixiao's benchmarks (issue #6): `cargo bench --bench perf`, about a minute.
//!
//! No benchmark framework on purpose. The targets are ratios of whole scenarios (a fresh
//! process, a batch of 100 reports in one process, the stock typst CLI) and the peak resident
//! memory of each; a scenario must run in its own process for its peak to mean anything, and a
//! batch run takes seconds, so the statistical sampling of criterion or divan buys nothing here
//! and would add dependencies and build time. Each figure is the median of a few runs.
//!
//! Scenarios (all on the seed and on variants of it generated here, deterministically):
//! - cold: `jixiao build seed.toml` as a fresh process (wall time, peak RSS by /usr/bin/time);
//! - typst: the stock `typst compile` on the sources `jixiao export-typst` writes, with the
//!   same fonts (the binary is `$TYPST` or `typst` on PATH; skipped if there is none);
//! - in-process: load + compute + check, Typst compile and PDF export timed apart, for the
//!   first report of a process and for further (varied) reports (peak from VmHWM);
//! - warm: the whole pipeline again in the same process after one changed figure;
//! - batch: `jixiao build DIR` on 100 varied reports, against 100 separate processes;
//! - watch: a save of the seed → the new PDF on disk, in a running `jixiao watch`;
//! - serve: an edit on the page → its changed pages delivered as SVG, in a running
//!   `jixiao serve`, beside watch in the same run;
//! - spans: what cutting spanning cells at page breaks costs, on the seed and on the 长沙
//!   example: the cold build, and in fresh processes the layout of the document (as many
//!   layouts as it takes) against one layout of its data with every spanning cell whole.
//!
//! Options after `--`: `--runs N` (cold and typst runs, default 10), `--batch-runs N`
//! (default 3), `--only NAME[,NAME…]` (cold, typst, inproc, warm, batch, watch, serve, spans).
//!
//! Wall times depend on what else the machine runs; the CPU times (user + system, from
//! /usr/bin/time) much less, so both are printed, with the load average before and after.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

#[allow(dead_code)]
#[path = "../tests/common/http.rs"]
mod http;
#[allow(dead_code)]
#[path = "../tests/common/serve.rs"]
mod serve;

use jixiao::check::{check, has_errors};
use jixiao::compute::compute;
use jixiao::input::load_str;
use jixiao::{output, render};

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/yiyang-zuzhibu-2020.toml");
const FONTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts");
const JIXIAO: &str = env!("CARGO_BIN_EXE_jixiao");
const SCRATCH: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/bench-perf");
const BATCH_SIZE: u64 = 100;
/// The same eviction as `jixiao build` uses between the reports of a batch.
const EVICT_MAX_AGE: usize = 10;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let name = args.get(i + 1).map(String::as_str).unwrap_or("");
        match name {
            "inproc" => child_inproc(),
            "warm" => child_warm(),
            "spans" => child_spans(&args[i + 2..]),
            _ => panic!("unknown child scenario {name:?}"),
        }
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs this binary without --bench: nothing to test here.
        println!("jixiao benchmarks: run `cargo bench --bench perf`");
        return;
    }
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let runs: usize = opt("--runs").and_then(|v| v.parse().ok()).unwrap_or(10);
    let batch_runs: usize = opt("--batch-runs").and_then(|v| v.parse().ok()).unwrap_or(3);
    let only = opt("--only");
    let want = |name: &str| only.as_deref().is_none_or(|o| o.split(',').any(|o| o == name));

    let _ = std::fs::remove_dir_all(SCRATCH);
    std::fs::create_dir_all(SCRATCH).unwrap();
    machine();

    let mut cold = None;
    let mut typst = None;
    let mut warm = None;
    let mut batch = None;
    let mut separate = None;
    let mut watch: Vec<(String, f64)> = Vec::new();
    if want("cold") {
        cold = Some(scenario_cold(runs));
    }
    if want("typst") {
        typst = scenario_typst(runs);
    }
    if want("inproc") {
        scenario_child("inproc");
    }
    if want("warm") {
        warm = scenario_child("warm")
            .into_iter()
            .find(|(k, _)| k == "warm_late_total_ms")
            .map(|(_, v)| v / 1000.0);
    }
    if want("batch") {
        (batch, separate) = scenario_batch(batch_runs);
    }
    if want("watch") || want("serve") {
        watch = scenario_watch();
    }
    if want("serve") {
        watch.extend(scenario_serve());
    }
    if want("spans") {
        scenario_spans(runs);
    }

    println!("\n## Targets");
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    if let (Some(c), Some(t)) = (&cold, &typst) {
        let r = c.median / t.median;
        println!(
            "cold jixiao build ≤ 0.6 × typst compile: {r:.2}× ({:.3} s / {:.3} s; CPU time {:.2}×) — {}",
            c.median,
            t.median,
            c.cpu / t.cpu,
            verdict(r <= 0.6)
        );
    }
    if let (Some(b), Some((s, s_cpu))) = (&batch, separate) {
        let r = b.median / s;
        println!(
            "batch of {BATCH_SIZE} ≤ 0.35 × {BATCH_SIZE} separate processes: {r:.2}× ({:.2} s / {s:.2} s; CPU time {:.2}×) — {}",
            b.median,
            b.cpu / s_cpu,
            verdict(r <= 0.35)
        );
    }
    if let (Some(w), Some(c)) = (warm, &cold) {
        let r = w / c.median;
        println!(
            "warm rebuild ≤ 0.1 × cold build: {r:.2}× ({:.1} ms / {:.1} ms) — {}",
            w * 1000.0,
            c.median * 1000.0,
            verdict(r <= 0.1)
        );
    }
    if let Some(c) = &cold {
        println!(
            "peak memory of a cold build < 250 MB: {:.0} MB — {}",
            c.peak_mb,
            verdict(c.peak_mb < 250.0)
        );
    }
    if let Some(b) = &batch {
        println!("peak memory of the batch < 600 MB: {:.0} MB — {}", b.peak_mb, verdict(b.peak_mb < 600.0));
    }
    let get = |k: &str| watch.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    if let (Some(rebuild), Some(c)) = (get("watch_rebuild_ms"), &cold) {
        let r = rebuild / 1000.0 / c.median;
        println!(
            "watch: save → PDF after one changed figure ≤ 0.1 × cold build: {r:.2}× ({rebuild:.1} ms / {:.1} ms) — {}",
            c.median * 1000.0,
            verdict(r <= 0.1)
        );
    }
    if let (Some(first), Some(last)) = (get("watch_rss_first_mb"), get("watch_rss_200_mb")) {
        let r = last / first;
        println!(
            "watch: resident memory after 200 rebuilds ≤ 1.5 × after the first: {r:.2}× ({last:.0} MB / {first:.0} MB) — {}",
            verdict(r <= 1.5)
        );
    }
    if let (Some(edit), Some(rebuild)) = (get("serve_edit_ms"), get("watch_rebuild_ms")) {
        let r = edit / rebuild;
        println!(
            "serve: edit → changed pages delivered ≤ 0.6 × watch's save → PDF: {r:.2}× ({edit:.1} ms / {rebuild:.1} ms) — {}",
            verdict(r <= 0.6)
        );
    }
    if let (Some(first), Some(last)) = (get("serve_rss_first_mb"), get("serve_rss_200_mb")) {
        let r = last / first;
        println!(
            "serve: resident memory after 200 edits ≤ 1.5 × after the first page load: {r:.2}× ({last:.0} MB / {first:.0} MB) — {}",
            verdict(r <= 1.5)
        );
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average after: {}", load.split(' ').take(3).collect::<Vec<_>>().join(" "));
}

fn machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("?");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("# jixiao benchmarks");
    println!(
        "machine: {cores} cores, {}; load average before: {}",
        model.trim(),
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
}

/// One run of a command: wall and CPU seconds (user + system), peak RSS in KiB.
struct Run {
    wall: f64,
    cpu: f64,
    kb: u64,
    ok: bool,
}

/// Wall time, CPU time and peak resident memory of some runs of one scenario.
struct Timing {
    median: f64,
    min: f64,
    cpu: f64,
    peak_mb: f64,
}

impl Timing {
    fn of(runs: &[Run]) -> Timing {
        let mid = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            (v[v.len() / 2], v[0])
        };
        let (median, min) = mid(runs.iter().map(|r| r.wall).collect());
        let (cpu, _) = mid(runs.iter().map(|r| r.cpu).collect());
        let peak = runs.iter().map(|r| r.kb).max().unwrap_or(0);
        Timing { median, min, cpu, peak_mb: peak as f64 / 1024.0 }
    }

    fn print(&self, what: &str, runs: usize) {
        println!(
            "{what:<58} median {:>7.3} s  min {:>7.3} s  CPU {:>7.3} s  peak RSS {:>4.0} MB  ({runs} runs)",
            self.median, self.min, self.cpu, self.peak_mb
        );
    }
}

/// Runs a command to the end under /usr/bin/time (for CPU time and peak RSS; without it only
/// the wall time is known).
fn run_measured(program: &str, args: &[&str]) -> Run {
    let stats = Path::new(SCRATCH).join("time.txt");
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M %U %S", "-o"]).arg(&stats).arg(program).args(args);
        c
    } else {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    let start = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().expect("spawn");
    let wall = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&stats).unwrap_or_default();
    let fields: Vec<f64> =
        text.lines().last().unwrap_or("").split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let (kb, cpu) = match fields[..] {
        [kb, user, sys] => (kb as u64, user + sys),
        _ => (0, 0.0),
    };
    Run { wall, cpu, kb, ok: status.success() }
}

fn repeat(runs: usize, program: &str, args: &[&str]) -> Timing {
    run_measured(program, args); // warms the page cache; not counted
    let all: Vec<Run> = (0..runs).map(|_| run_measured(program, args)).collect();
    assert!(all.iter().all(|r| r.ok), "{program} {args:?} failed");
    Timing::of(&all)
}

fn scenario_cold(runs: usize) -> Timing {
    let pdf = format!("{SCRATCH}/cold.pdf");
    let t = repeat(runs, JIXIAO, &["build", SEED, "-o", &pdf]);
    t.print("cold `jixiao build` of the seed (whole process)", runs);
    t
}

fn typst_binary() -> Option<String> {
    if let Ok(t) = std::env::var("TYPST") {
        return Some(t);
    }
    let ok = Command::new("typst").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    ok.is_ok_and(|s| s.success()).then(|| "typst".to_string())
}

fn scenario_typst(runs: usize) -> Option<Timing> {
    let Some(typst) = typst_binary() else {
        println!("typst compile: skipped (no `typst` on PATH; set TYPST=/path/to/typst 0.15.1)");
        return None;
    };
    let dir = format!("{SCRATCH}/export");
    assert!(run_measured(JIXIAO, &["export-typst", SEED, &dir]).ok, "jixiao export-typst failed");
    let main = format!("{dir}/main.typ");
    let pdf = format!("{SCRATCH}/typst.pdf");
    let args = ["compile", &main, &pdf, "--root", &dir, "--font-path", FONTS, "--ignore-system-fonts"];
    let t = repeat(runs, &typst, &args);
    t.print("stock `typst compile` of the exported sources, same fonts", runs);
    Some(t)
}

/// Runs this binary as `--child NAME` and prints what it reports (`key=value` lines).
fn scenario_child(name: &str) -> Vec<(String, f64)> {
    scenario_child_with(name, &[])
}

/// The same, with arguments for the child.
fn scenario_child_with(name: &str, args: &[&str]) -> Vec<(String, f64)> {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args(["--child", name])
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("spawn child");
    assert!(out.status.success(), "child {name} failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut values = Vec::new();
    for line in text.lines() {
        if let Some((k, v)) = line.split_once('=')
            && let Ok(v) = v.trim().parse::<f64>()
        {
            values.push((k.trim().to_string(), v));
        } else {
            println!("{line}");
        }
    }
    values
}

fn scenario_batch(runs: usize) -> (Option<Timing>, Option<(f64, f64)>) {
    let dir = Path::new(SCRATCH).join("batch");
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::fs::read_to_string(SEED).unwrap();
    let mut files = Vec::new();
    for i in 1..=BATCH_SIZE {
        let path = dir.join(format!("report-{i:03}.toml"));
        std::fs::write(&path, variant(&seed, i)).unwrap();
        files.push(path);
    }
    let dir_s = dir.to_str().unwrap();
    let all: Vec<Run> = (0..runs).map(|_| run_measured(JIXIAO, &["build", dir_s])).collect();
    assert!(all.iter().all(|r| r.ok), "batch build failed: run `jixiao build {dir_s}` to see why");
    let batch = Timing::of(&all);
    batch.print(&format!("`jixiao build DIR`, {BATCH_SIZE} varied reports, one process"), runs);

    // The same reports as separate processes, one after the other, then one per core at a time.
    let start = Instant::now();
    let (mut cpu, mut peak) = (0.0, 0);
    for f in &files {
        let r = run_measured(JIXIAO, &["build", f.to_str().unwrap()]);
        assert!(r.ok);
        cpu += r.cpu;
        peak = peak.max(r.kb);
    }
    let sequential = start.elapsed().as_secs_f64();
    println!(
        "{:<58} total  {sequential:>7.3} s  ({:.1} ms each)  CPU {cpu:>7.3} s  peak RSS {:>4.0} MB",
        format!("{BATCH_SIZE} separate `jixiao build` processes, one at a time"),
        sequential * 1000.0 / BATCH_SIZE as f64,
        peak as f64 / 1024.0
    );
    println!("batch / separate: wall {:.2}×, CPU {:.2}×", batch.median / sequential, batch.cpu / cpu);
    let start = Instant::now();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for chunk in files.chunks(cores) {
        let children: Vec<_> = chunk
            .iter()
            .map(|f| {
                Command::new(JIXIAO)
                    .arg("build")
                    .arg(f)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
    }
    let parallel = start.elapsed().as_secs_f64();
    println!(
        "{:<58} total  {parallel:>7.3} s  (batch is {:.2}× this)",
        format!("{BATCH_SIZE} separate processes, {cores} at a time"),
        batch.median / parallel
    );
    (Some(batch), Some((sequential, cpu)))
}

// ---------------------------------------------------------------------------------------------
// In-process scenarios, each in a child process of its own (for VmHWM).

/// Load, compute, check, compile, export (and write) one report; milliseconds of each part.
struct Parts {
    check_ms: f64,
    compile_ms: f64,
    export_ms: f64,
    write_ms: f64,
    pages: usize,
}

impl Parts {
    fn total(&self) -> f64 {
        self.check_ms + self.compile_ms + self.export_ms + self.write_ms
    }
}

fn pipeline(text: &str, write_to: Option<&Path>) -> Parts {
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let (source, input) = load_str("bench.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let report = compute(&input);
    let findings = check(&input, &report, &source);
    assert!(!has_errors(&findings, false), "a generated variant has errors: {findings:?}");
    let check_ms = ms(t);
    let t = Instant::now();
    let compiled = render::compile_document(&report, &render::RenderOptions::default()).unwrap();
    let compile_ms = ms(t);
    let t = Instant::now();
    let rendered = render::export_pdf(&compiled).unwrap();
    let export_ms = ms(t);
    let t = Instant::now();
    if let Some(path) = write_to {
        output::write_atomic(path, &rendered.pdf).unwrap();
    }
    Parts { check_ms, compile_ms, export_ms, write_ms: ms(t), pages: rendered.pages }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Peak resident memory of this process so far.
fn vm_hwm_mb() -> f64 {
    proc_status_mb("VmHWM:")
}

fn proc_status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn print_parts(what: &str, p: &Parts) {
    println!(
        "{what:<58} {:>6.1} ms = load+compute+check {:.1} + compile {:.1} + export {:.1} + write {:.1}  ({} pages)",
        p.total(),
        p.check_ms,
        p.compile_ms,
        p.export_ms,
        p.write_ms,
        p.pages
    );
}

fn child_inproc() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let first = pipeline(&seed, None);
    print_parts("in-process: seed, first report of the process", &first);
    let again = pipeline(&seed, None);
    print_parts("in-process: seed again, same data (all memoized)", &again);
    let mut parts = Vec::new();
    for i in 1..=20 {
        render::evict_cache(EVICT_MAX_AGE);
        parts.push(pipeline(&variant(&seed, i), None));
    }
    let med = |f: fn(&Parts) -> f64| median(parts.iter().map(f).collect());
    let m = Parts {
        check_ms: med(|p| p.check_ms),
        compile_ms: med(|p| p.compile_ms),
        export_ms: med(|p| p.export_ms),
        write_ms: 0.0,
        pages: parts.iter().map(|p| p.pages).max().unwrap_or(0),
    };
    let pages_min = parts.iter().map(|p| p.pages).min().unwrap_or(0);
    print_parts(
        &format!("in-process: 20 further varied reports ({pages_min}–{} pages), median", m.pages),
        &m,
    );
    println!("{:<58} {:>6.0} MB", "in-process: peak RSS (VmHWM) after these 22 reports", vm_hwm_mb());
}

fn child_warm() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let pdf = Path::new(SCRATCH).join("warm.pdf");
    let first = pipeline(&seed, Some(&pdf));
    print_parts("warm: first build of the seed in the process", &first);
    // One figure late in the document (公务接待费 本年决算数: one sentence, 附件1 cells) and one
    // early (人员经费 本年决算数: every basic-expenditure total, share and 附件 cell after it).
    for (name, from, values) in [
        (
            "late",
            "actual = 4.38",
            ["4.39", "4.40", "4.41", "4.42", "4.43", "4.44", "4.45", "4.46", "4.47", "4.48"],
        ),
        (
            "early",
            "actual = 976.20",
            [
                "976.21", "976.22", "976.23", "976.24", "976.25", "976.26", "976.27", "976.28", "976.29",
                "976.30",
            ],
        ),
    ] {
        pipeline(&seed, Some(&pdf));
        let parts: Vec<Parts> = values
            .iter()
            .map(|v| {
                let text = seed.replacen(from, &format!("actual = {v}"), 1);
                assert!(text != seed);
                pipeline(&text, Some(&pdf))
            })
            .collect();
        let med = |f: fn(&Parts) -> f64| median(parts.iter().map(f).collect());
        let m = Parts {
            check_ms: med(|p| p.check_ms),
            compile_ms: med(|p| p.compile_ms),
            export_ms: med(|p| p.export_ms),
            write_ms: med(|p| p.write_ms),
            pages: parts[0].pages,
        };
        print_parts(&format!("warm rebuild, one changed figure ({name}), median of {}", parts.len()), &m);
        println!("warm_{name}_total_ms={}", median(parts.iter().map(Parts::total).collect()));
    }
    println!("{:<58} {:>6.0} MB", "warm: peak RSS (VmHWM)", vm_hwm_mb());
}

/// The 长沙 example: page breaks cut its 自评表's 一级指标 groups and the 绩效指标 label.
const CHANGSHA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/changsha-wenlv-2022.toml");

/// What cutting spanning cells at page breaks costs: for the seed and the 长沙 example, the
/// cold build, and in fresh processes (nothing memoized) the layout of the document against
/// one layout of its data with every spanning cell whole (what the build did before).
fn scenario_spans(runs: usize) {
    for (name, file) in [("the seed", SEED), ("the 长沙 example", CHANGSHA)] {
        let pdf = format!("{SCRATCH}/spans.pdf");
        let t = repeat(runs, JIXIAO, &["build", file, "-o", &pdf]);
        t.print(&format!("cold `jixiao build` of {name}"), runs);
        for (mode, what) in [("one", "one layout, cells whole"), ("all", "as built")] {
            let values: Vec<Vec<(String, f64)>> =
                (0..runs).map(|_| scenario_child_with("spans", &[mode, file])).collect();
            let get = |k: &str| -> Vec<f64> {
                values.iter().filter_map(|v| v.iter().find(|(n, _)| n == k).map(|(_, x)| *x)).collect()
            };
            let layouts = get("layouts").into_iter().fold(0.0, f64::max);
            println!(
                "{:<58} compile median {:>6.1} ms ({layouts} layouts; {runs} processes)",
                format!("spans: {name}, first compile of a process, {what}"),
                median(get("compile_ms")),
            );
        }
    }
}

/// One compile of `file` in this fresh process: `one` lays out its data once, every spanning
/// cell whole; `all` as the build does (cut at page breaks, as many layouts as that takes).
fn child_spans(args: &[String]) {
    let [mode, file] = args else { panic!("spans: MODE FILE") };
    let text = std::fs::read_to_string(file).unwrap();
    let (_, input) = load_str("bench.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let report = compute(&input);
    let t = Instant::now();
    let layouts = if mode == "one" {
        render::compile_json(render::data_json(&report)).unwrap();
        1
    } else {
        render::compile_document(&report, &render::RenderOptions::default()).unwrap().layouts()
    };
    println!("compile_ms={}", t.elapsed().as_secs_f64() * 1000.0);
    println!("layouts={layouts}");
}

/// A real `jixiao watch` session: the process builds the seed, then the bench saves the file
/// 200 times, each save changing one figure, and measures the time from the save to the line
/// that reports the new PDF (notice of the save, load, compute, check, compile, export and the
/// atomic write, all of it), and the watch process's resident memory after the first build and
/// after the 200th rebuild. Each save waits until watch is idle again, as a person's would.
fn scenario_watch() -> Vec<(String, f64)> {
    use std::io::{BufRead, BufReader, Write};
    let dir = Path::new(SCRATCH).join("watch");
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::fs::read_to_string(SEED).unwrap();
    let input = dir.join("report.toml");
    std::fs::write(&input, &seed).unwrap();
    let mut child = Command::new(JIXIAO)
        .args(["watch", input.to_str().unwrap(), "-o", dir.join("report.pdf").to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn jixiao watch");
    let pid = child.id();
    let (tx, lines) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // Until watch is idle again; returns when the build line arrived.
    let idle = |start: Instant| -> f64 {
        let mut built = None;
        loop {
            let line =
                lines.recv_timeout(std::time::Duration::from_secs(60)).expect("watch stopped answering");
            if line.starts_with("已生成") || line.starts_with("Wrote") {
                built = Some(start.elapsed().as_secs_f64() * 1000.0);
            }
            assert!(!line.contains("个错误") || line.contains("0 个错误"), "watch reported errors: {line}");
            if line.starts_with("等待") || line.starts_with("Waiting") {
                return built.expect("watch went idle without writing the PDF");
            }
        }
    };
    let first = idle(Instant::now());
    let rss_first = child_rss_mb(pid);
    let mut latencies = Vec::new();
    for i in 0..200u32 {
        // 公务接待费 本年决算数 from 4.00 to 5.99, one value per save, written in place.
        let text = seed.replacen("actual = 4.38", &format!("actual = {}.{:02}", 4 + i / 100, i % 100), 1);
        let start = Instant::now();
        let mut file = std::fs::File::create(&input).unwrap();
        file.write_all(text.as_bytes()).unwrap();
        drop(file);
        latencies.push(idle(start));
    }
    let rss_last = child_rss_mb(pid);
    let _ = child.kill();
    let _ = child.wait();
    println!("{:<58} {:>6.1} ms", "watch: first build (process start to PDF)", first);
    println!("{:<58} {:>6.1} ms", "watch: save → new PDF on disk, median of 200", median(latencies.clone()));
    println!(
        "{:<58} {:>6.0} MB → {:.0} MB",
        "watch: resident memory after the first / the 200th rebuild", rss_first, rss_last
    );
    vec![
        ("watch_rebuild_ms".into(), median(latencies)),
        ("watch_rss_first_mb".into(), rss_first),
        ("watch_rss_200_mb".into(), rss_last),
    ]
}

/// A real `jixiao serve` session, driven as the page drives it: 200 edits of one figure, each
/// measured from sending the edit to having received every page it changed (the edit's
/// answer names them: load, compute, check, layout, then one SVG per changed page), and the
/// server's resident memory after the first full page load and after the 200th edit.
fn scenario_serve() -> Vec<(String, f64)> {
    let dir = Path::new(SCRATCH).join("serve");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("report.toml");
    std::fs::copy(SEED, &input).unwrap();
    let start = Instant::now();
    let server = serve::Serve::start(JIXIAO, &input, &[]);
    let pages_of = |state: &serde_json::Value, which: &[usize]| {
        for &i in which {
            let hash = state["pages"][i].as_str().unwrap();
            let r = server.api("GET", &format!("/api/page?i={i}&h={hash}"), None);
            assert_eq!(r.status, 200, "page {i}");
        }
    };
    let state = server.state();
    let all: Vec<usize> = (0..state["pages"].as_array().unwrap().len()).collect();
    pages_of(&state, &all);
    let first = start.elapsed().as_secs_f64() * 1000.0;
    let pid = server.pid();
    let rss_first = child_rss_mb(pid);
    let mut latencies = Vec::new();
    let mut changed_pages = Vec::new();
    for i in 0..200u32 {
        let value = format!("{}.{:02}", 4 + i / 100, i % 100);
        let start = Instant::now();
        let body = serde_json::json!({
            "path": ["sangong", "reception", "actual"],
            "value": { "kind": "number", "text": value },
        });
        let r = server.api("POST", "/api/edit", Some(body));
        assert_eq!(r.status, 200);
        let state = r.json();
        let changed: Vec<usize> =
            state["changed"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
        pages_of(&state, &changed);
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        changed_pages.push(changed.len() as f64);
    }
    let rss_last = child_rss_mb(pid);
    println!("{:<58} {:>6.1} ms", "serve: start to all pages delivered", first);
    println!(
        "{:<58} {:>6.1} ms",
        "serve: edit → changed pages delivered, median of 200",
        median(latencies.clone())
    );
    println!("{:<58} {:>6.1}", "serve: pages changed per edit, median", median(changed_pages));
    println!(
        "{:<58} {:>6.0} MB → {:.0} MB",
        "serve: resident memory after the first load / the 200th edit", rss_first, rss_last
    );
    vec![
        ("serve_edit_ms".into(), median(latencies)),
        ("serve_rss_first_mb".into(), rss_first),
        ("serve_rss_200_mb".into(), rss_last),
    ]
}

/// Resident memory of another process now.
fn child_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

// ---------------------------------------------------------------------------------------------
// Varied reports.

/// splitmix64: a few lines, deterministic on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// The seed with figures and text varied by `i`, still free of errors (budget splits are
/// untouched; spending stays within the budget): other figures, rates, shares, sentences and
/// page counts, as a finance bureau's folder of departments would have.
fn variant(seed: &str, i: u64) -> String {
    use toml::{Table, Value};
    let mut rng = Rng(i.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut doc: Table = seed.parse().expect("the seed parses");
    fn table<'a>(doc: &'a mut Table, path: &[&str]) -> &'a mut Table {
        path.iter().fold(doc, |t, key| t.get_mut(*key).and_then(Value::as_table_mut).expect(key))
    }
    let mut scale = |t: &mut Table, key: &str, lo: f64, hi: f64| {
        let old = match &t[key] {
            Value::Float(f) => *f,
            Value::Integer(n) => *n as f64,
            v => panic!("{key} is {v:?}"),
        };
        let cents = (old * 100.0 * rng.range(lo, hi)).round();
        t.insert(key.into(), Value::Float(cents / 100.0));
    };
    let b = table(&mut doc, &["basic", "personnel"]);
    scale(b, "actual", 0.85, 1.0);
    scale(b, "last_year", 0.8, 1.2);
    let b = table(&mut doc, &["basic", "public"]);
    scale(b, "actual", 0.8, 1.0);
    scale(b, "last_year", 0.8, 1.2);
    scale(table(&mut doc, &["basic", "capital"]), "actual", 0.8, 1.0);
    let s = table(&mut doc, &["sangong", "vehicle_operation"]);
    scale(s, "actual", 0.6, 1.2);
    scale(s, "last_year", 0.6, 1.4);
    let s = table(&mut doc, &["sangong", "reception"]);
    scale(s, "actual", 0.5, 1.5);
    scale(s, "last_year", 0.5, 1.5);
    scale(table(&mut doc, &["attachment1"]), "procurement_actual", 0.5, 1.5);
    let mut int = |lo: u64, hi: u64| Value::Integer((lo + rng.next() % (hi - lo + 1)) as i64);
    let reception = table(&mut doc, &["sangong", "reception"]);
    reception.insert("batches".into(), int(20, 90));
    reception.insert("visitors".into(), int(150, 900));
    let org = table(&mut doc, &["organization"]);
    org.insert("in_service".into(), int(50, 64));
    org.insert("retired".into(), int(5, 20));
    let rate = (rng.range(85.0, 99.99) * 100.0).round() / 100.0;
    table(&mut doc, &["satisfaction"]).insert("rate".into(), Value::Float(rate));
    // The hand-written execution score would no longer match the rule: let jixiao score it.
    table(&mut doc, &["attachment2"]).remove("execution_score");
    let projects = doc["projects"]["items"].as_array_mut().expect("project rows");
    if let Some(row) = projects[0].as_table_mut() {
        let cents = (row["actual"].as_float().unwrap_or(669.35) * 100.0 * rng.range(0.85, 1.0)).round();
        row.insert("actual".into(), Value::Float(cents / 100.0));
    }
    // Text: a different number and order of achievements, some of them longer; duties rotated.
    let achievements =
        table(&mut doc, &["performance"])["achievements"].as_array_mut().expect("achievements");
    let n = achievements.len();
    achievements.rotate_left((i as usize) % n);
    achievements.truncate(3 + (i as usize) % (n - 2));
    let repeat = (i % 3) as usize;
    if let Some(first) = achievements[0].as_table_mut() {
        let text = first["text"].as_str().unwrap_or("").to_string();
        first.insert("text".into(), Value::String(std::iter::repeat_n(text.as_str(), 1 + repeat).collect()));
    }
    let duties = table(&mut doc, &["organization"])["duties"].as_array_mut().expect("duties");
    let d = duties.len();
    duties.rotate_left((i as usize * 5) % d);
    // Every paragraph of several sentences gets them in another order, so that no two reports
    // share a paragraph, as in a real bureau (Typst would otherwise reuse the layout of equal
    // paragraphs across reports and the batch would look faster than it is).
    for key in
        ["organization", "basic", "projects", "finance", "goals", "performance", "closing", "attachment1"]
    {
        if let Some(v) = doc.get_mut(key) {
            vary_sentences(v, &mut rng);
        }
    }
    toml::to_string(&doc).expect("serializes")
}

fn vary_sentences(value: &mut toml::Value, rng: &mut Rng) {
    use toml::Value;
    match value {
        Value::String(text) => {
            let mut sentences: Vec<&str> = text.split_inclusive('。').collect();
            let n = sentences.len();
            if n > 1 {
                sentences.rotate_left(1 + (rng.next() as usize) % (n - 1));
                *text = sentences.concat();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| vary_sentences(v, rng)),
        Value::Table(t) => t.iter_mut().for_each(|(_, v)| vary_sentences(v, rng)),
        _ => {}
    }
}
