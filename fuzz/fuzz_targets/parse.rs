//! The query parser on any text: it never panics nor overflows its stack, a query it
//! parses writes back (`Ast::to_query`) to text that parses to the same query, and the
//! lenient reading never fails.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex_query::{parse, parse_lenient, Occur};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    for default in [Occur::Should, Occur::Must] {
        if let Ok(ast) = parse(input, default) {
            let text = ast.to_query(default);
            let again = parse(&text, default)
                .unwrap_or_else(|e| panic!("{input:?} written as {text:?} fails: {e}"));
            assert_eq!(again, ast, "{input:?} written as {text:?}");
        }
        let _ = parse_lenient(input, default);
    }
});
