//! The report's TOML as the page edits it: a `toml_edit` document, so that every edit changes
//! one value and leaves the comments, the key order and the blank lines of the author's file
//! as they were; and the way between the page's paths (`["sangong", "reception", "actual"]`)
//! and the places of the file that findings point at.

use serde_json::{Map, Value as Json};
use toml::de::{DeTable, DeValue};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use jixiao::input::Span;

use super::form::Kind;

/// One step of a path: a key, or a position in an array.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Step {
    Key(String),
    Index(usize),
}

pub type Path = Vec<Step>;

/// A path as people read it: `sangong.reception.actual`, `attachment2.indicators[3].score`.
pub fn dotted(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// What the page sends for a field.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum NewValue {
    /// A number as typed; not a number → written as text, and loading says “这里应填数字”.
    Number {
        text: String,
    },
    Text {
        text: String,
    },
    Bool {
        value: bool,
    },
    /// A value in TOML's own notation (an outline's mixed content).
    Raw {
        text: String,
    },
    /// The key is taken out (an optional field left empty).
    Remove,
}

/// A number as people type it, in TOML's notation: full-width digits and points (a Chinese
/// input method's) become ASCII, thousands separators (pasted from Excel) go. Anything else is
/// left as typed.
fn number_text(text: &str) -> String {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' | '—' => '-',
            '＋' => '+',
            c => c,
        })
        .collect();
    // “1,234.50”: every comma followed by exactly three digits.
    let grouped = t.contains([',', '，'])
        && t.split([',', '，']).skip(1).all(|g| {
            g.len() >= 3
                && g[..3].chars().all(|c| c.is_ascii_digit())
                && g[3..].chars().all(|c| c == '.' || c.is_ascii_digit())
                && (g.len() == 3 || g.as_bytes()[3] == b'.')
        });
    if grouped { t.replace([',', '，'], "") } else { t }
}

/// Why an edit could not be made.
#[derive(Debug)]
pub struct EditError(pub String);

/// The value for `new`, keeping the place's comments (`# 本年决算数`) where it had a value.
fn value_of(new: &NewValue, old: Option<&Value>) -> Result<Option<Value>, EditError> {
    let mut v = match new {
        NewValue::Number { text } => {
            let t = number_text(text);
            let number = t.parse::<rust_decimal::Decimal>().is_ok()
                && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
            match t.parse::<Value>() {
                Ok(v) if number => v,
                // Not a number: written as typed, and loading the file says what is wrong there.
                _ => Value::from(text.trim()),
            }
        }
        NewValue::Raw { text } => text
            .trim()
            .parse::<Value>()
            .map_err(|e| EditError(format!("不是有效的 TOML 写法：{}", first_line(&e.to_string()))))?,
        NewValue::Text { text } => Value::from(text.as_str()),
        NewValue::Bool { value } => Value::from(*value),
        NewValue::Remove => return Ok(None),
    };
    if let Some(old) = old {
        *v.decor_mut() = old.decor().clone();
    }
    Ok(Some(v))
}

fn first_line(s: &str) -> String {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim().to_string()
}

/// Where a walk through the document stands: at an item (a table's value), at a table of an
/// array of tables, or at a value inside an inline array or table.
enum Cursor<'a> {
    Item(&'a mut Item),
    Table(&'a mut Table),
    Value(&'a mut Value),
}

fn missing(path: &[Step], n: usize) -> EditError {
    EditError(format!("文件中没有 {}", dotted(&path[..=n])))
}

/// The place at `path`; missing tables and arrays are created on the way when `create` (an
/// optional section that the author starts on the page).
fn walk<'a>(doc: &'a mut DocumentMut, path: &[Step], create: bool) -> Result<Cursor<'a>, EditError> {
    let mut cur = Cursor::Item(doc.as_item_mut());
    for (n, step) in path.iter().enumerate() {
        let next_is_index = matches!(path.get(n + 1), Some(Step::Index(_)));
        let fresh = || {
            if next_is_index {
                Item::Value(Value::Array(Array::new()))
            } else {
                let mut t = Table::new();
                t.set_implicit(false);
                Item::Table(t)
            }
        };
        cur = match (cur, step) {
            (Cursor::Item(Item::Value(v)), _) => step_value(v, step, path, n)?,
            (Cursor::Item(item), Step::Key(k)) => {
                let t = item
                    .as_table_like_mut()
                    .ok_or_else(|| EditError(format!("{} 不是一个表", dotted(&path[..n]))))?;
                if t.get(k).is_none() {
                    if !create {
                        return Err(missing(path, n));
                    }
                    t.insert(k, fresh());
                }
                Cursor::Item(t.get_mut(k).ok_or_else(|| missing(path, n))?)
            }
            (Cursor::Item(Item::ArrayOfTables(a)), Step::Index(i)) => {
                Cursor::Table(a.get_mut(*i).ok_or_else(|| missing(path, n))?)
            }
            (Cursor::Table(t), Step::Key(k)) => {
                if !t.contains_key(k) {
                    if !create {
                        return Err(missing(path, n));
                    }
                    t.insert(k, fresh());
                }
                Cursor::Item(t.get_mut(k).ok_or_else(|| missing(path, n))?)
            }
            (Cursor::Value(v), _) => step_value(v, step, path, n)?,
            _ => return Err(EditError(format!("{} 的写法与文件不符", dotted(&path[..=n])))),
        };
    }
    Ok(cur)
}

fn step_value<'a>(v: &'a mut Value, step: &Step, path: &[Step], n: usize) -> Result<Cursor<'a>, EditError> {
    match (v, step) {
        (Value::Array(a), Step::Index(i)) => {
            Ok(Cursor::Value(a.get_mut(*i).ok_or_else(|| missing(path, n))?))
        }
        (Value::InlineTable(t), Step::Key(k)) => {
            Ok(Cursor::Value(t.get_mut(k).ok_or_else(|| missing(path, n))?))
        }
        _ => Err(EditError(format!("{} 的写法与文件不符", dotted(&path[..=n])))),
    }
}

/// Sets (or removes) the value at `path`.
pub fn set(doc: &mut DocumentMut, path: &[Step], new: &NewValue) -> Result<(), EditError> {
    let (last, parents) = path.split_last().ok_or_else(|| EditError("空的路径".into()))?;
    let create = !matches!(new, NewValue::Remove);
    let parent = match walk(doc, parents, create) {
        Ok(p) => p,
        // Removing from what is not there leaves nothing to do.
        Err(_) if !create => return Ok(()),
        Err(e) => return Err(e),
    };
    match (parent, last) {
        (Cursor::Item(item), Step::Key(k)) if item.is_table_like() => {
            let t = item.as_table_like_mut().expect("checked");
            let old = t.get(k).and_then(Item::as_value).cloned();
            match value_of(new, old.as_ref())? {
                Some(v) => {
                    t.insert(k, Item::Value(v));
                }
                None => {
                    t.remove(k);
                }
            }
            Ok(())
        }
        (Cursor::Table(t), Step::Key(k)) => {
            let old = t.get(k).and_then(Item::as_value).cloned();
            match value_of(new, old.as_ref())? {
                Some(v) => {
                    t.insert(k, Item::Value(v));
                }
                None => {
                    t.remove(k);
                }
            }
            Ok(())
        }
        (Cursor::Item(Item::Value(Value::InlineTable(t))), Step::Key(k))
        | (Cursor::Value(Value::InlineTable(t)), Step::Key(k)) => {
            match value_of(new, t.get(k))? {
                Some(v) => {
                    t.insert(k, v);
                }
                None => {
                    t.remove(k);
                }
            }
            Ok(())
        }
        (Cursor::Item(Item::Value(Value::Array(a))), Step::Index(i))
        | (Cursor::Value(Value::Array(a)), Step::Index(i)) => {
            let old = a.get(*i).cloned();
            match value_of(new, old.as_ref())? {
                Some(v) if *i < a.len() => {
                    a.replace(*i, v);
                }
                Some(v) if *i == a.len() => a.push_formatted(v),
                Some(_) => return Err(EditError(format!("{} 没有第 {} 项", dotted(parents), i + 1))),
                None if *i < a.len() => {
                    a.remove(*i);
                }
                None => {}
            }
            Ok(())
        }
        _ => Err(EditError(format!("{} 不是可以写值的地方", dotted(path)))),
    }
}

/// The required fields of a new row of a group that has none yet: (key, kind).
pub type Shape = [(String, Kind)];

/// Adds a row after the last (a copy of it with its texts emptied, so that its shape is there to
/// fill; the group's required fields when it has no row yet), removes row `index`, or moves it
/// up or down, in the repeated group at `path`.
pub fn row(
    doc: &mut DocumentMut,
    path: &[Step],
    op: &str,
    index: usize,
    shape: Option<&Shape>,
) -> Result<(), EditError> {
    let here = dotted(path);
    let swap = |len: usize| -> Result<Option<(usize, usize)>, EditError> {
        match op {
            "up" if index > 0 && index < len => Ok(Some((index - 1, index))),
            "down" if index + 1 < len => Ok(Some((index, index + 1))),
            "up" | "down" => Ok(None),
            _ => Err(EditError(format!("不认识的操作 {op}"))),
        }
    };
    if op == "add" && walk(doc, path, false).is_err() {
        // The group is not in the file yet: it starts as `[[group]]` with one blank row.
        let (last, parents) = path.split_last().ok_or_else(|| EditError("空的路径".into()))?;
        let Step::Key(key) = last else {
            return Err(EditError(format!("{here} 不是可以增删的一组")));
        };
        let fresh = match shape {
            Some(shape) => {
                let mut rows = ArrayOfTables::new();
                rows.push(shape_table(shape));
                Item::ArrayOfTables(rows)
            }
            None => Item::Value(Value::Array(Array::from_iter([""]))),
        };
        return match walk(doc, parents, true)? {
            Cursor::Item(item) if item.is_table_like() => {
                item.as_table_like_mut().expect("checked").insert(key, fresh);
                Ok(())
            }
            Cursor::Table(t) => {
                t.insert(key, fresh);
                Ok(())
            }
            _ => Err(EditError(format!("{here} 不是可以增删的一组"))),
        };
    }
    match walk(doc, path, false)? {
        Cursor::Item(Item::ArrayOfTables(a)) => match op {
            "add" => {
                let t = match (a.iter().last(), shape) {
                    (Some(last), _) => {
                        let mut t = last.clone();
                        for (_, item) in t.iter_mut() {
                            blank(item);
                        }
                        t.decor_mut().clear();
                        t
                    }
                    (None, Some(shape)) => shape_table(shape),
                    (None, None) => Table::new(),
                };
                a.push(t);
                Ok(())
            }
            "remove" if index < a.len() => {
                a.remove(index);
                Ok(())
            }
            "remove" => Err(EditError(format!("{here} 没有第 {} 项", index + 1))),
            _ => {
                if let Some((x, y)) = swap(a.len())? {
                    let mut tables: Vec<Table> = a.iter().cloned().collect();
                    // The tables change places; the comments and blank lines above each place stay.
                    // So do their places in the file's order of tables.
                    let places: Vec<_> = tables.iter().map(|t| (t.decor().clone(), t.position())).collect();
                    tables.swap(x, y);
                    let mut fresh = ArrayOfTables::new();
                    for (mut t, (decor, position)) in tables.into_iter().zip(places) {
                        *t.decor_mut() = decor;
                        if let Some(p) = position {
                            t.set_position(p);
                        }
                        fresh.push(t);
                    }
                    *a = fresh;
                }
                Ok(())
            }
        },
        Cursor::Item(Item::Value(Value::Array(a))) | Cursor::Value(Value::Array(a)) => match op {
            "add" => {
                let mut v = match (a.iter().last(), shape) {
                    (Some(last), _) => last.clone(),
                    (None, Some(shape)) => Value::InlineTable(shape_table(shape).into_inline_table()),
                    (None, None) => Value::from(""),
                };
                blank_value(&mut v);
                a.push_formatted(v);
                Ok(())
            }
            "remove" if index < a.len() => {
                a.remove(index);
                Ok(())
            }
            "remove" => Err(EditError(format!("{here} 没有第 {} 项", index + 1))),
            _ => {
                if let Some((x, y)) = swap(a.len())? {
                    let mut items: Vec<Value> = a.iter().cloned().collect();
                    items.swap(x, y);
                    let decor: Vec<_> = a.iter().map(|v| v.decor().clone()).collect();
                    a.clear();
                    for (mut v, d) in items.into_iter().zip(decor) {
                        *v.decor_mut() = d;
                        a.push_formatted(v);
                    }
                }
                Ok(())
            }
        },
        _ => Err(EditError(format!("{here} 不是可以增删的一组"))),
    }
}

/// A blank row: texts empty, numbers 0, switches off, choices left out (the file then says
/// which choice is missing).
fn shape_table(shape: &Shape) -> Table {
    let mut t = Table::new();
    for (key, kind) in shape {
        let v = match kind {
            Kind::Number => Value::from(0),
            Kind::Bool => Value::from(false),
            Kind::Text | Kind::Date => Value::from(""),
            Kind::Texts => Value::Array(Array::new()),
            _ => continue,
        };
        t.insert(key, Item::Value(v));
    }
    t
}

/// A new row keeps its keys and numbers and loses its texts.
fn blank(item: &mut Item) {
    match item {
        Item::Value(v) => blank_value(v),
        Item::Table(t) => t.iter_mut().for_each(|(_, i)| blank(i)),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| t.iter_mut().for_each(|(_, i)| blank(i))),
        Item::None => {}
    }
}

fn blank_value(v: &mut Value) {
    let decor = v.decor().clone();
    match v {
        Value::String(_) => {
            *v = Value::from("");
        }
        Value::InlineTable(t) => t.iter_mut().for_each(|(_, x)| blank_value(x)),
        Value::Array(a) => a.iter_mut().for_each(blank_value),
        _ => {}
    }
    *v.decor_mut() = decor;
}

/// The document's values as JSON for the page: numbers as the text of their literal (`976.20`
/// stays `976.20`, never a binary float), dates as text, and the fields at `raw` (their dotted
/// form paths) as their TOML text.
pub fn to_json(doc: &DocumentMut, raw: &[String]) -> Json {
    table_json(doc.as_table(), "", raw)
}

/// The value at `path` as [`to_json`] gives it, `null` where there is none.
pub fn json_at(doc: &DocumentMut, path: &[Step], raw: &[String]) -> Json {
    let mut item = doc.as_item();
    let mut at = String::new();
    for step in path {
        let next = match step {
            Step::Key(k) => {
                at = join(&at, k);
                item.get(k.as_str())
            }
            Step::Index(i) => item.get(*i),
        };
        match next {
            Some(n) => item = n,
            None => return Json::Null,
        }
    }
    item_json(item, &at, raw).unwrap_or(Json::Null)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") }
}

fn table_json(t: &Table, at: &str, raw: &[String]) -> Json {
    let mut map = Map::new();
    for (k, item) in t.iter() {
        if let Some(v) = item_json(item, &join(at, k), raw) {
            map.insert(k.to_string(), v);
        }
    }
    Json::Object(map)
}

fn item_json(item: &Item, at: &str, raw: &[String]) -> Option<Json> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(value_json(v, at, raw)),
        Item::Table(t) => Some(table_json(t, at, raw)),
        Item::ArrayOfTables(a) => Some(Json::Array(a.iter().map(|t| table_json(t, at, raw)).collect())),
    }
}

fn value_json(v: &Value, at: &str, raw: &[String]) -> Json {
    if raw.iter().any(|r| r == at) {
        return Json::String(v.to_string().trim().to_string());
    }
    match v {
        Value::String(s) => Json::String(s.value().clone()),
        Value::Integer(i) => Json::String(i.display_repr().to_string()),
        Value::Float(f) => Json::String(f.display_repr().to_string()),
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::String(d.value().to_string()),
        Value::Array(a) => Json::Array(a.iter().map(|x| value_json(x, at, raw)).collect()),
        Value::InlineTable(t) => {
            let mut map = Map::new();
            for (k, x) in t.iter() {
                map.insert(k.to_string(), value_json(x, &join(at, k), raw));
            }
            Json::Object(map)
        }
    }
}

/// Every value of the file with its path and its place, for pointing a finding at its field.
pub fn leaves(text: &str) -> Vec<(Path, Span)> {
    let mut out = Vec::new();
    if let Ok(table) = DeTable::parse(text) {
        walk_table(table.get_ref(), &mut Vec::new(), &mut out);
    }
    out
}

fn walk_table(t: &DeTable<'_>, path: &mut Path, out: &mut Vec<(Path, Span)>) {
    for (k, v) in t.iter() {
        path.push(Step::Key(k.get_ref().to_string()));
        out.push((path.clone(), k.span()));
        walk_value(v, path, out);
        path.pop();
    }
}

fn walk_value(v: &toml::Spanned<DeValue<'_>>, path: &mut Path, out: &mut Vec<(Path, Span)>) {
    match v.get_ref() {
        DeValue::Table(t) => walk_table(t, path, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                out.push((path.clone(), item.span()));
                walk_value(item, path, out);
                path.pop();
            }
        }
        _ => out.push((path.clone(), v.span())),
    }
}

/// The path of the value a finding at `span` is about: the innermost value whose place holds it.
pub fn path_at(leaves: &[(Path, Span)], span: &Span) -> Option<Path> {
    leaves
        .iter()
        .filter(|(_, s)| s.start <= span.start && span.start < s.end.max(s.start + 1))
        .min_by_key(|(_, s)| s.end - s.start)
        .map(|(p, _)| p.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    fn number(text: &str) -> NewValue {
        NewValue::Number { text: text.into() }
    }

    #[test]
    fn numbers_as_typed_become_toml_numbers() {
        assert_eq!(number_text("１５７．０６"), "157.06");
        assert_eq!(number_text("1,157.06"), "1157.06");
        assert_eq!(number_text("1，157"), "1157");
        // Not thousands: left as typed, and loading the file says what is wrong.
        assert_eq!(number_text("1,5"), "1,5");
        assert_eq!(number_text("4.8x"), "4.8x");
    }

    #[test]
    fn an_edit_changes_one_value_and_keeps_every_comment() {
        let text = "# 头\n[sangong.reception]   # 公务接待费\nbudget = 26.20\nactual = 4.38      # 本年\n\n[organization]\nstaffing = [\n  { kind = \"行政编制\", count = 60 },  # 行政\n]\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        set(&mut doc, &[key("sangong"), key("reception"), key("actual")], &number("4.83")).unwrap();
        let path = [key("organization"), key("staffing"), Step::Index(0), key("count")];
        set(&mut doc, &path, &number("61")).unwrap();
        let expected = text.replace("actual = 4.38", "actual = 4.83").replace("count = 60", "count = 61");
        assert_eq!(doc.to_string(), expected);
        // A value that is not a number is kept as typed (a string), for the loader to name.
        set(&mut doc, &[key("sangong"), key("reception"), key("actual")], &number("4.8x")).unwrap();
        assert!(doc.to_string().contains("actual = \"4.8x\"      # 本年"));
    }

    #[test]
    fn a_value_in_a_missing_table_creates_it_and_remove_takes_it_out() {
        let mut doc: DocumentMut = "[report]\nyear = 2020\n".parse().unwrap();
        let path = [key("cover"), key("unit")];
        set(&mut doc, &path, &NewValue::Text { text: "某局".into() }).unwrap();
        assert_eq!(doc.to_string(), "[report]\nyear = 2020\n\n[cover]\nunit = \"某局\"\n");
        set(&mut doc, &path, &NewValue::Remove).unwrap();
        assert!(!doc.to_string().contains("某局"));
        // Removing what is not there is nothing to do.
        set(&mut doc, &[key("form"), key("phone")], &NewValue::Remove).unwrap();
        assert_eq!(set(&mut doc, &[], &NewValue::Remove).unwrap_err().0, "空的路径");
    }

    #[test]
    fn rows_move_with_their_values_and_the_comments_stay_in_place() {
        let text =
            "# 项目一\n[[projects.items]]\nname = \"甲\"\n\n# 项目二\n[[projects.items]]\nname = \"乙\"\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        let path = [key("projects"), key("items")];
        row(&mut doc, &path, "down", 0, None).unwrap();
        assert_eq!(
            doc.to_string(),
            text.replace("\"甲\"", "\"X\"").replace("\"乙\"", "\"甲\"").replace("\"X\"", "\"乙\"")
        );
        row(&mut doc, &path, "up", 1, None).unwrap();
        assert_eq!(doc.to_string(), text);
        row(&mut doc, &path, "add", 2, None).unwrap();
        assert!(doc.to_string().ends_with("[[projects.items]]\nname = \"\"\n"), "{}", doc);
        assert!(row(&mut doc, &path, "remove", 9, None).unwrap_err().0.contains("没有第 10 项"));
        assert!(row(&mut doc, &path, "sideways", 0, None).is_err());
    }

    #[test]
    fn a_finding_points_at_the_innermost_value_it_is_about() {
        let text = "[attachment2]\nindicators = [\n  { name = \"甲\", score = 12 },\n]\n";
        let leaves = leaves(text);
        let at = text.find("12").unwrap();
        let path = path_at(&leaves, &(at..at + 2)).unwrap();
        assert_eq!(dotted(&path), "attachment2.indicators[0].score");
    }
}
