//! The language of the command line's own words: help, summaries and refusals. Chinese by
//! default; English with `--lang en`, or when the environment's locale (`LC_ALL`, else
//! `LC_MESSAGES`, else `LANG`) starts with `en`. Findings stay Chinese in both.
//!
//! The language must be known before clap builds the help, so it is read from the raw
//! arguments and the environment first ([`detect`]), then fixed for the process ([`set`]).

use std::ffi::OsString;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language asked for by `--lang` in `args`, else by the environment `env`.
pub fn detect(args: &[OsString], env: impl Fn(&str) -> Option<String>) -> Lang {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(v) = value {
            return if v.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh };
        }
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| env(k).filter(|v| !v.is_empty()));
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
}

pub fn get() -> Lang {
    LANG.get().copied().unwrap_or(Lang::Zh)
}

pub fn is_en() -> bool {
    get() == Lang::En
}

/// The Chinese or the English text.
pub fn tr(zh: &'static str, en: &'static str) -> &'static str {
    if is_en() { en } else { zh }
}

/// `t!("中文 {x}", "English {x}")`: a formatted message in the current language.
macro_rules! t {
    ($zh:literal, $en:literal $(,)?) => {
        if $crate::cli::lang::is_en() { format!($en) } else { format!($zh) }
    };
    ($zh:literal, $en:literal, $($arg:tt)+) => {
        if $crate::cli::lang::is_en() { format!($en, $($arg)+) } else { format!($zh, $($arg)+) }
    };
}
pub(crate) use t;

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn flag_wins_over_environment() {
        let en = |k: &str| (k == "LANG").then(|| "en_US.UTF-8".to_string());
        let none = |_: &str| None;
        assert_eq!(detect(&args(&["jixiao", "--help"]), none), Lang::Zh);
        assert_eq!(detect(&args(&["jixiao", "--help"]), en), Lang::En);
        assert_eq!(detect(&args(&["jixiao", "--lang", "zh", "--help"]), en), Lang::Zh);
        assert_eq!(detect(&args(&["jixiao", "build", "--lang=en"]), none), Lang::En);
        assert_eq!(detect(&args(&["jixiao", "--", "--lang=en"]), none), Lang::Zh);
        let c = |k: &str| match k {
            "LC_ALL" => Some("C.UTF-8".to_string()),
            "LANG" => Some("en_GB.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(detect(&args(&["jixiao"]), c), Lang::Zh, "LC_ALL overrides LANG");
    }
}
