//! `jixiao schema`: the JSON Schema accepts what jixiao reads and rejects what it refuses.

mod common;
use common::*;

fn schema() -> serde_json::Value {
    let out = jixiao(&["schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A TOML file as the JSON value an editor's schema validator sees (taplo, like other TOML
/// tools, hands dates to the schema as strings).
fn as_json(toml_text: &str) -> serde_json::Value {
    fn convert(v: toml::Value) -> serde_json::Value {
        match v {
            toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
            toml::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(convert).collect()),
            toml::Value::Table(t) => {
                serde_json::Value::Object(t.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
            other => serde_json::to_value(other).unwrap(),
        }
    }
    convert(toml::from_str(toml_text).unwrap())
}

fn errors(schema: &serde_json::Value, toml_text: &str) -> Vec<String> {
    common::jsonschema::errors(schema, &as_json(toml_text))
}

#[test]
fn schema_accepts_the_seed_and_what_init_writes() {
    let s = schema();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    let seed = std::fs::read_to_string(SEED).unwrap();
    assert_eq!(errors(&s, &seed), Vec::<String>::new());

    let dir = scratch("schema-init");
    let blank = dir.join("blank.toml");
    let next = dir.join("next.toml");
    assert!(jixiao(&["init", blank.to_str().unwrap()]).status.success());
    assert!(jixiao(&["init", "--from", SEED, next.to_str().unwrap()]).status.success());
    for f in [&blank, &next] {
        assert_eq!(errors(&s, &std::fs::read_to_string(f).unwrap()), Vec::<String>::new(), "{}", f.display());
    }
    // init wrote the same schema beside the files.
    let beside: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("jixiao.schema.json")).unwrap()).unwrap();
    assert_eq!(beside, s);
}

#[test]
fn schema_rejects_a_misspelled_key_a_quoted_number_and_an_unknown_choice() {
    let s = schema();
    let seed = std::fs::read_to_string(SEED).unwrap();
    for (from, to) in [
        ("in_service = 63", "in_servce = 63"),
        ("actual = 976.20", "actual = \"976.20\""),
        ("level3_numbering = \"1.\"", "level3_numbering = \"1)\""),
        ("[satisfaction]                  # 服务对象满意度\nsubject = \"群众\"\n", "[satisfaction]\n"),
    ] {
        assert!(seed.contains(from), "{from}");
        let errs = errors(&s, &seed.replacen(from, to, 1));
        assert!(!errs.is_empty(), "the schema accepts {to:?}");
    }
    // jixiao itself refuses the same misspelling.
    let dir = scratch("schema-typo");
    let typo = seed_with(&dir, "typo.toml", "in_service = 63", "in_servce = 63");
    let out = jixiao(&["check", typo.to_str().unwrap()]);
    assert!(stderr(&out).contains("J003"), "{}", stderr(&out));
}

#[test]
fn schema_describes_keys_in_chinese_and_can_be_written_to_a_file() {
    let s = schema();
    let personnel = &s["properties"]["basic"]["properties"]["personnel"];
    assert!(personnel["description"].as_str().unwrap().contains("人员经费"));
    let actual = &personnel["properties"]["actual"]["description"];
    assert!(actual.as_str().unwrap().contains("万元"), "{actual}");
    assert_eq!(s["properties"]["basic"]["additionalProperties"], false);
    let required = s["required"].as_array().unwrap();
    assert!(required.contains(&"report".into()) && !required.contains(&"settings".into()));

    let dir = scratch("schema-file");
    let path = dir.join("s.json");
    let out = jixiao(&["schema", "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written, s);
}

#[test]
fn the_test_validator_rejects_what_it_should() {
    use serde_json::json;
    let errors = common::jsonschema::errors;
    let s = json!({
        "type": "object", "additionalProperties": false, "required": ["a"],
        "properties": {"a": {"type": "number"}, "b": {"type": "string", "enum": ["x", "y"]},
                       "c": {"type": "array", "items": {"type": "string"}}}
    });
    assert!(errors(&s, &json!({"a": 1, "b": "x", "c": ["q"]})).is_empty());
    assert_eq!(errors(&s, &json!({"b": "x"})).len(), 1);
    assert_eq!(errors(&s, &json!({"a": "1"})).len(), 1);
    assert_eq!(errors(&s, &json!({"a": 1, "b": "z"})).len(), 1);
    assert_eq!(errors(&s, &json!({"a": 1, "d": 1})).len(), 1);
    assert_eq!(errors(&s, &json!({"a": 1, "c": [1]})).len(), 1);
}
