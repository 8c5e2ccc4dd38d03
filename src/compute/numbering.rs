//! Heading numbers with parent counters: a pattern of `[settings] numbering` may hold, besides
//! `{一}`, `{1}` and `{①}` (this level's counter), a dotted chain such as `{1.1}` or `{1.1.1}`:
//! the counters of every level from the first down to this one, in Arabic numerals, joined by
//! dots (“2.3”, “2.3.1”), however many `1`s the chain is written with. Decimal reports write
//! `numbering = ["{1}.", "{1.1}", "{1.1.1}", "（{1}）"]`.

use super::blocks::number;

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
    fn a_chain_prints_the_parent_counters() {
        assert_eq!(fill("{1.1}", &[2, 3]), "2.3");
        assert_eq!(fill("{1.1.1} ", &[2, 3, 1]), "2.3.1 ");
        assert_eq!(fill("{1}.", &[4]), "4.");
        assert_eq!(fill("（{一}）", &[1, 12]), "（十二）");
        assert_eq!(fill("第{一}部分 {1.1}", &[3, 2]), "第二部分 3.2");
        assert_eq!(fill("{1.1}", &[7]), "7", "a chain on the first level is its own counter");
    }
}
