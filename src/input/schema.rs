//! The JSON Schema of the input format, for editors: VS Code with Even Better TOML (taplo)
//! completes keys, shows the Chinese description of each and flags unknown keys and wrong
//! types while the user types.
//!
//! Generated from the same types that read the file (`#[derive(JsonSchema)]` on [`Input`] and
//! its parts, which follows their serde attributes: `deny_unknown_fields` becomes
//! `additionalProperties: false`, `Option` and `#[serde(default)]` fields are not required).
//! The leaf types have hand-written impls below. The descriptions come from [`super::docs`].
//!
//! The schema is draft-07 with every subschema inlined: taplo understands draft-07 best, and an
//! inlined schema lets `projects.items.name` and `basic.public_items.name` carry different
//! descriptions although both are a `Line`.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use super::docs;
use super::{Choice, Chosen, Date, Input, Number, Text};

/// The file name that `jixiao init` writes beside a new report and names in its first line.
pub const SCHEMA_FILE: &str = "jixiao.schema.json";

/// The title of the schema; also how `init` recognises a schema file it may replace.
pub const SCHEMA_TITLE: &str = "jixiao 报告源文件";

impl JsonSchema for Number {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Read exactly from the literal; quoted numbers are refused, so: a TOML number.
        json_schema!({ "type": "number" })
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // A TOML local date (2021-06-30), which TOML-to-JSON tools render as a string.
        json_schema!({ "type": "string", "format": "date" })
    }
}

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}

impl<T: Choice> JsonSchema for Chosen<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Chosen_{}", std::any::type_name::<T>().rsplit("::").next().unwrap_or("T")).into()
    }
    fn schema_id() -> Cow<'static, str> {
        format!("jixiao::Chosen<{}>", std::any::type_name::<T>()).into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = T::CHOICES.iter().map(|(n, _)| *n).collect();
        json_schema!({ "type": "string", "enum": names })
    }
}

/// The JSON Schema of the input format, with Chinese descriptions.
pub fn schema() -> Value {
    let settings = SchemaSettings::draft07().with(|s| s.inline_subschemas = true);
    let mut root = settings.into_generator().into_root_schema_for::<Input>().to_value();
    strip(&mut root);
    describe(&mut root, "");
    if let Value::Object(obj) = &mut root {
        let mut head = Map::new();
        head.insert("$schema".into(), "http://json-schema.org/draft-07/schema#".into());
        head.insert("title".into(), SCHEMA_TITLE.into());
        head.insert(
            "description".into(),
            "部门整体支出绩效自评报告的源文件（TOML）。由 `jixiao schema` 生成；金额单位为万元，合计、增减、比率、得分和等级由 jixiao 计算，不要填写。"
                .into(),
        );
        obj.remove("$schema");
        obj.remove("title");
        obj.remove("description");
        head.append(obj);
        *obj = head;
    }
    root
}

/// The schema as pretty-printed JSON text, ending in a newline.
pub fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// Removes what the generator adds for Rust readers: English doc comments, Rust type names as
/// titles and the `null` that `Option` allows (TOML has no null; a missing key is `None`).
fn strip(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            obj.remove("description");
            obj.remove("title");
            obj.remove("default");
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let t = types.remove(0);
                    obj.insert("type".into(), t);
                }
            }
            if let Some(Value::Array(names)) = obj.get_mut("enum") {
                names.retain(|n| !n.is_null());
            }
            if let Some(Value::Array(any)) = obj.get_mut("anyOf") {
                any.retain(|s| s.get("type").and_then(Value::as_str) != Some("null"));
                if any.len() == 1 {
                    let inner = any.remove(0);
                    obj.remove("anyOf");
                    if let Value::Object(inner) = inner {
                        for (k, val) in inner {
                            obj.entry(k).or_insert(val);
                        }
                    }
                }
            }
            for (key, child) in obj.iter_mut() {
                match (key.as_str(), child) {
                    // A map from property names to schemas: “title” there is a key of ours.
                    ("properties", Value::Object(props)) => props.values_mut().for_each(strip),
                    (_, child) => strip(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Puts the description of each property from the docs table, walking the properties by path.
fn describe(schema: &mut Value, path: &str) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(items)) = obj.get_mut("items") {
        let mut items = Value::Object(std::mem::take(items));
        describe(&mut items, path);
        obj.insert("items".into(), items);
    }
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for (key, child) in props.iter_mut() {
            let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            if let (Some(d), Value::Object(c)) = (docs::doc(&child_path), &mut *child) {
                c.insert("description".into(), d.into());
            }
            describe(child, &child_path);
        }
    }
}

/// Every property path of the schema (for the completeness test and for `init`).
pub fn property_paths(schema: &Value) -> Vec<String> {
    fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
        if let Some(items) = v.get("items") {
            walk(items, path, out);
        }
        if let Some(Value::Object(props)) = v.get("properties") {
            for (key, child) in props {
                let p = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                out.push(p.clone());
                walk(child, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(schema, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_description_and_every_description_a_key() {
        let s = schema();
        let paths = property_paths(&s);
        assert!(paths.len() > 100, "{paths:?}");
        let missing: Vec<&String> = paths.iter().filter(|p| docs::doc(p).is_none()).collect();
        assert!(missing.is_empty(), "keys without a description in input/docs.rs: {missing:?}");
        let stale: Vec<&str> = docs::FIELDS
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| !paths.iter().any(|q| docs::matches(p, q)))
            .collect();
        assert!(stale.is_empty(), "descriptions of keys that do not exist: {stale:?}");
    }

    #[test]
    fn leaves_and_choices_have_editor_friendly_types() {
        let s = schema();
        let year = &s["properties"]["report"]["properties"]["year"];
        assert_eq!(year["type"], "number");
        assert!(year["description"].as_str().unwrap().contains("年份"));
        let numbering = &s["properties"]["settings"]["properties"]["level3_numbering"];
        assert_eq!(numbering["enum"], serde_json::json!(["1.", "1、"]));
        assert_eq!(s["properties"]["report"]["additionalProperties"], false);
        let seconded = &s["properties"]["organization"]["properties"]["seconded"];
        assert_eq!(seconded["type"], "object");
        assert!(!s.to_string().contains("null"), "TOML has no null");
        let achievement = &s["properties"]["performance"]["properties"]["achievements"]["items"];
        assert_eq!(achievement["required"], serde_json::json!(["title", "text"]));
        assert!(!s.to_string().contains("$ref"), "every subschema is inlined");
    }
}
