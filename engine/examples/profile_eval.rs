//! Evaluate the Ash Lane training case many times (for profilers such as callgrind).
fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let src = std::fs::read_to_string(root.join("rules/contextual-safeguarding.rules")).unwrap();
    let form = std::fs::read_to_string(root.join("rules/cases/ash-lane-station.json")).unwrap();
    let rs = screening_engine::api::compile(&src).unwrap().rule_set;
    let v: serde_json::Value = serde_json::from_str(&form).unwrap();
    let data = screening_engine::form::read(&rs.program().schema, &v);
    let date = screening_engine::api::parse_date("2026-11-20").unwrap();
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let t = std::time::Instant::now();
    let mut fired = 0;
    for _ in 0..n {
        let e = screening_engine::eval::evaluate(rs.program(), &data, date);
        fired += e.rules.iter().filter(|r| r.status == screening_engine::eval::Status::Fired).count();
    }
    println!("{:?} per evaluation ({fired} rule firings)", t.elapsed() / n as u32);
    let t = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..n {
        total += rs.evaluate_json(&form, date).unwrap().fired.len();
    }
    println!("{:?} per JSON text -> outcome ({total})", t.elapsed() / n as u32);
    let t = std::time::Instant::now();
    for _ in 0..n {
        total += match screening_engine::form::parse_json(&form).unwrap() {
            screening_engine::json::Json::Obj(o) => o.len(),
            _ => 0,
        };
    }
    println!("{:?} per parse_json", t.elapsed() / n as u32);
    let t = std::time::Instant::now();
    for _ in 0..n {
        total += screening_engine::form::read(&rs.program().schema, &v).errors.len();
    }
    println!("{:?} per form::read", t.elapsed() / n as u32);
    let e = screening_engine::eval::evaluate(rs.program(), &data, date);
    let t = std::time::Instant::now();
    for _ in 0..n {
        total += e.outcome().fired.len();
    }
    println!("{:?} per outcome() ({total})", t.elapsed() / n as u32);
}
