fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10000);
    let mut s = String::from("rule set \"G\"\nlevels\n low \"L\"\n mid \"M\"\nend\nactions\n look \"L\"\nend\nform\n field received \"R\": date\n field narrative \"N\": text\n list children \"C\": each child\n  field date_of_birth \"D\": date\n  field signs \"S\": several of (a \"A\", b \"B\")\n  field count \"C\": number\n end\nend\ndefine child.age \"Age\" = years from child.date_of_birth to received\n");
    for i in 0..n {
        s.push_str(&format!("rule R{i} \"Rule {i}\"\n context individual\n kind risk\n when any child in children where (child.age is less than {} and child.signs includes any of (a, b) and child.count is at least 2)\n or narrative contains \"phrase {i}\"\n then\n raise to mid\n action look\n rationale \"G\"\n source \"B\"\nend\n", 10 + i % 8));
    }
    let t = std::time::Instant::now();
    let (f, _) = screening_engine::syntax::parse(&s).unwrap();
    let t1 = t.elapsed();
    let (p, d) = screening_engine::check::check(&f);
    let t2 = t.elapsed();
    println!("parse {:?} check {:?} ok={} diags={}", t1, t2 - t1, p.is_some(), d.len());
}
