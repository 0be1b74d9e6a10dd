//! `multipart/form-data` bodies as the runtime encodes them: one part per property, files with
//! a file name and `application/octet-stream`, a boundary that appears in no part.

use generated::runtime::Multipart;

/// Splits an encoded body into (headers, content) per part, checking the framing.
fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("the content type names the boundary");
    let text = String::from_utf8_lossy(body).into_owned();
    let closing = format!("--{boundary}--\r\n");
    assert!(
        text.ends_with(&closing),
        "the body ends with the closing boundary"
    );
    let inner = &text[..text.len() - closing.len()];
    let delimiter = format!("--{boundary}\r\n");
    assert!(
        inner.starts_with(&delimiter),
        "the body starts with a boundary"
    );
    inner[delimiter.len()..]
        .split(&format!("\r\n{delimiter}"))
        .map(|part| {
            let part = part.strip_suffix("\r\n").unwrap_or(part);
            let (head, content) = part
                .split_once("\r\n\r\n")
                .expect("a blank line ends the part headers");
            (head.to_owned(), content.as_bytes().to_vec())
        })
        .collect()
}

#[test]
fn properties_become_parts_in_order() {
    let mut form = Multipart::new();
    form.text("type", "passport");
    form.text("side", &None::<String>);
    form.text("tags", &vec!["a".to_owned(), "b".to_owned()]);
    form.file("file", b"%PDF-1.7 bytes");
    form.json("location", &serde_json::json!({"country": "GB"}))
        .expect("JSON serialises");
    let (content_type, body) = form.finish();
    let parts = parts(&content_type, &body);
    let heads: Vec<&str> = parts.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Content-Disposition: form-data; name=\"type\"",
            "Content-Disposition: form-data; name=\"tags\"",
            "Content-Disposition: form-data; name=\"tags\"",
            "Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream",
            "Content-Disposition: form-data; name=\"location\"",
        ]
    );
    let contents: Vec<&[u8]> = parts.iter().map(|(_, c)| c.as_slice()).collect();
    assert_eq!(
        contents,
        [
            b"passport".as_slice(),
            b"a",
            b"b",
            b"%PDF-1.7 bytes",
            br#"{"country":"GB"}"#
        ]
    );
}

#[test]
fn fields_of_an_object_and_escaped_names() {
    let mut form = Multipart::new();
    form.fields(&serde_json::json!({"say \"hi\"\r\n": "x", "n": 3, "gone": null}))
        .expect("an object");
    let (content_type, body) = form.finish();
    let parts = parts(&content_type, &body);
    assert_eq!(
        parts,
        [
            (
                "Content-Disposition: form-data; name=\"say %22hi%22%0D%0A\"".to_owned(),
                b"x".to_vec()
            ),
            (
                "Content-Disposition: form-data; name=\"n\"".to_owned(),
                b"3".to_vec()
            ),
        ]
    );
    let mut not_an_object = Multipart::new();
    assert!(not_an_object.fields(&[1, 2]).is_err());
}

#[test]
fn the_boundary_never_occurs_in_a_part() {
    // With the same seed, the first boundary tried is the one a part already contains.
    fastrand::seed(7);
    let (first, _) = Multipart::new().finish();
    let taken = first.rsplit('=').next().expect("a boundary").to_owned();
    fastrand::seed(7);
    let mut form = Multipart::new();
    form.file("file", taken.as_bytes());
    let (content_type, body) = form.finish();
    assert!(
        !content_type.ends_with(&taken),
        "a boundary found in a part is not used"
    );
    let parts = parts(&content_type, &body);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].1, taken.as_bytes());
}
