//! The part of JSON Schema draft-07 that `jixiao schema` uses, checked the way an editor's
//! validator (taplo) checks a file: types, properties, required keys, `additionalProperties`,
//! items, enums and the combinators. Written here instead of depending on the `jsonschema`
//! crate, whose dependency tree changed the features of crates that typst shares (serde_json,
//! hashbrown, num-bigint), so that `cargo test` after `cargo build --release` compiled typst a
//! second time. A keyword this validator does not know fails the test, so a schema that starts
//! using one cannot pass unchecked.

use serde_json::Value;

/// Every violation of `schema` by `value`, each with the JSON path where it is.
pub fn errors(schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(schema, schema, value, "", &mut out);
    out
}

const KNOWN: &[&str] = &[
    "$schema",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "anyOf",
    "oneOf",
    "allOf",
    "$ref",
    "definitions",
    "$defs",
    "format",
    "default",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "examples",
];

fn check(root: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            out.push(format!("{at}: nothing is allowed here"));
        }
        return;
    };
    for key in s.keys() {
        assert!(KNOWN.contains(&key.as_str()), "the test validator does not know the keyword {key}");
    }
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let target = r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(root, |v, k| &v[k]))
            .unwrap_or_else(|| panic!("unsupported $ref {r}"));
        check(root, target, value, at, out);
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type {t}"),
        };
        if !types.iter().any(|t| has_type(value, t)) {
            out.push(format!("{at}: {value} is not of type {types:?}"));
            return;
        }
    }
    if let Some(options) = s.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        out.push(format!("{at}: {value} is not one of {options:?}"));
    }
    if let Some(c) = s.get("const")
        && c != value
    {
        out.push(format!("{at}: {value} is not {c}"));
    }
    let passes = |sub: &Value| {
        let mut e = Vec::new();
        check(root, sub, value, at, &mut e);
        e.is_empty()
    };
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for sub in all {
            check(root, sub, value, at, out);
        }
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array)
        && !any.iter().any(passes)
    {
        out.push(format!("{at}: {value} matches none of anyOf"));
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array)
        && one.iter().filter(|sub| passes(sub)).count() != 1
    {
        out.push(format!("{at}: {value} does not match exactly one of oneOf"));
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), value.as_f64())
        && n < min
    {
        out.push(format!("{at}: {n} is below {min}"));
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_f64), value.as_f64())
        && n > max
    {
        out.push(format!("{at}: {n} is above {max}"));
    }
    if let Some(obj) = value.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        for key in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
        {
            if !obj.contains_key(key) {
                out.push(format!("{at}: the required key {key} is missing"));
            }
        }
        for (key, v) in obj {
            let path = format!("{at}/{key}");
            match props.and_then(|p| p.get(key)) {
                Some(sub) => check(root, sub, v, &path, out),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => out.push(format!("{path}: the key {key} is not allowed")),
                    Some(sub @ Value::Object(_)) => check(root, sub, v, &path, out),
                    _ => {}
                },
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = s.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            out.push(format!("{at}: fewer than {min} items"));
        }
        if let Some(max) = s.get("maxItems").and_then(Value::as_u64)
            && (items.len() as u64) > max
        {
            out.push(format!("{at}: more than {max} items"));
        }
        match s.get("items") {
            Some(Value::Array(each)) => {
                for (i, (sub, v)) in each.iter().zip(items).enumerate() {
                    check(root, sub, v, &format!("{at}/{i}"), out);
                }
            }
            Some(sub) => {
                for (i, v) in items.iter().enumerate() {
                    check(root, sub, v, &format!("{at}/{i}"), out);
                }
            }
            None => {}
        }
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => panic!("unknown type {t}"),
    }
}
