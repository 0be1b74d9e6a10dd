//! Raw bytes through the whole pipeline: load (as YAML, or as JSON when the first byte is
//! odd) -> lower -> emit -> format. Any input may be rejected with a diagnostic; none may
//! panic, hang or overflow the stack.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let json = selector & 1 == 1;
    let Ok(doc) = codegen::load::load_bytes(bytes, "fuzz.yaml", "fuzz", json) else {
        return;
    };
    let Ok(lowered) = codegen::lower::lower(&doc) else {
        return;
    };
    // Generated code must always print, and parse back: emission builds its trees without
    // parsing, so this is what holds them to Rust's grammar.
    let code = codegen::generate::api_file(&lowered.api);
    if let Err(e) = syn::parse_file(&code) {
        panic!("the generated module does not parse: {e}\n{code}");
    }
});
