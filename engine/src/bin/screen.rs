fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(path).unwrap();
    match screening_engine::syntax::parse(&src) {
        Ok((f, d)) => { println!("{} items, {:?}", f.items.len(), d); }
        Err(d) => println!("{:?}", screening_engine::diagnostics::finish(d, &src)),
    }
}
