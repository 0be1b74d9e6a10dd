#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::{Duration, Instant};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let doc = codegen::load::load_bytes(&bytes, "x", "api", path.ends_with(".json")).unwrap();
    let lowered = codegen::lower::lower(&doc).unwrap();
    let index = codegen::emit::Index::new(&lowered.api);
    let pieces = codegen::emit::pieces(&lowered.api, 32);
    let mut acc: std::collections::BTreeMap<&str, (Duration, Duration, Duration, usize, usize)> =
        Default::default();
    for _ in 0..10 {
        for piece in &pieces {
            let kind = match piece {
                codegen::emit::Piece::Types(_) => "types",
                codegen::emit::Piece::Middle => "middle",
                codegen::emit::Piece::Methods(_) => "methods",
                codegen::emit::Piece::Contract => "contract",
            };
            let t = Instant::now();
            let tokens = codegen::emit::emit_piece(&index, piece);
            let e = t.elapsed();
            let n = tokens.clone().into_iter().count();
            let t = Instant::now();
            let file: syn::File = syn::parse2(tokens).unwrap();
            let p = t.elapsed();
            let t = Instant::now();
            let text = prettyplease::unparse(&file);
            let pr = t.elapsed();
            let a = acc.entry(kind).or_default();
            a.0 += e;
            a.1 += p;
            a.2 += pr;
            a.3 += text.lines().count();
            a.4 += n;
        }
    }
    for (k, a) in acc {
        println!(
            "{k}: emit {:.1} parse {:.1} print {:.1} ms, lines {}, top-level tokens {}",
            a.0.as_secs_f64() * 100.0,
            a.1.as_secs_f64() * 100.0,
            a.2.as_secs_f64() * 100.0,
            a.3 / 10,
            a.4 / 10
        );
    }
}
