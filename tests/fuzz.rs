//! Property tests: no input makes load → compute → check panic, and author text of any shape
//! prints as written. Bounded here (part of `cargo test`); for a longer run:
//! `PROPTEST_CASES=20000 PROPTEST_TEXT_CASES=500 cargo test --release --test fuzz`.

mod common;

use std::path::Path;

use jixiao::check::check;
use jixiao::compute::compute;
use jixiao::input::load_bytes;
use proptest::prelude::*;

fn seed() -> &'static str {
    static SEED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SEED.get_or_init(|| std::fs::read_to_string(common::SEED).unwrap())
}

/// Runs the stages that must be total on any bytes.
fn pipeline(bytes: Vec<u8>) {
    if let Ok((source, input)) = load_bytes(Path::new("fuzz.toml"), bytes) {
        let report = compute(&input);
        let findings = check(&input, &report, &source);
        for f in &findings {
            let _ = f.render(&source);
        }
        let _ = jixiao::render::data_json(&report);
    }
}

fn cases(var: &str, default: u32) -> u32 {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases("PROPTEST_CASES", 256), failure_persistence: None, ..ProptestConfig::default() })]

    /// Random byte edits anywhere in the seed.
    #[test]
    fn byte_edits_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)) {
        let mut bytes = seed().as_bytes().to_vec();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        pipeline(bytes);
    }

    /// Any literal in place of a figure: huge, tiny, negative, nan, inf, hex, exponent, text.
    #[test]
    fn any_figure_never_panics(
        literal in prop_oneof![
            "-?[0-9]{0,35}(\\.[0-9]{0,35})?",
            Just("nan".to_string()), Just("-inf".to_string()), Just("0x7FFFFFFFFFFFFFFF".to_string()),
            Just("1e308".to_string()), Just("-0.0".to_string()), Just("0".to_string()),
            "\"[^\"\\\\]{0,20}\"",
        ],
        which in 0usize..40,
    ) {
        let seed = seed();
        // Replace the n-th “= number” of the seed.
        let mut count = 0;
        let mut out = String::with_capacity(seed.len());
        for line in seed.lines() {
            let is_number = line.split_once(" = ").is_some_and(|(_, v)| v.trim_start().starts_with(|c: char| c.is_ascii_digit()));
            if is_number {
                if count == which {
                    let key = line.split_once(" = ").unwrap().0;
                    out.push_str(&format!("{key} = {literal}\n"));
                    count += 1;
                    continue;
                }
                count += 1;
            }
            out.push_str(line);
            out.push('\n');
        }
        pipeline(out.into_bytes());
    }
}

/// A TOML basic string holding `text` exactly.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases("PROPTEST_CASES", 256), failure_persistence: None, ..ProptestConfig::default() })]

    /// Author text of any shape in four places the prose rules read (the opening, a
    /// performance paragraph, a duty, an indicator name): the rules slice text by characters,
    /// look for pairs, years, digits and formulations, and must never panic on any of it.
    #[test]
    fn any_author_text_never_panics_in_check(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "绩", "效", "“", "”", "‘", "’", "（", "）", "(", ")", "《", "》", "【", "】", "……", "…",
            "是是", "的的", "实实在在", "XX", "参考提纲", "2019年度", "2020年度", "年度", "党的", "19", "１９",
            "届", "5", "中全会", "大", "十九", "中国特设社会主义", "社会主义核心价值体系", ",", ":", ";", ".",
            "\u{301}", "\u{200D}", "\u{FEFF}", "\u{202E}", "\u{E000}", "𠀀", "😀", "\t", "\n", "a", " ", "\"", "\\", "#", "$",
        ]), 0..40),
        place in 0usize..4,
    ) {
        let text: String = pieces.concat();
        let targets = [
            "intro = \"根据中央、省、市有关绩效管理办法",
            "text = \"盘活财政存量资金，提高资金使用效率，结转资金在一年内使用完毕。\"",
            "  \"严格执行党的干部路线",
            "name = \"公务员考录\"",
        ];
        let seed = seed();
        let target = targets[place];
        let at = seed.find(target).expect("the seed has the place");
        // Replace the whole string value on that line.
        let line_end = at + seed[at..].find('\n').unwrap();
        let key_end = at + target.find('"').unwrap();
        let value_end = seed[..line_end].rfind('"').unwrap() + 1;
        let edited = format!("{}{}{}", &seed[..key_end], toml_string(&text), &seed[value_end..]);
        // The text is written as valid TOML, so it loads: the rules below really run on it.
        let loaded = load_bytes(Path::new("fuzz.toml"), edited.clone().into_bytes());
        prop_assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
        pipeline(edited.into_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases("PROPTEST_TEXT_CASES", 12), failure_persistence: None, ..ProptestConfig::default() })]

    /// Author text made of Typst's special characters and CJK prints as written. Braces are
    /// the references' syntax (`{键}`), so the author doubles them for a brace itself.
    #[test]
    fn any_text_prints_as_written(text in "[#$*_<>@\\[\\]{}()=+\\-/\\\\`~^&%!?:;,.'a-z0-9一二三绩效报告“”（）《》、，。]{1,60}") {
        let dir = common::scratch("fuzz-text");
        let literal = text.replace('{', "{{").replace('}', "}}").replace('\\', "\\\\").replace('"', "\\\"");
        let input = common::seed_with(
            &dir,
            "t.toml",
            "text = \"盘活财政存量资金，提高资金使用效率，结转资金在一年内使用完毕。\"",
            &format!("text = \"{literal}\""),
        );
        let pdf = dir.join("t.pdf");
        let out = common::jixiao(&["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        // Prose lints may warn (half-width punctuation …) but never stop this build.
        prop_assert!(out.status.success(), "{}", common::stderr(&out));
        let printed = common::pdf_text(&pdf);
        let expected: String = format!("存量资金管理：{text}").chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert!(printed.contains(&expected), "{expected} not in the PDF");
    }
}
