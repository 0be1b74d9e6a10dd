//! One test per conversion: a small 2.0 document in, the expected 3.0 parts out.
