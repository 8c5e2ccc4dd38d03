//! Heading numbers with parent counters: a pattern of `[settings] numbering` may hold, besides
//! `{一}`, `{1}` and `{①}` (this level's counter), a dotted chain such as `{1.1}` or `{1.1.1}`:
//! the counters of every level from the first down to this one, in Arabic numerals, joined by
//! dots (“2.3”, “2.3.1”), however many `1`s the chain is written with. Decimal reports write
//! `numbering = ["{1}.", "{1.1}", "{1.1.1}", "（{1}）"]`.

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九.
pub fn chinese_numeral(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

/// ① … ⑳, then the number in parentheses.
fn circled(n: usize) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1).map_or_else(|| n.to_string(), String::from),
        _ => format!("({n})"),
    }
}

/// A number pattern filled in: `{一}`, `{1}` or `{①}` stands for the number.
pub(crate) fn number(pattern: &str, n: usize) -> String {
    pattern.replace("{一}", &chinese_numeral(n)).replace("{1}", &n.to_string()).replace("{①}", &circled(n))
}

/// `pattern` filled in for the counters `chain` (the first level's first, this level's last).
pub(crate) fn fill(pattern: &str, chain: &[usize]) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find('{') {
        let Some(len) = rest[at..].find('}') else { break };
        let token = &rest[at + 1..at + len];
        out.push_str(&rest[..at]);
        if token.len() > 1 && token.split('.').all(|p| p == "1") {
            let joined: Vec<String> = chain.iter().map(usize::to_string).collect();
            out.push_str(&joined.join("."));
        } else {
            out.push_str(&number(&rest[at..=at + len], chain.last().copied().unwrap_or(0)));
        }
        rest = &rest[at + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_and_patterns() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(14), "十四");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(31), "三十一");
        assert_eq!(number("（{一}）", 2), "（二）");
        assert_eq!(number("{1}、", 12), "12、");
        assert_eq!(number("{①}", 3), "③");
    }

    #[test]
    fn a_chain_prints_the_parent_counters() {
        assert_eq!(fill("{1.1}", &[2, 3]), "2.3");
        assert_eq!(fill("{1.1.1} ", &[2, 3, 1]), "2.3.1 ");
        assert_eq!(fill("{1}.", &[4]), "4.");
        assert_eq!(fill("（{一}）", &[1, 12]), "（十二）");
        assert_eq!(fill("第{一}部分 {1.1}", &[3, 2]), "第二部分 3.2");
        assert_eq!(fill("{1.1}", &[7]), "7", "a chain on the first level is its own counter");
    }
}
