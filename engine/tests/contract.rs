//! What the JavaScript callers read must be what the engine sends. The demo's
//! Rules tab once showed "line undefined" because it read `t.line` from a test
//! result the engine never filled in; this test reads the fields the demo uses
//! on a test result and checks each one is in the JSON the engine sends.

use screening_engine::api;
use std::path::Path;

const RULES: &str = r#"rule set "T"
levels universal "Universal" cin "Child in need" end
form field worried "Worried": yes or no end
rule R1 "Worried about" context home kind risk
  when worried
  then raise to cin
  rationale "r" source "s"
end

  test "passes"
    form {"worried": true}
    expect level cin
  end
test "fails"
  form {"worried": false}
  expect level cin
  expect fired R1
end
"#;

fn report() -> serde_json::Value {
    let compiled = api::compile(RULES).unwrap_or_else(|d| panic!("{d:#?}"));
    let report = compiled.rule_set.run_tests(&|_| None, api::parse_date("2026-11-20").unwrap());
    serde_json::to_value(&report).unwrap()
}

#[test]
fn test_results_say_where_each_test_is() {
    let r = report();
    let tests = r["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 2);
    assert_eq!((tests[0]["line"].as_u64(), tests[0]["column"].as_u64()), (Some(10), Some(3)));
    assert_eq!((tests[1]["line"].as_u64(), tests[1]["column"].as_u64()), (Some(14), Some(1)));
}

#[test]
fn failures_use_labels_and_keep_ids_as_data() {
    let r = report();
    let failed = &r["tests"][1];
    assert_eq!(failed["passed"], false);
    let failures: Vec<&str> = failed["failures"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(failures, ["expected level Child in need, but got Universal", "expected R1 (Worried about) to fire, but it did not fire"]);
    let m = &failed["mismatches"];
    assert_eq!(
        (m[0]["expect"].as_str(), m[0]["expected"].as_str(), m[0]["actual"].as_str()),
        (Some("level"), Some("cin"), Some("universal"))
    );
    assert_eq!((m[1]["expect"].as_str(), m[1]["expected"].as_str()), (Some("fired"), Some("R1")));
}

#[test]
fn a_missing_form_file_is_a_listed_code() {
    let src = RULES.replace(r#"form {"worried": false}"#, r#"form "cases/none.json""#);
    let compiled = api::compile(&src).unwrap_or_else(|d| panic!("{d:#?}"));
    let report = compiled.rule_set.run_tests(&|_| None, api::parse_date("2026-11-20").unwrap());
    let r = serde_json::to_value(&report).unwrap();
    assert_eq!(r["tests"][1]["mismatches"][0]["code"], "E304");
    assert!(r["tests"][1]["failures"][0].as_str().unwrap().starts_with("E304: "));
}

/// Every `t.<field>` the demo reads inside its test-results list is sent.
#[test]
fn the_demo_reads_only_fields_the_engine_sends() {
    // The rules tab's controller runs the tests and lists their results.
    let main = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../web-demo/demo/src/rules-tab.js")).unwrap();
    // From the top of runTests: the page reads `t.line` in a helper defined just above the list.
    let start = main.find("function runTests()").expect("the rules tab has function runTests()");
    assert!(main[start..].contains("report.tests.map((t) =>"), "the demo lists test results with report.tests.map((t) => ...)");
    let end = start + 1 + main[start + 1..].find("\nfunction ").unwrap_or(main.len() - start - 1);
    let block = &main[start..end];
    let r = report();
    let sent = r["tests"][0].as_object().unwrap();
    let mut read = Vec::new();
    let bytes = block.as_bytes();
    for (i, _) in block.match_indices("t.") {
        let before = if i == 0 { b' ' } else { bytes[i - 1] };
        if before.is_ascii_alphanumeric() || before == b'_' || before == b'.' {
            continue;
        }
        let name: String = block[i + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() {
            read.push(name);
        }
    }
    assert!(read.contains(&"line".to_string()), "the demo no longer reads t.line: update this test");
    for name in read {
        assert!(sent.contains_key(&name), "web-demo/demo/src/rules-tab.js reads t.{name} from a test result, which the engine never sends");
    }
}

/// attach() reports a screened field with no control on the form as a
/// problem, so the schema says which fields the rules read: a list counts
/// when a rule reads one of its items' fields.
#[test]
fn the_schema_says_which_fields_the_rules_read() {
    let src = r#"rule set "T"
levels universal "Universal" cin "Child in need" end
form
  field worried "Worried": yes or no
  field notes "Notes": text not screened "Read by the screener"
  field unread "Unread": yes or no
  list children "Children": each child "Child"
    field hurt "Hurt": yes or no
  end
end
rule R1 "Worried about" context home kind risk
  when worried or any child in children where child.hurt
  then raise to cin
  rationale "r" source "s"
end
"#;
    let compiled = api::compile(src).unwrap_or_else(|d| panic!("{d:#?}"));
    let schema = serde_json::to_value(compiled.rule_set.schema()).unwrap();
    let screened: Vec<(String, bool)> =
        schema.as_array().unwrap().iter().map(|f| (f["name"].as_str().unwrap().to_string(), f["screened"].as_bool().unwrap())).collect();
    let want = [("worried", true), ("notes", false), ("unread", false), ("children", true)];
    assert_eq!(screened, want.map(|(n, b)| (n.to_string(), b)));
    assert_eq!(schema[3]["fields"][0]["screened"], true, "a list item's field read by a rule");
    // The shape the generated TypeScript (engine-types.d.ts) narrows on: each type with only its own keys.
    assert_eq!(
        schema[0],
        serde_json::json!({ "name": "worried", "path": "worried", "label": "Worried", "type": "yesNo", "screened": true })
    );
    assert_eq!(schema[3]["type"], "list");
    assert_eq!((schema[3]["itemName"].as_str(), schema[3]["itemLabel"].as_str()), (Some("child"), Some("Child")));
    assert_eq!(schema[3]["fields"][0]["path"], "children[].hurt");
    assert!(schema[3].get("options").is_none());
}
